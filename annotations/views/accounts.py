"""Your own account: change your password (forced after a one-time password), and reset a
forgotten one by email. Django's auth views do the work; these wire in our rule and pages."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from .. import accounts


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["forced"] = bool(
            self.request.session.get(accounts.PasswordChangeRequired.SESSION_KEY)
        )
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(self.request.user)
        self.request.session.pop(accounts.PasswordChangeRequired.SESSION_KEY, None)
        messages.success(self.request, "Your password was changed.")
        return response


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """A reset by email also clears a pending one-time password."""

    def form_valid(self, form):
        response = super().form_valid(form)
        accounts.password_changed(form.user)
        return response


def _public(view):
    return login_not_required(view)


urlpatterns = [
    path("password/", PasswordChange.as_view(), name="password_change"),
    path(
        "password/reset/",
        _public(
            auth_views.PasswordResetView.as_view(success_url=reverse_lazy("password_reset_done"))
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        _public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        _public(PasswordResetConfirm.as_view(success_url=reverse_lazy("password_reset_complete"))),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        _public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
