"""A small catalogue with a history, labs, and helpers for CCC certificates.

The catalogue (dates are the demo's, shaped like the published ones):

- 0501 电钻: third-party certification from 2002-05-01, self-declaration
  (any lab) from 2019-10-17;
- 0302 低压元器件: certification from 2002-05-01, self-declaration with a
  designated lab from 2019-10-17;
- 0301 低压成套开关设备: certification from 2002-05-01, unchanged;
- 1601 调制解调器: certification from 2002-05-01, removed from 2019-10-17;
- 2301 防爆电机: moved in from the production licence on 2019-10-01, with a
  transition deadline of 2020-10-01.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from qualitycert.testing.actors import as_actor

from .builders import FIRST, LICENCE_DEADLINE, LICENCE_IN, MOVE, small_catalogue

__all__ = ["FIRST", "LICENCE_DEADLINE", "LICENCE_IN", "MOVE"]


@pytest.fixture
def catalogue(db) -> dict[str, Any]:
    return small_catalogue()


@pytest.fixture
def lab(db) -> Any:
    from qualitycert.registry.models import Lab

    return Lab.objects.create(cma_number="241212340123", name="天津滨海检验检测中心")


@pytest.fixture
def other_lab(db) -> Any:
    from qualitycert.registry.models import Lab

    return Lab.objects.create(cma_number="241212340456", name="天津市产品质量监督检测技术研究院")


@pytest.fixture
def designated_lab(db, catalogue) -> Any:
    from qualitycert.registry.models import Lab

    designated = Lab.objects.create(cma_number="231100340789", name="国家低压电器质量检验检测中心")
    catalogue["categories"]["0302"].designated_labs.add(designated)
    return designated


@pytest.fixture
def lab_user(lab) -> Any:
    from qualitycert.accounts.models import User

    return User.objects.create_user(username="lab_user", password="x" * 12, role="lab_operator",
                                    lab=lab, first_name="陈检验")


@pytest.fixture
def other_lab_user(other_lab) -> Any:
    from qualitycert.accounts.models import User

    return User.objects.create_user(username="other_lab", password="x" * 12,
                                    role="lab_operator", lab=other_lab)


@pytest.fixture
def other_enterprise_user(db) -> Any:
    from qualitycert.accounts.models import User
    from qualitycert.testing.factories import make_enterprise

    return User.objects.create_user(username="other_ent", password="x" * 12, role="enterprise",
                                    enterprise=make_enterprise("另一家制造有限公司"))


@pytest.fixture
def ccc_certificate(issue, body_a, supervisor) -> Callable[..., Any]:
    """Issue a CCC certificate through the real action and link it to a category."""
    from qualitycert.catalog.actions import link_certificate

    serial = iter(range(1, 10_000))

    def make(holder: Any, category: Any, *, issued_on: dt.date = dt.date(2021, 1, 10),
             years: int = 5) -> Any:
        cert = issue(body_a, holder, f"202001{category.code}{next(serial):06d}",
                     scheme="CCC", issued_on=issued_on, years=years)
        link_certificate(cert, category, actor=as_actor(supervisor))
        return cert
    return make


@pytest.fixture
def declare(enterprise_user, lab) -> Callable[..., Any]:
    """File a declaration for the enterprise user's enterprise."""
    from qualitycert.catalog.actions import file_declaration

    def make(category: Any, *, declared_on: dt.date = dt.date(2025, 3, 1), **extra: Any) -> Any:
        fields = {"product": "手持式电钻", "models": ["Z1J-10", "Z1J-13"], "lab": lab,
                  "report_number": f"T-{declared_on.isoformat()}-{category.code}",
                  "report_date": declared_on - dt.timedelta(days=10), **extra}
        return file_declaration(enterprise=enterprise_user.enterprise, category=category,
                                declared_on=declared_on, actor=as_actor(enterprise_user), **fields)
    return make
