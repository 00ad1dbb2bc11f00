"""Mount before django.contrib.auth.urls so /accounts/login/ uses the lockout form:

    path("accounts/", include("qualitycert.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
"""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("reauth/", views.reauthenticate, name="reauthenticate"),
    # Everything under 2fa/ is reachable before the second factor is passed
    # (middleware.OPEN_PREFIXES); each view checks what it may show.
    path("2fa/", views.second_factor, name="second_factor"),
    path("2fa/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("2fa/setup/qr.svg", views.second_factor_qr, name="second_factor_qr"),
    path("2fa/recovery/", views.recovery_codes, name="recovery_codes"),
]
