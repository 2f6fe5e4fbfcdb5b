"""Account rules beyond Django's: a one-time password given by a manager must be changed at
first login. `require_new_password` sets the flag; `PasswordChangeRequired` (a middleware)
sends a flagged user to the password change page until they have chosen their own."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

from .models import Profile

# Pages a flagged user may still open: changing the password itself, and logging out.
ALLOWED_URL_NAMES = ("password_change", "logout")


def require_new_password(user) -> None:
    Profile.objects.update_or_create(user=user, defaults={"must_change_password": True})


def password_changed(user) -> None:
    Profile.objects.filter(user=user, must_change_password=True).update(must_change_password=False)


def must_change_password(user) -> bool:
    if not user.is_authenticated:
        return False
    return Profile.objects.filter(user=user, must_change_password=True).exists()


class PasswordChangeRequired:
    """Redirects a user who must change their one-time password to the change page.

    The flag is read once per login and kept in the session, so other requests cost no
    query; pages redirect, the API answers 403 with the reason."""

    SESSION_KEY = "newsquotes_must_change_password"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and request.session.get(self.SESSION_KEY):
            allowed = [reverse(name) for name in ALLOWED_URL_NAMES]
            if request.path not in allowed and not request.path.startswith("/static/"):
                if request.path.startswith("/api/"):
                    from django.http import JsonResponse

                    return JsonResponse(
                        {"detail": "change your one-time password first", "field": "password"},
                        status=403,
                    )
                return redirect(f"{reverse('password_change')}?first=1")
        return self.get_response(request)


@receiver(user_logged_in)
def _remember_flag(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        if must_change_password(user):
            request.session[PasswordChangeRequired.SESSION_KEY] = True
        else:
            request.session.pop(PasswordChangeRequired.SESSION_KEY, None)
