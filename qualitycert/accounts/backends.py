"""ModelBackend that refuses a locked username+address before checking the
password, so every caller of authenticate() honours the lockout, not only
the login forms. settings.AUTHENTICATION_BACKENDS enables it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from . import lockout


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if username and lockout.is_locked(username, lockout.client_address(request)):
            # PermissionDenied stops authenticate() from trying other backends.
            raise PermissionDenied(str(lockout.LOCKED_MESSAGE))
        return super().authenticate(request, username=username, password=password, **kwargs)
