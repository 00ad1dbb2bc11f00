"""Every write of the programmes. Each is atomic, checks who acts, and
appends its audit entry in the same transaction (qualitycert.audit.chain)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.audit.chain import append as audit_append
from qualitycert.plan.models import Department
from qualitycert.registry.models import Certificate
from qualitycert.registry.queries import ANOMALY_KINDS, anomalies

from .access import require_bureau, require_training_recorder
from .models import (
    Adoption,
    BodyFinding,
    BodyPerson,
    CertificateParticulars,
    CheckVolume,
    Designation,
    FindingSource,
    GIProduct,
    TrainingAudience,
    TrainingSession,
)


class ProgrammeError(ValueError):
    """A rule refused the record; the message says why."""


def _snapshot(obj: Any) -> dict[str, Any]:
    data = model_to_dict(obj)
    return {key: (value.isoformat() if isinstance(value, dt.date)
                  else str(value) if isinstance(value, Decimal)
                  else [getattr(v, "pk", v) for v in value] if isinstance(value, list)
                  else getattr(value, "pk", value))
            for key, value in data.items()}


def _audit(action: str, obj: Any, *, actor: Actor, before: dict[str, Any] | None = None,
           reason: str = "") -> None:
    audit_append(action=action, object_type=f"programmes.{obj._meta.model_name}",
                 object_id=str(obj.pk), object_repr=str(obj)[:200], actor=actor,
                 reason=reason, before=before, after=_snapshot(obj))


def record_training_session(*, actor: Actor, organiser: Department, title: str,
                            held_on: dt.date, audience: str, participants: int,
                            enterprises: int = 0, internal_auditors: int = 0,
                            inspectors: int = 0, hours: Decimal = Decimal(0),
                            internal_note: str = "") -> TrainingSession:
    require_training_recorder(actor, organiser)
    if audience not in TrainingAudience.values:
        raise ProgrammeError(gettext("未知培训对象：%(audience)r") % {"audience": audience})
    if min(participants, enterprises, internal_auditors, inspectors) < 0:
        raise ProgrammeError(gettext("人数不能为负"))
    if internal_auditors > participants or inspectors > participants:
        raise ProgrammeError(gettext("内审员或执法人员人数不能超过参训人数"))
    if held_on > timezone.localdate():
        raise ProgrammeError(gettext("培训日期不能晚于今天"))
    with transaction.atomic():
        session = TrainingSession.objects.create(
            organiser=organiser, title=title.strip(), held_on=held_on, audience=audience,
            participants=participants, enterprises=enterprises,
            internal_auditors=internal_auditors, inspectors=inspectors, hours=hours,
            internal_note=internal_note, recorded_by=actor.user)
        _audit("programmes.training.record", session, actor=actor)
    return session


def record_designation(*, actor: Actor, enterprise_ids: list[int] | None = None,
                       **fields: Any) -> Designation:
    require_bureau(actor)
    with transaction.atomic():
        try:
            with transaction.atomic():
                designation = Designation.objects.create(recorded_by=actor.user, **fields)
        except IntegrityError as exc:
            raise ProgrammeError(gettext("该命名已登记")) from exc
        if enterprise_ids:
            designation.enterprises.set(enterprise_ids)
        _audit("programmes.designation.record", designation, actor=actor)
    return designation


def end_designation(*, actor: Actor, designation: Designation, on: dt.date,
                    reason: str) -> Designation:
    require_bureau(actor)
    if designation.ended_on is not None:
        raise ProgrammeError(gettext("该命名已撤销或到期"))
    if on < designation.designated_on:
        raise ProgrammeError(gettext("撤销日期早于命名日期"))
    if not reason.strip():
        raise ProgrammeError(gettext("须说明原因"))
    with transaction.atomic():
        before = _snapshot(designation)
        designation.ended_on, designation.end_reason = on, reason.strip()
        designation.save(update_fields=["ended_on", "end_reason"])
        _audit("programmes.designation.end", designation, actor=actor, before=before,
               reason=reason)
    return designation


def record_gi_product(*, actor: Actor, user_ids: list[int] | None = None,
                      **fields: Any) -> GIProduct:
    require_bureau(actor)
    with transaction.atomic():
        try:
            with transaction.atomic():
                product = GIProduct.objects.create(**fields)
        except IntegrityError as exc:
            raise ProgrammeError(gettext("该地理标志已登记")) from exc
        if user_ids:
            product.users.set(user_ids)
        _audit("programmes.gi.record", product, actor=actor)
    return product


def record_check_volume(*, actor: Actor, adoption: Adoption, month: dt.date, checks: int,
                        source: str) -> CheckVolume:
    require_bureau(actor)
    if checks < 0:
        raise ProgrammeError(gettext("核验次数不能为负"))
    if not source.strip():
        raise ProgrammeError(gettext("须注明数据来源"))
    first = month.replace(day=1)
    with transaction.atomic():
        volume, _created = CheckVolume.objects.update_or_create(
            adoption=adoption, month=first, defaults={"checks": checks, "source": source})
        _audit("programmes.volume.record", volume, actor=actor)
    return volume


def set_certificate_particulars(*, actor: Actor, certificate: Certificate,
                                standard_edition: str | None = None,
                                signatory: BodyPerson | None = None) -> CertificateParticulars:
    """Record a certificate's standard edition and/or its signatory. The
    bureau, or the issuing body's own staff, may."""
    if not (actor.body_id == certificate.body_id):
        require_bureau(actor)
    if signatory is not None and signatory.body_id != certificate.body_id:
        raise ProgrammeError(gettext("签字人不属于发证机构"))
    with transaction.atomic():
        particulars, _ = CertificateParticulars.objects.get_or_create(certificate=certificate)
        before = _snapshot(particulars)
        if standard_edition is not None:
            particulars.standard_edition = standard_edition.strip()
        if signatory is not None:
            particulars.signatory = signatory
        particulars.save()
        _audit("programmes.particulars.set", particulars, actor=actor, before=before)
    return particulars


def record_finding(*, actor: Actor, certificate: Certificate | None = None,
                   **fields: Any) -> BodyFinding:
    """One entry of a body's integrity archive. With a certificate, the
    certificate's recorded signatory answers for it (谁签字，谁担责)."""
    require_bureau(actor)
    signatory = None
    if certificate is not None:
        particulars = CertificateParticulars.objects.filter(certificate=certificate).first()
        signatory = particulars.signatory if particulars else None
    with transaction.atomic():
        try:
            with transaction.atomic():
                finding = BodyFinding.objects.create(
                    certificate=certificate, signatory=signatory,
                    signatory_name=signatory.name if signatory else "", **fields)
        except IntegrityError as exc:
            raise ProgrammeError(gettext("该记录已登记")) from exc
        _audit("programmes.finding.record", finding, actor=actor)
    return finding


def collect_anomaly_findings(*, actor: Actor, on: dt.date, limit: int | None = None) -> int:
    """File every lifecycle anomaly of the registry (registry.queries.anomalies)
    not yet filed as a finding against the issuing body, at most `limit` of
    them. Returns how many were added; running it again adds none."""
    require_bureau(actor)
    titles = {kind.code: kind.title_zh for kind in ANOMALY_KINDS}
    added = 0
    with transaction.atomic():
        filed = set(BodyFinding.objects.filter(source=FindingSource.LIFECYCLE_ANOMALY)
                    .values_list("reference", flat=True))
        for kind, certificates in anomalies(on):
            for certificate in certificates.iterator(chunk_size=500):
                reference = f"{kind.code}:{certificate.pk}"
                if reference in filed:
                    continue
                if limit is not None and added >= limit:
                    return added
                record_finding(actor=actor, certificate=certificate, body=certificate.body,
                               source=FindingSource.LIFECYCLE_ANOMALY, reference=reference,
                               found_on=on, summary=f"{titles[kind.code]}：{certificate.number}"[:300])
                added += 1
    return added
