"""Certificates and their lifecycle: the states, the steps between them and
the events that record each step, signed by a named person."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import CertificationBody, Enterprise, Scheme

if TYPE_CHECKING:
    from qualitycert.accounts.actor import Actor


class CertificateStatus(models.TextChoices):
    """Stored values are the API spellings (DESIGN.md §4)."""

    VALID = "valid", _("有效 Valid")
    SUSPENDED = "suspended", _("暂停 Suspended")
    WITHDRAWN = "withdrawn", _("撤销 Withdrawn")
    CANCELLED = "cancelled", _("注销 Cancelled")
    EXPIRED = "expired", _("过期 Expired")


class EventKind(models.TextChoices):
    ISSUE = "issue", _("颁证 Issued")
    SURVEILLANCE = "surveillance", _("监督审核 Surveillance audit")
    SUSPEND = "suspend", _("暂停 Suspended")
    RESTORE = "restore", _("恢复 Restored")
    WITHDRAW = "withdraw", _("撤销 Withdrawn")
    CANCEL = "cancel", _("注销 Cancelled")
    EXPIRE = "expire", _("过期 Expired")
    RENEW = "renew", _("换证/再认证 Renewed")
    CORRECT = "correct", _("信息更正 Details corrected")


class InvalidTransition(Exception):
    """A lifecycle step asked of a certificate in the wrong state."""

    def __init__(self, certificate: Certificate, kind: EventKind, allowed: set[str]):
        self.certificate = certificate
        self.kind = kind
        current = CertificateStatus(certificate.status)
        allowed_text = "、".join(str(CertificateStatus(s).label) for s in sorted(allowed))
        super().__init__(
            f"证书{certificate.number}当前状态为“{current.label}”，不能执行“{kind.label}”；"
            f"仅在以下状态可以执行：{allowed_text}。 "
            f"Certificate {certificate.number} is {current.value}; "
            f"'{kind.value}' is allowed only from: {', '.join(sorted(allowed))}."
        )


S = CertificateStatus
# The lifecycle: which states each step may start from, and where it leads.
TRANSITIONS: dict[EventKind, tuple[frozenset[str], str | None]] = {
    EventKind.SURVEILLANCE: (frozenset({S.VALID}), None),
    EventKind.SUSPEND: (frozenset({S.VALID}), S.SUSPENDED),
    EventKind.RESTORE: (frozenset({S.SUSPENDED}), S.VALID),
    EventKind.WITHDRAW: (frozenset({S.VALID, S.SUSPENDED}), S.WITHDRAWN),
    EventKind.CANCEL: (frozenset({S.VALID, S.SUSPENDED}), S.CANCELLED),
    EventKind.EXPIRE: (frozenset({S.VALID, S.SUSPENDED}), S.EXPIRED),
    EventKind.RENEW: (frozenset({S.VALID, S.EXPIRED}), S.VALID),
    EventKind.CORRECT: (frozenset(S.values), None),
}


class Certificate(models.Model):
    number = models.CharField(_("证书编号 certificate number"), max_length=64)
    body = models.ForeignKey(CertificationBody, on_delete=models.PROTECT,
                             related_name="certificates", verbose_name=_("认证机构 body"))
    holder = models.ForeignKey(Enterprise, on_delete=models.PROTECT,
                               related_name="certificates", verbose_name=_("获证组织 holder"))
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="certificates",
                               verbose_name=_("认证项目 scheme"))
    scope = models.TextField(_("认证范围 scope"), blank=True)
    sites = models.JSONField(_("认证场所 sites"), default=list, blank=True)
    issued_on = models.DateField(_("颁证日期 issued on"))
    expires_on = models.DateField(_("有效期至 expires on"))
    status = models.CharField(_("证书状态 status"), max_length=12,
                              choices=CertificateStatus.choices, default=CertificateStatus.VALID)
    status_changed_on = models.DateField(_("状态变更日期 status since"))
    status_reason = models.TextField(_("状态变更理由 reason"), blank=True)
    # 谁签字，谁担责: the person who signed the current state.
    status_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("签字人 signed by"))
    status_signer_name = models.CharField(_("签字人 signer"), max_length=200, blank=True)
    last_surveillance_on = models.DateField(_("最近监督审核 last surveillance"), null=True,
                                            blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("证书 certificate")
        verbose_name_plural = _("证书 certificates")
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="cert_unique_number_per_body"),
        ]
        indexes = [
            models.Index(fields=["number"], name="cert_number"),
            models.Index(fields=["holder", "status"], name="cert_holder_status"),
            models.Index(fields=["status", "expires_on"], name="cert_status_expires"),
            models.Index(fields=["scheme", "status"], name="cert_scheme_status"),
        ]

    def __str__(self) -> str:
        return self.number

    # Transition methods: each checks the source state and moves the certificate;
    # the actions in actions.py wrap them with locking, events and audit.
    def _check(self, kind: EventKind) -> str | None:
        allowed, target = TRANSITIONS[kind]
        if self.status not in allowed:
            raise InvalidTransition(self, kind, set(allowed))
        return target

    def _move(self, kind: EventKind, on: dt.date, reason: str, signer: Actor) -> None:
        target = self._check(kind)
        if target is not None:
            self.status = target
        self.status_changed_on = on
        self.status_reason = reason
        self.status_signed_by = signer.user
        self.status_signer_name = signer.signature()

    def record_surveillance(self, on: dt.date, reason: str, signer: Actor) -> None:
        self._check(EventKind.SURVEILLANCE)
        # An audit recorded late (dated before the last one on record) keeps
        # its event but never moves the last surveillance date backwards.
        if self.last_surveillance_on is None or on > self.last_surveillance_on:
            self.last_surveillance_on = on

    def suspend(self, on: dt.date, reason: str, signer: Actor) -> None:
        self._move(EventKind.SUSPEND, on, reason, signer)

    def restore(self, on: dt.date, reason: str, signer: Actor) -> None:
        self._move(EventKind.RESTORE, on, reason, signer)

    def withdraw(self, on: dt.date, reason: str, signer: Actor) -> None:
        self._move(EventKind.WITHDRAW, on, reason, signer)

    def cancel(self, on: dt.date, reason: str, signer: Actor) -> None:
        self._move(EventKind.CANCEL, on, reason, signer)

    def expire(self, on: dt.date, reason: str, signer: Actor) -> None:
        if self.expires_on >= on:
            raise InvalidTransition(self, EventKind.EXPIRE, set())
        self._move(EventKind.EXPIRE, on, reason, signer)

    def renew(self, issued_on: dt.date, expires_on: dt.date, reason: str, signer: Actor) -> None:
        self._move(EventKind.RENEW, issued_on, reason, signer)
        self.issued_on = issued_on
        self.expires_on = expires_on
        self.last_surveillance_on = None

    def is_valid_on(self, day: dt.date) -> bool:
        return self.status == CertificateStatus.VALID and self.issued_on <= day <= self.expires_on


class CertificateEvent(models.Model):
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("事件 event"), max_length=16, choices=EventKind.choices)
    occurred_on = models.DateField(_("发生日期 date"))
    recorded_at = models.DateTimeField(_("记录时间 recorded at"), auto_now_add=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("签字人 signed by"), max_length=200)
    reason = models.TextField(_("理由 reason"), blank=True)
    from_status = models.CharField(max_length=12, choices=CertificateStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=CertificateStatus.choices)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["certificate", "occurred_on", "id"]
        verbose_name = _("证书事件 certificate event")
        verbose_name_plural = _("证书事件 certificate events")
        indexes = [models.Index(fields=["certificate", "occurred_on"], name="event_cert_date"),
                   models.Index(fields=["kind", "occurred_on"], name="event_kind_date")]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.kind} {self.occurred_on}"
