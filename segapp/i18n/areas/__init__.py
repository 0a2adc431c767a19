"""Message catalogues of one area of the app each: a module here defines ``EN`` and ``FR``
dictionaries with the same keys, merged into the main catalogues at import."""
