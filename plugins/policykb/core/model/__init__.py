"""Stage 0, the data model: kinds and their fields, entries and the knowledge base, problem reports."""
