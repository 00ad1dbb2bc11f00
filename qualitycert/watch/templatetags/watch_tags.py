"""`{% watch_button cert %}` / `{% watch_button enterprise=e %}`: the 关注 Watch
button for signed-in users (nothing for anonymous visitors, so public pages
stay the same for them)."""

from __future__ import annotations

from typing import Any

from django import template

from qualitycert.watch import actions as watchlists

register = template.Library()


@register.inclusion_tag("watch/_watch_button.html", takes_context=True)
def watch_button(context: Any, certificate: Any = None, enterprise: Any = None) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    existing = watchlists.existing_watch(user, certificate=certificate, enterprise=enterprise)
    return {"show": True, "certificate": certificate, "enterprise": enterprise,
            "existing": existing, "next": request.get_full_path(),
            "csrf_token": context.get("csrf_token")}
