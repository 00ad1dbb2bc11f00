"""Write the security log: one call per event, from the views, signals and
actions that see it happen. Viewable by the security and audit
administrators in the back office (roles.SECURITY_LOG_READERS)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from .lockout import client_address
from .models import SecurityEvent

Event = SecurityEvent.Kind


def record(request: HttpRequest | None, kind: str, *, user: Any = None, username: str = "",
           actor: Any = None, **detail: Any) -> SecurityEvent:
    if user is not None and getattr(user, "is_authenticated", False):
        username = username or user.get_username()
        user_id = user.pk
    else:
        user_id = None
    return SecurityEvent.objects.create(
        at=timezone.now(), kind=kind, username=str(username)[:150], user_id_at_time=user_id,
        actor=(actor.get_username() if hasattr(actor, "get_username") else str(actor or ""))[:150],
        address=client_address(request) if request is not None else "",
        detail={key: value for key, value in detail.items() if value is not None})


def on_login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None,
                    **kwargs: Any) -> None:
    record(request, Event.LOGIN_FAILED, username=str(credentials.get("username") or ""))


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    from .middleware import mark_login
    from .roles import needs_second_factor

    if request is not None and hasattr(request, "session"):
        mark_login(request)
    # A staff login is complete only after its second factor (views._complete).
    record(request, Event.PASSWORD_OK if needs_second_factor(user) else Event.LOGIN, user=user)


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(request, Event.LOGOUT, user=user)
