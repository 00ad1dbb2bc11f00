"""Certificates and their lifecycle: the states, the steps between them and
the events that record each step, signed by a named person."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .lifecycle import (
    STATUS_CHANGING,
    TRANSITIONS,
    CertificateFacts,
    CertificateStatus,
    Decision,
    EventKind,
    InvalidTransition,
    Refusal,
    StepRequest,
    earliest_step,
    refusal,
    wrong_state,
)
from .organisations import CertificationBody, Enterprise, Scheme
from .reasons import display_reason

if TYPE_CHECKING:
    from qualitycert.accounts.actor import Actor


class Certificate(models.Model):
    number = models.CharField(_("证书编号"), max_length=64)
    body = models.ForeignKey(CertificationBody, on_delete=models.PROTECT,
                             related_name="certificates", verbose_name=_("认证机构"))
    holder = models.ForeignKey(Enterprise, on_delete=models.PROTECT,
                               related_name="certificates", verbose_name=_("获证组织"))
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="certificates",
                               verbose_name=_("认证项目"))
    scope = models.TextField(_("认证范围"), blank=True)
    sites = models.JSONField(_("认证场所"), default=list, blank=True)
    issued_on = models.DateField(_("颁证日期"))
    expires_on = models.DateField(_("有效期至"))
    status = models.CharField(_("证书状态"), max_length=12,
                              choices=CertificateStatus.choices, default=CertificateStatus.VALID)
    status_changed_on = models.DateField(_("状态变更日期"))
    status_reason = models.TextField(_("状态变更理由"), blank=True)
    # The standard ground behind status_reason (models/reasons.py), "" for
    # free text. db_default: the bulk writers (import, demo) leave it out.
    status_reason_code = models.CharField(_("理由代码"), max_length=32, blank=True,
                                          default="", db_default="")
    # 谁签字，谁担责: the person who signed the current state.
    status_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("签字人"))
    status_signer_name = models.CharField(_("签字人"), max_length=200, blank=True)
    last_surveillance_on = models.DateField(_("最近监督审核"), null=True,
                                            blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
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

    # -- the rules (models/lifecycle.py) ------------------------------------

    def may_start(self, kind: EventKind) -> bool:
        """Whether `kind` may start from the present state (which steps to offer)."""
        return self.status in TRANSITIONS[kind].sources

    def last_status_change_on(self) -> dt.date | None:
        if self.pk is None:
            return None
        return (self.events.filter(kind__in=STATUS_CHANGING).order_by("-occurred_on")
                .values_list("occurred_on", flat=True).first())

    def facts(self) -> CertificateFacts:
        """What the lifecycle rules need to know about this certificate."""
        steps_from, from_issue = earliest_step(self.issued_on, self.status_changed_on,
                                               self.last_status_change_on())
        return CertificateFacts(self.number, self.status, self.issued_on, self.expires_on,
                                steps_from, from_issue, self.scheme.validity_years)

    def can(self, kind: EventKind, on: dt.date, *, today: dt.date, reason: str = "",
            by_bureau: bool = False, decision: Decision | None = None,
            expires_on: dt.date | None = None) -> Refusal | None:
        """None if the step may happen; else the first rule it breaks."""
        return refusal(self.facts(), StepRequest(kind, on, reason, by_bureau, decision,
                                                 expires_on), today=today)

    # Transition methods: each checks the source state and moves the certificate;
    # the actions in actions.py check the whole rule (can) and wrap them with
    # locking, events and audit.
    def _check(self, kind: EventKind) -> str | None:
        transition = TRANSITIONS[kind]
        if self.status not in transition.sources:
            raise InvalidTransition(wrong_state(self.number, self.status, kind))
        return transition.target

    def _move(self, kind: EventKind, on: dt.date, reason: str, signer: Actor,
              code: str = "") -> None:
        target = self._check(kind)
        if target is not None:
            self.status = target
        self.status_changed_on = on
        self.status_reason = reason
        self.status_reason_code = code
        self.status_signed_by = signer.user
        self.status_signer_name = signer.signature()

    def record_surveillance(self, on: dt.date, reason: str, signer: Actor) -> None:
        self._check(EventKind.SURVEILLANCE)
        # An audit recorded late (dated before the last one on record) keeps
        # its event but never moves the last surveillance date backwards.
        if self.last_surveillance_on is None or on > self.last_surveillance_on:
            self.last_surveillance_on = on

    def suspend(self, on: dt.date, reason: str, signer: Actor, code: str = "") -> None:
        self._move(EventKind.SUSPEND, on, reason, signer, code)

    def restore(self, on: dt.date, reason: str, signer: Actor, code: str = "") -> None:
        self._move(EventKind.RESTORE, on, reason, signer, code)

    def withdraw(self, on: dt.date, reason: str, signer: Actor, code: str = "") -> None:
        self._move(EventKind.WITHDRAW, on, reason, signer, code)

    def cancel(self, on: dt.date, reason: str, signer: Actor, code: str = "") -> None:
        self._move(EventKind.CANCEL, on, reason, signer, code)

    def expire(self, on: dt.date, reason: str, signer: Actor) -> None:
        self._move(EventKind.EXPIRE, on, reason, signer)

    def renew(self, issued_on: dt.date, expires_on: dt.date, reason: str, signer: Actor) -> None:
        self._move(EventKind.RENEW, issued_on, reason, signer)
        self.issued_on = issued_on
        self.expires_on = expires_on
        self.last_surveillance_on = None

    def status_reason_display(self) -> str:
        """The reason for the present state in the reader's language."""
        return display_reason(self.status_reason_code, self.status_reason)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.status == CertificateStatus.VALID and self.issued_on <= day <= self.expires_on


class CertificateEvent(models.Model):
    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("事件"), max_length=16, choices=EventKind.choices)
    occurred_on = models.DateField(_("发生日期"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("签字人"), max_length=200)
    reason = models.TextField(_("理由"), blank=True)
    reason_code = models.CharField(_("理由代码"), max_length=32, blank=True, default="",
                                   db_default="")
    # A bureau-initiated suspension or withdrawal rests on an administrative
    # decision (models/lifecycle.py, BUREAU_NEEDS_DECISION).
    # db_default: the bulk writers (import, demo) insert events without it.
    decision_number = models.CharField(_("决定书文号"), max_length=100,
                                       blank=True, default="", db_default="")
    decision_date = models.DateField(_("决定日期"), null=True, blank=True)
    from_status = models.CharField(max_length=12, choices=CertificateStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=CertificateStatus.choices)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["certificate", "occurred_on", "id"]
        verbose_name = _("证书事件")
        verbose_name_plural = _("证书事件")
        indexes = [models.Index(fields=["certificate", "occurred_on"], name="event_cert_date"),
                   models.Index(fields=["kind", "occurred_on"], name="event_kind_date")]

    def __str__(self) -> str:
        # The caption of a row in the certificate's history: date and step in words.
        return f"{self.occurred_on} {self.get_kind_display()}"

    def reason_display(self) -> str:
        """The reason in the reader's language (a standard ground translated)."""
        return display_reason(self.reason_code, self.reason)
