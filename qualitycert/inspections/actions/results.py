"""Results: record, submit, co-sign, review, publish; attachments.

Who may do what (docs/draw-record.md, "Results"): any member of the target's
team records and submits; a *different* member co-signs; bureau staff accept
or return; bureau staff publish what they accepted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.roles import is_bureau
from qualitycert.audit.chain import append as audit_append
from qualitycert.catalog.actions import market_check
from qualitycert.catalog.models import CaseSource
from qualitycert.catalog.queries import category_by_code
from qualitycert.credit.actions import record_fact
from qualitycert.credit.models import FactKind, FactSource
from qualitycert.workcalendar.queries import working_calendar

from ..models import (
    NEEDS_DEADLINE,
    PUBLICATION_WORKING_DAYS,
    Attachment,
    InspectionResult,
    PlanError,
    ResultCategory,
    Selection,
)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Magic bytes → (content type, accepted extensions).
ATTACHMENT_TYPES = [
    (b"%PDF-", "application/pdf", {"pdf"}),
    (b"\xff\xd8\xff", "image/jpeg", {"jpg", "jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {"png"}),
]


def _member_ids(selection: Selection) -> set[int]:
    return set(selection.team.values_list("inspector__user_id", flat=True)) - {None}


def require_team_member(selection: Selection, actor: Actor) -> None:
    if not selection.staffed or actor.user_id not in _member_ids(selection):
        raise PermissionDenied(gettext("只有本检查组成员可以操作"))


def require_bureau(actor: Actor) -> None:
    if not is_bureau(actor):
        raise PermissionDenied(gettext("只有局监管人员可以操作"))


def _snapshot(result: InspectionResult) -> dict[str, Any]:
    return {"status": result.status, "category": result.category, "findings": result.findings,
            "product_name": result.product_name, "product_category": result.product_category,
            "rectification_deadline": result.rectification_deadline,
            "publication_due_on": result.publication_due_on,
            "publication_due_provisional": result.publication_due_provisional,
            "attachments": [a.sha256 for a in result.attachments.all()] if result.pk else []}


def _audit(result: InspectionResult, verb: str, actor: Actor, before: dict[str, Any] | None,
           reason: str = "") -> None:
    selection = result.selection
    audit_append(action=f"inspections.result.{verb}", object_type="inspections.result",
                 object_id=str(result.pk),
                 object_repr=f"{selection.plan_id}/{selection.candidate.identifier}",
                 actor=actor, reason=reason, before=before, after=_snapshot(result))


def _lock(result: InspectionResult) -> InspectionResult:
    return (InspectionResult.objects.select_for_update()
            .select_related("selection__candidate").get(pk=result.pk))


def save_result(selection: Selection, *, category: str, findings: str,
                rectification_deadline: dt.date | None, actor: Actor,
                product_name: str = "", product_category: str = "") -> InspectionResult:
    """Create or edit the target's result while it is a draft or returned.
    `product_category` names the CCC catalogue category of a product met at
    the target (checked against the catalogue when the result is accepted)."""
    require_team_member(selection, actor)
    product_name, product_category = (product_name or "").strip(), (product_category or "").strip()
    if product_category:
        if category_by_code(product_category) is None:
            raise PlanError(gettext("强制性认证目录中没有产品种类%(code)s")
                            % {"code": product_category})
        if not product_name:
            raise PlanError(gettext("填写产品种类时须写明检查的产品"))
    if category not in ResultCategory.values:
        raise PlanError(gettext("请选择检查结果类别"))
    if category in NEEDS_DEADLINE and rectification_deadline is None:
        raise PlanError(gettext("责令改正或不合格的，须填写整改期限"))
    if rectification_deadline is not None and rectification_deadline < timezone.localdate():
        raise PlanError(gettext("整改期限不能早于今天"))
    with transaction.atomic():
        existing = (InspectionResult.objects.select_for_update()
                    .filter(selection=selection).first())
        before = None
        if existing is None:
            result = InspectionResult(selection=selection, recorded_by=actor.user)
        else:
            result = existing
            result.require_editable()
            before = _snapshot(result)
        result.category, result.findings = category, (findings or "").strip()
        result.rectification_deadline = rectification_deadline
        result.product_name = product_name
        result.product_category = category_by_code(product_category).code if product_category else ""  # type: ignore[union-attr]
        result.save()
        _audit(result, "record" if before is None else "edit", actor, before)
    return result


def submit_result(result: InspectionResult, *, actor: Actor) -> InspectionResult:
    """Hand the result to the other team member for co-signature. The first
    submission starts the 20-working-day publication clock."""
    require_team_member(result.selection, actor)
    with transaction.atomic():
        locked = _lock(result)
        before = _snapshot(locked)
        locked.submit()
        locked.submitted_by = actor.user
        if locked.recorded_on is None:
            locked.recorded_on = timezone.localdate()
            deadline = working_calendar().add_working_days(locked.recorded_on,
                                                           PUBLICATION_WORKING_DAYS)
            locked.publication_due_on = deadline.due_on
            locked.publication_due_provisional = deadline.provisional
        locked.save()
        _audit(locked, "submit", actor, before)
    return locked


def cosign_result(result: InspectionResult, *, actor: Actor) -> InspectionResult:
    require_team_member(result.selection, actor)
    with transaction.atomic():
        locked = _lock(result)
        if locked.submitted_by_id == actor.user_id:
            raise PlanError(gettext("会签须由检查组另一名成员进行"))
        before = _snapshot(locked)
        locked.cosign(actor.user, timezone.now())
        locked.save()
        _audit(locked, "cosign", actor, before)
    return locked


def accept_result(result: InspectionResult, *, actor: Actor, note: str = "") -> InspectionResult:
    require_bureau(actor)
    with transaction.atomic():
        locked = _lock(result)
        before = _snapshot(locked)
        locked.accept(actor.user, timezone.now(), (note or "").strip())
        locked.save()
        _audit(locked, "accept", actor, before, reason=locked.review_note)
        _market_check(locked, actor)
    return locked


def _market_check(result: InspectionResult, actor: Actor) -> None:
    """A product of a CCC category met at an enterprise goes through the
    catalogue's market check, dated the day the result was first submitted."""
    target = result.selection.target
    category = category_by_code(result.product_category) if result.product_category else None
    if category is None or target.enterprise is None:
        return
    market_check(enterprise=target.enterprise, category=category,
                 on=result.recorded_on or timezone.localdate(), product=result.product_name,
                 source_kind=CaseSource.INSPECTION, source_ref=f"inspections.result:{result.pk}",
                 source_url=f"/inspections/review/{result.pk}/", actor=actor)


def return_result(result: InspectionResult, *, actor: Actor, note: str) -> InspectionResult:
    require_bureau(actor)
    note = (note or "").strip()
    if not note:
        raise PlanError(gettext("退回时须写明需要修改的内容"))
    with transaction.atomic():
        locked = _lock(result)
        before = _snapshot(locked)
        locked.return_for_correction(actor.user, timezone.now(), note)
        locked.save()
        _audit(locked, "return", actor, before, reason=note)
    return locked


def publish_result(result: InspectionResult, *, actor: Actor) -> InspectionResult:
    require_bureau(actor)
    with transaction.atomic():
        locked = _lock(result)
        before = _snapshot(locked)
        locked.publish(timezone.now())
        locked.save()
        _audit(locked, "publish", actor, before)
        _archive_fact(locked, actor)
    return locked


# A published result as a fact of the enterprise's quality archive (issue 13);
# "no activity" and "other" say nothing about its quality.
ARCHIVE_KINDS = {
    ResultCategory.NO_PROBLEM: FactKind.INSPECTION_CLEAN,
    ResultCategory.CORRECTED: FactKind.INSPECTION_PROBLEM,
    ResultCategory.NONCONFORMING: FactKind.INSPECTION_PROBLEM,
    ResultCategory.UNDISCLOSED: FactKind.INSPECTION_PROBLEM,
    ResultCategory.UNREACHABLE: FactKind.INSPECTION_PROBLEM,
    ResultCategory.NONCOOPERATIVE: FactKind.INSPECTION_REFUSED,
}


def _archive_fact(result: InspectionResult, actor: Actor) -> None:
    enterprise = result.selection.target.enterprise
    kind = ARCHIVE_KINDS.get(ResultCategory(result.category)) if result.category else None
    if enterprise is None or kind is None:
        return
    record_fact(enterprise=enterprise, kind=kind, source=FactSource.INSPECTIONS,
                occurred_on=result.recorded_on or timezone.localdate(),
                source_type="inspections.result", source_id=str(result.pk),
                summary=result.selection.plan.name, actor=actor)


# --- attachments ------------------------------------------------------------------------


def sniff_attachment(head: bytes, filename: str) -> str:
    """The content type the file's first bytes prove, if its extension agrees;
    else PlanError. Only PDF, JPEG and PNG are accepted."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for magic, content_type, extensions in ATTACHMENT_TYPES:
        if head.startswith(magic):
            if ext not in extensions:
                raise PlanError(gettext("文件内容为 %(type)s，但扩展名为“.%(ext)s”")
                                % {"type": content_type, "ext": ext})
            return content_type
    raise PlanError(gettext("只接受 PDF、JPG、PNG 文件"))


def add_attachment(result: InspectionResult, upload: UploadedFile, *,
                   actor: Actor) -> Attachment:
    require_team_member(result.selection, actor)
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise PlanError(gettext("附件不得超过10MB"))
    if upload.size == 0:
        raise PlanError(gettext("附件为空"))
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    upload.seek(0)
    content_type = sniff_attachment(upload.read(16), name)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        locked = _lock(result)
        locked.require_editable()
        before = _snapshot(locked)
        attachment = Attachment(result=locked, original_name=name, content_type=content_type,
                                size=upload.size, sha256=digest.hexdigest(), uploaded_by=actor.user)
        attachment.file.save(name, upload, save=False)
        # The file is written before the row; if the row fails, remove the file.
        try:
            attachment.save()
            _audit(locked, "attach", actor, before)
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment
