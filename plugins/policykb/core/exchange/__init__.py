"""Exchange with people and tools: ledgers (CSV/Excel) out and in, YAML writing, downloads, JSON Schema, plan import."""
