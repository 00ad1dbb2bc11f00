"""`role_required` for function views in every app.

    @role_required(*BUREAU)   # a role set from accounts.roles
    def draw_plan(request, pk): ...

Anonymous visitors go to the login page; a logged-in user in another role gets
a 403 page that says which roles may enter (in Chinese, with English beside it).
Superusers act as system admins: a view open to `admin` is open to them, an
inspector's view is not (who enters a result signs it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .roles import check_roles, effective_role

View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    if not roles:
        raise ValueError("role_required needs at least one role")
    allowed = check_roles(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if effective_role(request.user) not in allowed:
                return forbidden(request, allowed)
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapper

    return decorator


def forbidden(request: HttpRequest, allowed: frozenset[Any]) -> HttpResponse:
    names = "、".join(sorted(str(role.label) for role in allowed))
    message = _("您的角色无权访问此页面。可访问的角色：%(roles)s") % {"roles": names}
    return render(request, "403.html", {"exception": message}, status=403)
