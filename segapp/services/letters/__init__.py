"""Word letters: the merge engine, stored documents, per-line letters and previews
(reference section 8)."""
