"""Jinja: reports (Markdown, HTML) and the static site."""
