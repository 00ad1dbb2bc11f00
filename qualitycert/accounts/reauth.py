"""Re-authentication ("sudo mode") before the steps that cannot be taken back
in public: publishing a credit grading model, committing an inspection plan
(its list hash is published), drawing it, and rotating the signing keys. The
user types the password and a second-factor code again unless they did so
(or signed in) within QC_REAUTH_SECONDS.

    @require_POST
    @role_required(*BUREAU)
    @reauth_required(back=lambda request, pk: reverse("inspections:plan", args=[pk]))
    def plan_commit(request, pk): ...
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

SESSION_KEY = "qc_reauth_at"

View = Callable[..., HttpResponse]


def _clock() -> float:
    return time.time()


def mark(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = int(_clock())


def is_recent(request: HttpRequest) -> bool:
    at = request.session.get(SESSION_KEY)
    return isinstance(at, int) and _clock() - at <= settings.QC_REAUTH_SECONDS


def reauth_required(*, back: Callable[..., str] | None = None) -> Callable[[View], View]:
    """A POST without a recent re-authentication goes to the re-authentication
    page, which returns to `back(request, *args, **kwargs)` (default: the same
    path, for views whose GET shows the form)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and not is_recent(request):
                target = back(request, *args, **kwargs) if back else request.path
                return HttpResponseRedirect(f"{reverse('reauthenticate')}?next={quote(target)}")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class SignerRefused(ValueError):
    """A console command's signer is unknown, not allowed, or gave a wrong code."""


def confirm_signer(username: str, code: str, *, roles: frozenset[Any]) -> Any:
    """The re-authentication of a console command (rotate-signing-key): the
    operator reached the server with its own credentials (SSH); the named
    administrator's current second-factor code confirms who acts. Returns the
    Actor; SignerRefused otherwise (the failure counts towards the lockout)."""
    import django_otp

    from . import lockout, securitylog
    from .actor import Actor, UnknownSigner
    from .roles import effective_role

    try:
        actor = Actor.signer(username)
    except UnknownSigner as exc:
        raise SignerRefused(str(exc)) from None
    if effective_role(actor.user) not in roles:
        raise SignerRefused(f"{username} may not do this")
    if lockout.is_account_locked(username):
        raise SignerRefused(f"{username} is locked after failed attempts")
    token = "".join(code.split()).lower()
    if not token or django_otp.match_token(actor.user, token) is None:
        lockout.register_failure(username, "console")
        securitylog.record(None, securitylog.Event.SECOND_FACTOR_FAILED, user=actor.user,
                           via="console")
        raise SignerRefused("the second-factor code is not correct")
    securitylog.record(None, securitylog.Event.REAUTHENTICATED, user=actor.user, via="console")
    return actor
