"""A small catalogue with a history, for the catalog's tests and for other
apps' tests that need one (inspections, procurement). See conftest.py for
what it holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

FIRST = dt.date(2002, 5, 1)
MOVE = dt.date(2019, 10, 17)
LICENCE_IN = dt.date(2019, 10, 1)
LICENCE_DEADLINE = dt.date(2020, 10, 1)


def small_catalogue() -> dict[str, Any]:
    from qualitycert.catalog.models import (
        Announcement,
        CategoryChange,
        ProductCategory,
        ProductGroup,
    )

    first = Announcement.objects.create(number="2001年第33号", title="第一批实施强制性产品认证的产品目录",
                                        issuer="国家质检总局 国家认监委",
                                        published_on=dt.date(2001, 12, 3))
    move = Announcement.objects.create(number="2019年第44号", title="关于调整完善强制性产品认证目录和实施要求的公告",
                                       issuer="市场监管总局", published_on=MOVE)
    licence = Announcement.objects.create(
        number="2019年第34号", title="关于防爆电气等产品由生产许可转为强制性产品认证管理实施要求的公告",
        issuer="市场监管总局", published_on=dt.date(2019, 7, 10))
    groups = {code: ProductGroup.objects.create(code=code, name=name, position=int(code))
              for code, name in [("03", "低压电器"), ("05", "电动工具"), ("08", "电子产品及安全附件"),
                                 ("16", "防爆电气")]}
    cats = {}
    for code, name, group in [("0301", "低压成套开关设备", "03"), ("0302", "低压元器件", "03"),
                              ("0501", "电钻", "05"), ("1601", "调制解调器", "08"),
                              ("2301", "防爆电机", "16")]:
        cats[code] = ProductCategory.objects.create(code=code, name=name, group=groups[group])

    def change(code: str, day: dt.date, route: str, risk: str, ann: Any, **extra: Any) -> None:
        CategoryChange.objects.create(category=cats[code], effective_from=day, route=route,
                                      risk_level=risk, standards=[f"GB {code}-标准"],
                                      announcement=ann, **extra)

    for code in ("0301", "0302", "0501", "1601"):
        change(code, FIRST, "certification", "high", first)
    change("0501", MOVE, "self_declaration", "low", move)
    change("0302", MOVE, "self_declaration_designated", "medium", move)
    change("1601", MOVE, "removed", "low", move)
    change("2301", LICENCE_IN, "certification", "high", licence, from_production_licence=True,
           transition_deadline=LICENCE_DEADLINE)
    return {"categories": cats, "announcements": {"first": first, "move": move,
                                                  "licence": licence}}
