"""The workplace frame of the staff pages outside the admin (staff_base.html)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from qualitycert.accounts.roles import may_enter_back_office

from ..tools import BACK_OFFICE_HOME

register = template.Library()


@register.simple_tag(takes_context=True)
def workplace(context: template.Context) -> dict[str, Any]:
    """Where "home" is for the signed-in person: the back office for its
    roles; the front page (which lists each role's tools) for inspectors,
    departments and enterprises, whom the back office turns away."""
    user = context["request"].user
    if may_enter_back_office(user):
        return {"brand": _("滨海新区质量认证监管后台"), "home": BACK_OFFICE_HOME,
                "home_label": _("后台首页")}
    return {"brand": _("滨海新区质量认证监管信息系统"), "home": "/",
            "home_label": _("工作台")}
