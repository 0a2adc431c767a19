"""HTTP routes of the backend next to Reflex's own (downloads of generated files)."""
