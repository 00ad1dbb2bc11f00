"""The site's login page (the back office has its own, with the same lockout)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from .forms import LockoutAuthenticationForm


class LoginView(auth_views.LoginView):
    form_class = LockoutAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    # FormView treats PUT as POST; a login form has no business with it.
    http_method_names = ["get", "post", "head", "options"]
