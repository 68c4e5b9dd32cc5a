"""What a reader sees, in words and numbers: the score card as text, JSON and report views."""
