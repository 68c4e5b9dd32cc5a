"""What the commands do, beside reading: new, archive, schemas, status, history, validation."""
