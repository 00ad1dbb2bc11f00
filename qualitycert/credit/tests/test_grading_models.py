"""A grading model's life: draft → preview → published, signed, audited and
immutable; a change is a new version."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.audit.models import AuditEntry
from qualitycert.credit import actions
from qualitycert.credit.grading import spec_digest
from qualitycert.credit.models import CreditError, GradingModel, ImmutableModel
from qualitycert.testing.actors import as_actor

from .builders import AS_OF, published, spec

pytestmark = pytest.mark.django_db


def test_publish_signs_and_audits(supervisor):
    actor = as_actor(supervisor)
    model = published(actor)
    assert model.is_published and model.version == 1
    assert model.spec_digest == spec_digest(model.spec)
    assert model.signer_name == actor.signature()
    steps = list(AuditEntry.objects.filter(object_type="credit.grading_model",
                                           object_id=str(model.pk))
                 .values_list("action", flat=True))
    assert steps == ["credit.model.draft", "credit.model.preview", "credit.model.publish"]


def test_published_model_is_immutable(supervisor):
    actor = as_actor(supervisor)
    model = published(actor)
    model.name = "改名"
    with pytest.raises(ImmutableModel):
        model.save()
    with pytest.raises(ImmutableModel):
        GradingModel.objects.filter(pk=model.pk).update(name="x")
    with pytest.raises(ImmutableModel):
        GradingModel.objects.filter(pk=model.pk).delete()
    with pytest.raises(CreditError):
        actions.revise_draft(model, name="x", spec=spec(), actor=actor)
    # A change is a new version, based on the old one; the old stays.
    newer = actions.create_draft(name="v2", spec=spec(thresholds={"A": 90, "B": 75, "C": 60}),
                                 actor=actor, based_on=model)
    assert newer.version == 2 and not newer.is_published
    assert GradingModel.objects.get(pk=model.pk).spec == model.spec


def test_publish_needs_a_preview_and_a_reason(supervisor):
    actor = as_actor(supervisor)
    model = actions.create_draft(name="草稿", spec=spec(), actor=actor)
    with pytest.raises(CreditError, match="试算"):
        actions.publish_model(model, reason="r", actor=actor)
    actions.preview_model(model, as_of=AS_OF, actor=actor)
    with pytest.raises(CreditError, match="发布理由"):
        actions.publish_model(model, reason=" ", actor=actor)


def test_revising_a_draft_clears_its_preview(supervisor):
    actor = as_actor(supervisor)
    model = actions.create_draft(name="草稿", spec=spec(), actor=actor)
    actions.preview_model(model, as_of=AS_OF, actor=actor)
    revised = actions.revise_draft(model, name="草稿2", spec=spec(), actor=actor)
    assert revised.preview is None


def test_invalid_spec_lists_every_problem(supervisor):
    bad = spec(thresholds={"A": 50, "B": 70, "C": 55})
    bad["indicators"][0]["fact"] = "no_such_fact"
    with pytest.raises(CreditError) as caught:
        actions.create_draft(name="坏", spec=bad, actor=as_actor(supervisor))
    assert "no_such_fact" in str(caught.value) and "thresholds" in str(caught.value)


def test_only_the_bureau_keeps_models(enterprise_user, cb_alice):
    for who in (enterprise_user, cb_alice):
        with pytest.raises(PermissionDenied):
            actions.create_draft(name="x", spec=spec(), actor=as_actor(who))
