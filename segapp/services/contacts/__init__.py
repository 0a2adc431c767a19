"""Contacts: the list, the card's rules (reference section 2) and CSV import/export."""
