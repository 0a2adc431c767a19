"""The code tables of Setup, described once and served by one generic list and form."""
