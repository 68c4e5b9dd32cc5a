"""The command-line layer: typer and rich live only here."""
