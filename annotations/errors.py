"""The error a capability raises for input the user can fix: its message says what is wrong
and `field` names where (a form field, an API key, `mentions[2].end`, …)."""


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
