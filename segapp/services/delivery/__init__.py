"""E-mail delivery of interaction log entries (bc-reference.md sections 8.1, 8.3, 8.5, 8.6):
the outbox rows written with the entries, the messages built from each contact's letter, the
transports (SMTP, or a local pickup folder) and the worker that sends them."""
