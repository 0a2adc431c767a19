"""The Segment worksheet: header and line rules (reference sections 3-5) and reading segments."""
