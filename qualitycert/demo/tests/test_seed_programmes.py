"""The plan's programmes in the demo (demo/programmes.py): every programme has
records, every counted task an indicator with a value, the GI target just
below its goal, and the demo stays one audited act."""

from __future__ import annotations

from qualitycert.audit.models import AuditEntry
from qualitycert.demo.tests.conftest import SEEDED_TODAY as TODAY
from qualitycert.plan.targets import compute_targets
from qualitycert.programmes import models as m
from qualitycert.programmes.indicators import TASKS, task_indicators


def test_every_programme_has_records(seeded, db):
    for model in (m.Designation, m.GIProduct, m.QualityMark, m.CertificateParticulars,
                  m.EditionTransition, m.TrainingSession, m.BodyPerson, m.BodyCommitment,
                  m.Adoption, m.CheckVolume, m.KeyEnergyUser, m.DepartmentQMS):
        assert model.objects.exists(), model.__name__


def test_the_gi_target_sits_just_below_its_goal(seeded, db):
    gi = next(v for v in compute_targets(TODAY) if v.code == "geographical_indications")
    assert (gi.value, gi.met) == (4, False)


def test_every_counted_task_shows_a_value(seeded, db):
    for number in TASKS:
        values = task_indicators(number, TODAY)
        assert values and any(v.value for v in values), number


def test_the_programmes_add_no_audit_entry_of_their_own(seeded, db):
    # The credit side's signed acts are audited as they would be for real.
    assert not AuditEntry.objects.filter(action__startswith="programmes.").exists()
    assert AuditEntry.objects.exclude(action__startswith="credit.").count() == 1
    counts = AuditEntry.objects.get(action="demo.seed").after["counts"]
    assert counts["training_sessions"] == m.TrainingSession.objects.count()
