import datetime as dt

import pytest
from django.core.management import call_command

from qualitycert.registry import actions
from qualitycert.registry.models import BodySchemeApproval, LegalStatus
from qualitycert.registry.queries import anomalies
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.testing.factories import make_body, make_enterprise

ON = dt.date(2026, 6, 30)


@pytest.fixture
def planted(issue, body_a, supervisor):
    """One certificate per anomaly kind, plus a healthy one that must not show."""
    healthy = issue(body_a, make_enterprise(), "OK-1", issued_on=dt.date(2025, 12, 1))
    overdue = issue(body_a, make_enterprise(), "OVERDUE-1", issued_on=dt.date(2024, 3, 1))
    watched = issue(body_a, make_enterprise(), "WATCHED-1", issued_on=dt.date(2024, 3, 1))
    actions.record_surveillance(watched, audited_on=dt.date(2026, 2, 1), actor=as_actor(supervisor))
    suspended = issue(body_a, make_enterprise(), "SUSP-1", issued_on=dt.date(2025, 9, 1))
    actions.suspend_certificate(suspended, reason="x", actor=as_actor(supervisor), on=dt.date(2025, 11, 1), decision=any_decision())
    gone_holder = make_enterprise(legal_status=LegalStatus.REVOKED)
    gone = issue(body_a, gone_holder, "GONE-1", issued_on=dt.date(2025, 12, 1))
    # body_a is not approved for HACCP at all.
    unapproved = issue(body_a, make_enterprise(), "HACCP-1", scheme="HACCP",
                       issued_on=dt.date(2025, 12, 1))
    lapsed_body = make_body("CNCA-R-2015-077", "已失效认证公司", schemes=["ISO9001"],
                            approval_valid_until=dt.date(2025, 6, 30))
    BodySchemeApproval.objects.filter(body=lapsed_body).update(valid_until=None)
    lapsed = issue(lapsed_body, make_enterprise(), "LAPSED-1", issued_on=dt.date(2025, 12, 1))
    return {"healthy": healthy, "surveillance_overdue": overdue, "watched": watched,
            "suspended_too_long": suspended, "holder_gone": gone,
            "scheme_not_approved": unapproved, "body_approval_lapsed": lapsed}


def test_each_anomaly_kind_is_found(planted):
    found = {kind.code: {c.number for c in qs} for kind, qs in anomalies(ON)}
    for code in ["surveillance_overdue", "suspended_too_long", "holder_gone",
                 "scheme_not_approved", "body_approval_lapsed"]:
        assert planted[code].number in found[code], code
    flagged = set().union(*found.values())
    assert "OK-1" not in flagged and "WATCHED-1" not in flagged


def test_command_lists_and_exits_nonzero(planted, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_lifecycle", "--on", ON.isoformat())
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "OVERDUE-1" in out and "HACCP-1" in out and "LAPSED-1" in out


def test_command_rejects_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("check_lifecycle", "--on", "30/06/2026")


def test_surveillance_interval_comes_from_the_scheme(issue, body_a, supervisor):
    """Not a hard-coded 12 months: a scheme with 6 months is overdue sooner, one
    with 24 later, one without an interval never."""
    from qualitycert.registry.models import Scheme
    from qualitycert.registry.queries import surveillance_overdue

    Scheme.objects.filter(code="ISO9001").update(surveillance_months=6)
    Scheme.objects.filter(code="ISO14001").update(surveillance_months=24)
    Scheme.objects.filter(code="ORGANIC").update(surveillance_months=None)
    issued = dt.date(2025, 11, 1)  # eight months before ON
    six = issue(body_a, make_enterprise(), "SIX-1", issued_on=issued)
    issue(body_a, make_enterprise(), "TWENTYFOUR-1", scheme="ISO14001", issued_on=issued)
    issue(body_a, make_enterprise(), "NONE-1", scheme="ORGANIC", issued_on=issued, years=1)
    audited = issue(body_a, make_enterprise(), "SIX-AUDITED", issued_on=issued)
    actions.record_surveillance(audited, audited_on=dt.date(2026, 3, 1),
                                actor=as_actor(supervisor))
    assert {c.number for c in surveillance_overdue(ON)} == {six.number}
    old = issue(body_a, make_enterprise(), "TWENTYFOUR-2", scheme="ISO14001",
                issued_on=dt.date(2024, 5, 1))
    assert {c.number for c in surveillance_overdue(ON)} == {six.number, old.number}
