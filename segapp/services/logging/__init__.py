"""Logging a segment (reference section 7) and the Logged Segments and Interaction Log
Entries windows."""
