"""A grading model's life: draft → preview → published (signed, audited,
immutable). A change to a published model is a new version, based on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor

from ..access import require_bureau
from ..grading import ModelError, parse_spec, spec_digest
from ..models import CreditError, FactKind, GradingModel, ModelStatus
from . import runs
from .common import audit


def check_spec(spec: Any) -> dict[str, Any]:
    """The spec as stored, or CreditError listing every problem."""
    try:
        parse_spec(spec, fact_kinds=FactKind.values)
    except ModelError as exc:
        raise CreditError(gettext("评价模型有误：%(p)s") % {"p": "; ".join(exc.problems)}) from None
    return dict(spec)


def create_draft(*, name: str, spec: Any, actor: Actor,
                 based_on: GradingModel | None = None) -> GradingModel:
    require_bureau(actor)
    spec = check_spec(spec)
    name = (name or "").strip()
    if not name:
        raise CreditError(gettext("模型名称不能为空"))
    with transaction.atomic():
        # The versions are numbered in order; the lock keeps two drafts apart.
        top = GradingModel.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        model = GradingModel.objects.create(version=top + 1, name=name[:120], spec=spec,
                                            based_on=based_on, created_by=actor.signature())
        audit("model.draft", object_type="grading_model", object_id=model.pk,
              object_repr=str(model), actor=actor,
              after={"version": model.version, "name": model.name,
                     "based_on": based_on.version if based_on else None,
                     "spec_digest": spec_digest(spec)})
    return model


def revise_draft(model: GradingModel, *, name: str, spec: Any, actor: Actor) -> GradingModel:
    """Change a draft; its preview no longer holds and is cleared."""
    require_bureau(actor)
    spec = check_spec(spec)
    with transaction.atomic():
        locked = GradingModel.objects.select_for_update().get(pk=model.pk)
        if locked.is_published:
            raise CreditError(gettext("已发布的评价模型不可修改，请建立新版本"))
        before = {"name": locked.name, "spec_digest": spec_digest(locked.spec)}
        locked.name, locked.spec, locked.preview = (name or locked.name)[:120], spec, None
        locked.save(update_fields=["name", "spec", "preview"])
        audit("model.revise", object_type="grading_model", object_id=locked.pk,
              object_repr=str(locked), actor=actor, before=before,
              after={"name": locked.name, "spec_digest": spec_digest(spec)})
    return locked


def preview_model(model: GradingModel, *, as_of: dt.date, actor: Actor) -> dict[str, Any]:
    """Grade the archive with a draft (nothing stored but the summary): how
    the distribution would change and who would move."""
    require_bureau(actor)
    if model.is_published:
        raise CreditError(gettext("模型已发布"))
    if as_of > timezone.localdate():
        raise CreditError(gettext("评价基准日不能晚于今天"))
    check_spec(model.spec)
    summary = runs.preview(model, as_of)
    with transaction.atomic():
        GradingModel.objects.filter(pk=model.pk, status=ModelStatus.DRAFT).update(
            preview=summary)
        audit("model.preview", object_type="grading_model", object_id=model.pk,
              object_repr=str(model), actor=actor,
              after={k: summary[k] for k in ("as_of", "graded", "distribution", "moves",
                                             "digest")})
    model.preview = summary
    return summary


def publish_model(model: GradingModel, *, reason: str, actor: Actor) -> GradingModel:
    """Sign and publish a previewed draft. From now on it never changes."""
    require_bureau(actor)
    reason = (reason or "").strip()
    if not reason:
        raise CreditError(gettext("请填写发布理由"))
    with transaction.atomic():
        locked = GradingModel.objects.select_for_update().get(pk=model.pk)
        if locked.is_published:
            raise CreditError(gettext("模型已发布"))
        if not locked.preview:
            raise CreditError(gettext("发布前须先试算"))
        spec = check_spec(locked.spec)
        digest = spec_digest(spec)
        now = timezone.now()
        GradingModel.objects.filter(pk=locked.pk, status=ModelStatus.DRAFT).update(
            status=ModelStatus.PUBLISHED, spec_digest=digest, published_at=now,
            published_by=actor.user, signer_name=actor.signature(), publish_reason=reason)
        audit("model.publish", object_type="grading_model", object_id=locked.pk,
              object_repr=str(locked), actor=actor, reason=reason,
              after={"version": locked.version, "spec_digest": digest, "spec": spec,
                     "preview": {k: locked.preview.get(k) for k in ("as_of", "distribution")}})
    return GradingModel.objects.get(pk=model.pk)


def export_model(model: GradingModel) -> dict[str, Any]:
    """The published model as an outsider needs it to recompute a grade from
    the archive's facts (docs/credit-grading.md)."""
    if not model.is_published:
        raise CreditError(gettext("评价模型 v%(v)s 尚未发布") % {"v": model.version})
    return {**model.spec, "version": model.version, "name": model.name,
            "sha256": model.spec_digest,
            "published_at": model.published_at.isoformat() if model.published_at else None,
            "signed_by": model.signer_name,
            "fact_kinds": {k: str(label) for k, label in FactKind.choices}}
