"""Pages. Each view checks the rules table, calls a domain function, renders a template."""
