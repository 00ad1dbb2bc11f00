"""The verification app's own section of the enterprise profile: its certificates."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qualitycert.registry.models import Enterprise

from . import queries
from .sections import ProfileSection, register_profile_section
from .wording import wording


def certificates_section(enterprise: Enterprise, request: HttpRequest | None
                         ) -> ProfileSection:
    pairs = queries.certificates_of(enterprise)
    counts = [(status, wording(status).badge, n)
              for status, n in queries.status_counts(pairs).items() if n]
    return ProfileSection(
        title=str(_("认证证书 Certificates")),
        template="verification/sections/certificates.html",
        context={"rows": [(cert, status, wording(status)) for cert, status in pairs],
                 "counts": counts},
    )


def register() -> None:
    register_profile_section("certificates", certificates_section, order=10)
