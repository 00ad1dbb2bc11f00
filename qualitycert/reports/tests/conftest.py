"""A small registry whose figures for 2025 (and 2024) are known by hand, built
through the real lifecycle actions so every certificate has its history."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from qualitycert.registry import actions
from qualitycert.registry.models import Certificate, CertificateStatus, Scheme
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.testing.factories import make_body, make_enterprise

YEAR = 2025
D = dt.date(2025, 12, 31)
D_PREV = dt.date(2024, 12, 31)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the process-wide cache; the database rolls
    back after each test, the cache does not."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_data_dir(settings, tmp_path):
    settings.QC_OPEN_DATA_DIR = str(tmp_path / "open-data")
    return tmp_path / "open-data"


@pytest.fixture
def registry(issue, body_a, body_b, supervisor):
    """Certificates named by what happens to them; `valid_2025` / `valid_2024`
    list the ones valid on each year's end."""
    manufacturer = make_enterprise("滨海精密制造有限公司", industry_code="C3411")
    shop = make_enterprise("滨海商贸有限公司", industry_code="F5123")
    nocode = make_enterprise("未填行业有限公司", industry_code="")
    digits = make_enterprise("只有数字代码有限公司", industry_code="3411")
    on = dt.date
    c = {}
    c["plain"] = issue(body_a, manufacturer, "PLAIN-1", issued_on=on(2024, 3, 1))
    c["second_of_holder"] = issue(body_a, manufacturer, "ENV-1", scheme="ISO14001",
                                  issued_on=on(2024, 4, 1))
    c["new_2025"] = issue(body_b, shop, "NEW-2025", issued_on=on(2025, 2, 1))
    c["food"] = issue(body_b, nocode, "HACCP-1", scheme="HACCP", issued_on=on(2023, 5, 1))
    c["product"] = issue(body_a, digits, "CCC-1", scheme="CCC", issued_on=on(2023, 7, 1), years=5)
    c["suspended_2025"] = issue(body_a, shop, "SUSP-1", issued_on=on(2023, 1, 10))
    actions.suspend_certificate(c["suspended_2025"], reason="未按期监督审核", actor=as_actor(supervisor),
                                on=on(2025, 6, 1), decision=any_decision())
    c["restored_2024"] = issue(body_b, nocode, "REST-1", issued_on=on(2023, 1, 10))
    actions.suspend_certificate(c["restored_2024"], reason="整改", actor=as_actor(supervisor),
                                on=on(2024, 5, 1), decision=any_decision())
    actions.restore_certificate(c["restored_2024"], reason="整改完成", actor=as_actor(supervisor),
                                on=on(2024, 8, 1))
    c["withdrawn_2026"] = issue(body_a, shop, "WD-2026", scheme="GBT27922",
                                issued_on=on(2023, 1, 10))
    actions.withdraw_certificate(c["withdrawn_2026"], reason="严重不符合", actor=as_actor(supervisor),
                                 on=on(2026, 1, 5), decision=any_decision())
    c["renewed_2025"] = issue(body_a, digits, "RENEW-1", issued_on=on(2022, 1, 15))
    actions.renew_certificate(c["renewed_2025"], issued_on=on(2025, 1, 10),
                              expires_on=on(2028, 1, 9), actor=as_actor(supervisor))
    c["expired_2024"] = issue(body_b, shop, "EXP-1", issued_on=on(2021, 6, 1))
    actions.expire_certificate(c["expired_2024"], actor=as_actor(supervisor), on=on(2024, 6, 1))
    # The daily expiry job has not run for this one: its dates alone end it.
    c["lapsed_unrecorded"] = issue(body_a, manufacturer, "LAPSE-1", scheme="ISO45001",
                                   issued_on=on(2022, 7, 1))
    # The expiry job ran late, after the year's end.
    c["expired_late"] = issue(body_b, nocode, "LATE-1", issued_on=on(2022, 12, 21))
    actions.expire_certificate(c["expired_late"], actor=as_actor(supervisor), on=on(2026, 1, 3))
    c["withdrawn_on_d"] = issue(body_b, manufacturer, "WD-D", issued_on=on(2024, 2, 1))
    actions.withdraw_certificate(c["withdrawn_on_d"], reason="撤销", actor=as_actor(supervisor), on=D, decision=any_decision())
    c["future"] = issue(body_a, shop, "FUTURE-1", issued_on=on(2026, 1, 5))
    # Imported without any history: withdrawn since March 2025.
    c["imported"] = Certificate.objects.create(
        number="IMP-1", body=body_b, holder=digits, scheme=Scheme.objects.get(code="ISO9001"),
        issued_on=on(2023, 1, 1), expires_on=on(2025, 12, 31),
        status=CertificateStatus.WITHDRAWN, status_changed_on=on(2025, 3, 1))
    valid_2025 = {"plain", "second_of_holder", "new_2025", "food", "product", "restored_2024",
                  "withdrawn_2026", "renewed_2025"}
    valid_2024 = {"plain", "second_of_holder", "food", "product", "suspended_2025",
                  "restored_2024", "withdrawn_2026", "renewed_2025", "lapsed_unrecorded",
                  "expired_late", "withdrawn_on_d", "imported"}
    return SimpleNamespace(certs=c, valid_2025=valid_2025, valid_2024=valid_2024,
                           enterprises=SimpleNamespace(manufacturer=manufacturer, shop=shop,
                                                       nocode=nocode, digits=digits))


@pytest.fixture
def hostile_body():
    """A body and holder whose names try to break out of HTML and spreadsheets."""
    body = make_body("CNCA-R-2010-066", "<script>alert('x')</script>认证公司",
                     schemes=["ISO9001"])
    holder = make_enterprise("=HYPERLINK(\"http://evil\")有限公司", industry_code="C1234")
    return body, holder
