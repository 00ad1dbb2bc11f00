from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.models import AuditEntry
from qualitycert.plan.models import Department
from qualitycert.programmes.actions import ProgrammeError, record_training_session
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db


def record(actor, organiser, **overrides):
    fields = dict(title="质量管理体系培训", held_on=dt.date(2026, 3, 1), audience="enterprises",
                  participants=40, enterprises=25, internal_auditors=5)
    fields.update(overrides)
    return record_training_session(actor=as_actor(actor), organiser=organiser, **fields)


def test_a_unit_records_its_own_session_audited(plan, dept_user):
    session = record(dept_user, dept_user.department)
    assert session.recorded_by == dept_user
    entry = AuditEntry.objects.filter(action="programmes.training.record").get()
    assert entry.object_id == str(session.pk) and entry.after["participants"] == 40


def test_a_unit_cannot_record_for_another(plan, dept_user):
    with pytest.raises(PermissionDenied):
        record(dept_user, Department.objects.get(code="fgw"))


def test_the_bureau_records_for_any_unit(plan, supervisor):
    assert record(supervisor, Department.objects.get(code="fgw")).pk


@pytest.mark.parametrize("overrides", [
    {"internal_auditors": 41}, {"inspectors": 41}, {"participants": -1},
    {"audience": "aliens"}, {"held_on": dt.date(2999, 1, 1)},
])
def test_refused_counts(plan, supervisor, overrides):
    with pytest.raises(ProgrammeError):
        record(supervisor, Department.objects.get(code="scjgj"), **overrides)
    assert not AuditEntry.objects.filter(action="programmes.training.record").exists()


def test_other_roles_are_refused(plan, cb_alice, inspector):
    for user in (cb_alice, inspector):
        with pytest.raises(PermissionDenied):
            record(user, Department.objects.get(code="scjgj"))
