"""Bounds on what a writer may send, so that no field grows without limit.

Time spent is reported by the page (a heartbeat) and by API clients: each report counts at
most `MAX_SECONDS_PER_REPORT`, and an annotation's total never exceeds the wall-clock time
since it was started (or handed out), so repeated reports cannot inflate it.
"""

from django.db.models import F, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Greatest, Least
from django.utils import timezone

MAX_SECONDS_PER_REPORT = 3600
MAX_SKIP_REASON = 2000
MAX_USERNAME = 150
MAX_EMAIL = 254


def time_spent_after(annotation, seconds: int) -> Expression:
    """The new `time_spent`: `seconds` (clamped) more, within the time since the start."""
    seconds = max(0, min(int(seconds), MAX_SECONDS_PER_REPORT))
    began = annotation.started_at or annotation.created_at
    elapsed = int((timezone.now() - began).total_seconds()) + 1 if began else seconds
    # Greatest: a total counted under older rules is kept, never lowered.
    return Greatest(F("time_spent"), Least(F("time_spent") + Value(seconds), Value(elapsed)))
