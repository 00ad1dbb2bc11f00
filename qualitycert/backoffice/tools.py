"""The staff tools a signed-in person may open, for the front page and the
back-office home alike: one list, one role filter, so neither page offers a
door that answers 403 and the two never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import effective_role, may_enter_back_office

BACK_OFFICE_HOME = "/admin/"


@dataclass(frozen=True)
class StaffTool:
    url: str
    label: Promise
    # A back-office list: shown to whoever that model's admin lets view it.
    model: str = ""
    # A page every signed-in person may open (it explains itself to the others)
    # but that only these roles have work on.
    meant_for: frozenset[Role] = frozenset()


# In the order a person looks for them. A page of the site is shown to the
# roles its view lets in (the view's own `role_required` roles).
STAFF_TOOLS = [
    # Shown only to those who may enter (bureau, bodies, labs, the security
    # roles), so the label need not say whom it is for (a lab's staff read
    # "局工作人员、认证机构" as "not us").
    StaffTool(BACK_OFFICE_HOME, _("后台管理")),
    StaffTool("/registry/import/", _("数据导入")),
    StaffTool("/inspections/", _("双随机抽查")),
    StaffTool("/inspections/my/", _("我的检查任务（执法人员）"),
              meant_for=frozenset({Role.INSPECTOR})),
    StaffTool("/plan/", _("重点任务督办与目标")),
    StaffTool("/catalog/", _("产品质量监管")),
    StaffTool("/catalog/my/declarations/", _("我的自我声明")),
    StaffTool("/credit/", _("企业质量信用")),
    StaffTool("/credit/my/", _("我的质量档案")),
    StaffTool("/catalog/lab/samples/", _("承检样品")),
    StaffTool("/plan/reports/", _("本单位进展报告")),
    StaffTool("/programmes/training/", _("培训登记")),
    StaffTool("/reports/", _("年度分析报告")),
    StaffTool("/admin/verification/forgeryreport/", _("伪造证书举报处理"),
              model="verification.forgeryreport"),
    StaffTool("/watch/", _("我的关注")),
]


def _may_open(request: HttpRequest, tool: StaffTool) -> bool:
    if tool.url == BACK_OFFICE_HOME:
        return may_enter_back_office(request.user)
    if tool.meant_for and effective_role(request.user) not in tool.meant_for:
        return False
    if tool.model:
        model_admin = admin.site.get_model_admin(apps.get_model(tool.model))
        return may_enter_back_office(request.user) and bool(
            model_admin.has_view_permission(request))
    try:
        allowed = getattr(resolve(tool.url).func, "allowed_roles", None)
    except Resolver404:  # an app left out of this deployment's URLs
        return False
    if allowed is None:  # open to anyone signed in
        return True
    return effective_role(request.user) in allowed


def staff_tools(request: HttpRequest, *, back_office: bool = True) -> list[tuple[str, str]]:
    """(url, label) of each tool the signed-in user may open; `back_office=False`
    leaves out the back-office home itself (for the page that is that home)."""
    if not request.user.is_authenticated:
        return []
    return [(tool.url, str(tool.label)) for tool in STAFF_TOOLS
            if (back_office or tool.url != BACK_OFFICE_HOME) and _may_open(request, tool)]
