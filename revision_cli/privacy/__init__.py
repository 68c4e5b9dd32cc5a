"""Personal data in free text, and which texts a report may print."""
