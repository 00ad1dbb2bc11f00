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
        _("有效"),
        _("有效（证书在有效期内，状态正常）"),
        True),
    "suspended": StatusWording(
        _("暂停"),
        _("暂停：暂停期间不得使用该证书"),
        False),
    "withdrawn": StatusWording(
        _("撤销"),
        _("撤销：认证机构已撤销该证书，证书无效"),
        False),
    "cancelled": StatusWording(
        _("注销"),
        _("注销：证书已注销，不再有效"),
        False),
    "expired": StatusWording(
        _("过期"),
        _("过期：证书有效期已满，不再有效"),
        False),
}


def wording(status: str) -> StatusWording:
    return STATUS_WORDING[status]
