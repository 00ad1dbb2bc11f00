import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.models import AuditEntry
from qualitycert.testing.actors import as_actor
from qualitycert.verification import actions
from qualitycert.verification.models import InvalidReportTransition, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(db):
    return actions.submit_forgery_report(certificate_number=" abc-１２３ ",
                                         description="查不到", client_address="192.0.2.1")


def test_submit_normalises_and_audits(report):
    assert report.number_key == "ABC-123" and report.status == ReportStatus.NEW
    assert AuditEntry.objects.filter(action="forgery_report.submit",
                                     object_id=str(report.pk)).count() == 1


def test_submit_needs_a_description(db):
    with pytest.raises(actions.VerificationError):
        actions.submit_forgery_report(description="  ")


def test_review_steps_are_signed(report, supervisor):
    actions.review_forgery_report(report, status="in_review", resolution="", actor=as_actor(supervisor))
    actions.review_forgery_report(report, status="confirmed", resolution="移送稽查",
                                  actor=as_actor(supervisor))
    report.refresh_from_db()
    assert report.status == ReportStatus.CONFIRMED and report.handled_by == supervisor
    actions_logged = list(AuditEntry.objects.filter(object_id=str(report.pk)).order_by("seq")
                          .values_list("action", flat=True))
    assert actions_logged == ["forgery_report.submit", "forgery_report.in_review",
                              "forgery_report.confirmed"]


def test_closing_needs_a_resolution(report, supervisor):
    with pytest.raises(actions.VerificationError):
        actions.review_forgery_report(report, status="unfounded", resolution="", actor=as_actor(supervisor))


def test_closed_report_cannot_move(report, supervisor):
    actions.review_forgery_report(report, status="duplicate", resolution="同#1", actor=as_actor(supervisor))
    with pytest.raises(InvalidReportTransition):
        actions.review_forgery_report(report, status="in_review", resolution="", actor=as_actor(supervisor))


@pytest.mark.parametrize("who", ["cb_alice", "inspector", "enterprise_user"])
def test_only_bureau_staff_review(report, request, who):
    with pytest.raises(PermissionDenied):
        actions.review_forgery_report(report, status="in_review", resolution="",
                                      actor=as_actor(request.getfixturevalue(who)))
