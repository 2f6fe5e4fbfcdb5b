"""The errors a user can fix, in one family.

`FieldError(field, message)` is the root of every error a capability raises for input the
user can fix: its message says what is wrong and `field` names where (a form field, an API
key, `mentions[2].end`, a command option, …). The API answers it with 400
(`api/exceptions.py`), the pages with 400 and the message (`views/decorators.py`).

`StaleVersion` lives beside it: the writer saw an older version of an annotation than the
one stored, so nothing changed (409 on both interfaces).
"""

from dataclasses import dataclass


class FieldError(ValueError):
    """Input the user can fix; `field` names it, `str(error)` says what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class StaleVersion(Exception):
    """The writer saw an older version of the annotation than the one stored (HTTP 409)."""

    expected: int
    current: int

    def __str__(self) -> str:
        return (
            f"this annotation changed elsewhere (you had version {self.expected}, it is now "
            f"version {self.current}): reload to see the latest and redo your change"
        )
