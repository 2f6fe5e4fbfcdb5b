"""Login throttling: django-axes counts failed logins per username and per address and locks
both for a while (settings `AXES_*`, from LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES).
axes logs each failure and each lockout (logger `axes`).

API tokens do not go through `authenticate()`, so they are never throttled.
"""

import logging

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

log = logging.getLogger(__name__)


class LoginThrottle(AxesStandaloneBackend):
    """axes' check for logins that come with a request (the login page, the admin).

    `authenticate()` without a request (a script, a management command, the test client's
    `login`) has no address to count, so it is left to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_address(request) -> str | None:
    """The address logins are counted under: REMOTE_ADDR, or behind TRUSTED_PROXIES proxies
    the address the outermost of them saw (X-Forwarded-For, counted from the right, as
    only our own proxies' entries can be trusted)."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """The lockout page (HTTP 429): what happened, for how long, and what to do."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    log.warning("login locked: username %r from %s", username[:150], client_address(request))
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
        "username": username[:150],
    }
    return render(request, "registration/locked_out.html", context, status=429)
