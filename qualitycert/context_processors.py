"""What every page's frame shows: who runs the site and how to reach them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site": {
        "authority": settings.QC_SITE_AUTHORITY,
        "address": settings.QC_SITE_ADDRESS,
        "phone": settings.QC_SITE_PHONE,
        "hotline": settings.QC_SITE_HOTLINE,
        "icp": settings.QC_ICP_RECORD,
        "psb": settings.QC_PSB_RECORD,
    }}
