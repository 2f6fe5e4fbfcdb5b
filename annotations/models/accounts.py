"""What the app keeps about a user beyond Django's own account."""

from django.conf import settings
from django.db import models


class Profile(models.Model):
    """Account flags; a user without a row has none of them set."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    must_change_password = models.BooleanField(
        default=False,
        help_text="Set when a manager gave a one-time password; cleared when the user changes it.",
    )

    def __str__(self) -> str:
        return f"profile of {self.user}"
