"""Performance cases: each measures the project's code against a hand-written baseline in the
same run and prints one line per case and database. Run with ``make bench``."""
