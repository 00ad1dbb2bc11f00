"""Login forms that honour the lockout, and the back office's user forms."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    AuthenticationForm,
    UserChangeForm,
    UsernameField,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import lockout
from .models import Role, User
from .roles import BACK_OFFICE_ROLES, needs_second_factor


class LockoutMixin:
    """Say plainly that a username+address is locked. The refusal itself is
    LockoutModelBackend's, before the password is checked (every caller of
    authenticate() honours it); the form only turns it into the message."""

    request: Any
    user_cache: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        address = lockout.client_address(self.request)
        try:
            return super().clean()  # type: ignore[misc]
        except ValidationError:
            # A locked pair, or this attempt's failure (counted by the
            # user_login_failed signal) locked it.
            if username and self.user_cache is None and lockout.is_locked(username, address):
                raise ValidationError(lockout.LOCKED_MESSAGE, code="locked") from None
            raise


class LockoutAuthenticationForm(LockoutMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确（区分大小写）。"),
        "inactive": _("该账号已停用。"),
    }


class BackOfficeAuthenticationForm(LockoutMixin, AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "not_back_office": _("该账号的角色不能进入后台。"),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user.is_superuser and user.role not in BACK_OFFICE_ROLES:
            raise ValidationError(self.error_messages["not_back_office"], code="not_back_office")


class StaffRoleMixin:
    """Only back-office roles may be staff: an inspector or an enterprise user
    with is_staff set would pass Django's own admin check."""

    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        role, is_staff = cleaned.get("role"), cleaned.get("is_staff")
        is_superuser = cleaned.get("is_superuser")
        if role and is_staff and not is_superuser and Role(role) not in BACK_OFFICE_ROLES:
            self.add_error("is_staff",  # type: ignore[attr-defined]
                           _("该角色不能进入后台，请取消“职员状态”。"))
        return cleaned


class UserAddForm(StaffRoleMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("username", "role", "body", "lab", "enterprise", "department", "is_staff")
        field_classes = {"username": UsernameField}


class UserEditForm(StaffRoleMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}



class SecondFactorForm(forms.Form):
    """Six digits from the authenticator app, or one recovery code."""

    token = forms.CharField(label=_("验证码"), max_length=16, strip=True,
                            widget=forms.TextInput(attrs={
                                "autocomplete": "one-time-code", "autofocus": True,
                                "inputmode": "text", "spellcheck": "false"}))

    def clean_token(self) -> str:
        token = "".join(str(self.cleaned_data["token"]).split()).lower()
        if not token.isalnum():
            raise ValidationError(_("验证码只含数字或字母。"), code="format")
        return token


class ReauthForm(forms.Form):
    """The password, and a second-factor code for roles that have one. Each
    failure counts towards the account's lockout, like a failed login."""

    password = forms.CharField(label=_("密码"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, user: Any, address: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.address = address
        if needs_second_factor(user):
            self.fields["token"] = copy.deepcopy(SecondFactorForm.base_fields["token"])

    def clean(self) -> dict[str, Any]:
        import django_otp

        cleaned = super().clean() or {}
        username = self.user.get_username()
        if lockout.is_account_locked(username):
            raise ValidationError(lockout.LOCKED_MESSAGE, code="locked")
        ok = self.user.check_password(cleaned.get("password") or "")
        if ok and "token" in self.fields:
            token = "".join(str(cleaned.get("token") or "").split()).lower()
            ok = django_otp.match_token(self.user, token) is not None
        if not ok:
            lockout.register_failure(username, self.address)
            raise ValidationError(_("密码或验证码不正确。"), code="invalid")
        return cleaned
