"""Registry rows the browser tests share, made through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

PASSWORD = "watch-the-supplier-1"


def registry() -> dict[str, Any]:
    from qualitycert.accounts.actor import Actor
    from qualitycert.accounts.models import User
    from qualitycert.registry import actions
    from qualitycert.registry.models import Decision, Scheme
    from qualitycert.testing.factories import make_body, make_enterprise

    staff = User.objects.create_user(username="clerk", password=PASSWORD, role="supervisor")
    body = make_body("CNCA-R-2002-001", "甲认证有限公司", schemes=["ISO9001", "ISO14001"])
    holder = make_enterprise("天津滨海测试制造有限公司")
    scheme = Scheme.objects.get(code="ISO9001")

    def issue(number: str) -> Any:
        return actions.issue_certificate(
            number=number, body=body, holder=holder, scheme=scheme,
            issued_on=dt.date(2025, 1, 10), expires_on=dt.date(2028, 1, 9), actor=Actor.of(staff),
            scope="精密机械零部件的设计和生产")

    valid = issue("00125Q10001R0M")
    withdrawn = issue("00125Q10002R0M")
    return {"staff": staff, "body": body, "holder": holder, "valid": valid,
            "withdrawn": withdrawn, "withdraw": lambda: actions.withdraw_certificate(
                withdrawn, reason="严重不符合认证要求", actor=Actor.of(staff),
                decision=Decision("津滨市监认决〔2025〕7号", dt.date(2025, 6, 1)))}


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"))
