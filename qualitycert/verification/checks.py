"""System checks for what the public side prints: a QR code on paper lives for
years, so the host in it must be the bureau's public one, never the local
default that `make run` uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

# Hosts that mean "this machine" (0.0.0.0 included: a bind address, never a public host).
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "0.0.0.0", ""})  # noqa: S104 # nosec B104 # a host we refuse, not one we bind


@checks.register(checks.Tags.security, deploy=False)
def public_base_url_check(app_configs: Sequence[AppConfig] | None = None,
                          **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.PRODUCTION:
        return []
    url = urlsplit(settings.PUBLIC_BASE_URL)
    if url.hostname in LOCAL_HOSTS or url.hostname is None:
        return [checks.Error(
            f"QC_PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL!r}: QR codes and verification "
            "links would point at this machine, not the bureau's public site.",
            hint="Set QC_PUBLIC_BASE_URL to the public https:// address, e.g. "
                 "https://rz.example.gov.cn, when QC_PRODUCTION=1.",
            id="qualitycert.E101")]
    if url.scheme != "https":
        return [checks.Error(
            f"QC_PUBLIC_BASE_URL is {settings.PUBLIC_BASE_URL!r}: printed links must use https.",
            hint="Use the https:// address of the public site.", id="qualitycert.E102")]
    return []
