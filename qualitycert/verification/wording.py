"""How each certificate state is put to the public, in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StatusWording:
    badge: str | Promise
    meaning: str | Promise
    usable: bool


STATUS_WORDING: dict[str, StatusWording] = {
    "valid": StatusWording(
        _("有效 Valid"),
        _("有效（证书在有效期内，状态正常）Valid: within its period of validity and in good standing."),
        True),
    "suspended": StatusWording(
        _("暂停 Suspended"),
        _("暂停：暂停期间不得使用该证书 Suspended: the certificate may not be used while suspended."),
        False),
    "withdrawn": StatusWording(
        _("撤销 Withdrawn"),
        _("撤销：认证机构已撤销该证书，证书无效 Withdrawn: the body has withdrawn it; it is not valid."),
        False),
    "cancelled": StatusWording(
        _("注销 Cancelled"),
        _("注销：证书已注销，不再有效 Cancelled: the certificate has been cancelled and is no longer valid."),
        False),
    "expired": StatusWording(
        _("过期 Expired"),
        _("过期：证书有效期已满，不再有效 Expired: its period of validity has ended."),
        False),
}


def wording(status: str) -> StatusWording:
    return STATUS_WORDING[status]
