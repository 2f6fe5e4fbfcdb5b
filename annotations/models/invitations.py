"""Invitations of existing accounts: a manager names a username and a role; the account joins
the project only when its user accepts. Stored by username, so that inviting a name reveals
nothing about whether an account of that name exists."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .core import Project, Role


class ProjectInvitation(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ANNOTATOR)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "username"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "username"], name="invitation_one_per_username"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.username} invited to {self.project} as {self.role}"
