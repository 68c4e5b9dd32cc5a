"""PRODUCT.md §4 as exact arithmetic: answers → shares → colours, groups and protection. No I/O."""
