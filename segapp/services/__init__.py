"""Business rules in plain Python: no Reflex here. Each function takes a SQLModel session and
leaves committing to the caller, so that one user action is one transaction."""
