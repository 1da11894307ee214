"""Stage 1, load: read data/ YAML with line numbers into entries, assign ids, lint them, date them from git."""
