"""Mount before django.contrib.auth.urls so /accounts/login/ uses the lockout form:

    path("accounts/", include("qualitycert.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
"""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
]
