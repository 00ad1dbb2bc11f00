"""The 关注 Watch button on the enterprise profile, as a profile section shown
only to signed-in users (anonymous visitors see the profile unchanged)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qualitycert.registry.models import Enterprise

from .sections import ProfileSection, register_profile_section


def watch_section(enterprise: Enterprise, request: HttpRequest | None) -> ProfileSection | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return ProfileSection(title=str(_("关注 Watch")), template="verification/sections/watch.html")


def register() -> None:
    # Before the certificates (order 10): the button belongs at the top.
    register_profile_section("watch", watch_section, order=5)
