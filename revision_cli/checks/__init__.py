"""Rules the models alone cannot express: in a battery, across an audit's files."""
