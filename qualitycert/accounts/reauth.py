"""Re-authentication ("sudo mode") before the steps that cannot be taken back
in public: committing an inspection plan (its list hash is published),
drawing it, and rotating the signing keys. The user types the password and a
second-factor code again unless they did so (or signed in) within
QC_REAUTH_SECONDS.

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
