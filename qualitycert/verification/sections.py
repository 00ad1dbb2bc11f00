"""The enterprise public profile (/e/<uscc>/) is a list of sections, and other
apps add their own: the inspections app its published 双随机 results, the
credit app its dishonesty-list entries. An app registers in its AppConfig.ready():

    from qualitycert.verification.sections import ProfileSection, register_profile_section

    def published_results(enterprise, request):
        rows = queries.published_results_for(enterprise)   # public data only
        if not rows:
            return None                                      # no empty headings
        return ProfileSection(title=_("抽查结果 Inspection results"),
                              template="inspections/public_results.html",
                              context={"rows": rows})

    register_profile_section("inspection_results", published_results, order=20)

A builder must return only what law makes public (DESIGN.md J4): the profile
is anonymous. Its template is included with the section's context plus
`enterprise`, and autoescapes like every other template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from qualitycert.registry.models import Enterprise


@dataclass(frozen=True)
class ProfileSection:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    order: int = 100


SectionBuilder = Callable[[Enterprise, HttpRequest | None], ProfileSection | None]

_builders: dict[str, tuple[int, SectionBuilder]] = {}


def register_profile_section(key: str, builder: SectionBuilder, *, order: int = 100) -> None:
    """Register (or replace, so reloading an app is harmless) a section builder."""
    _builders[key] = (order, builder)


def unregister_profile_section(key: str) -> None:
    _builders.pop(key, None)


def sections_for(enterprise: Enterprise, request: HttpRequest | None = None
                 ) -> list[ProfileSection]:
    built = []
    for key, (order, builder) in sorted(_builders.items(), key=lambda item: (item[1][0], item[0])):
        section = builder(enterprise, request)
        if section is not None:
            built.append(ProfileSection(section.title, section.template, section.context,
                                        key=key, order=order))
    return built
