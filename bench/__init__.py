"""Performance cases: each measures the project's code against a hand-written baseline in the
same run and prints one line per case and database. Run with ``make bench``."""

import os as _os
import tempfile as _tempfile

# The delivery task queue of a bench run is its own, never the developer's (the task module
# opens it when first imported, which importing the cases does).
_os.environ.setdefault(
    "SEGAPP_QUEUE_PATH", _os.path.join(_tempfile.mkdtemp(prefix="segapp-bench-queue-"), "q.db")
)
