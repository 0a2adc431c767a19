"""Choosing contacts: filters, Add/Reduce/Refine, Go Back and saved criteria
(reference section 6)."""
