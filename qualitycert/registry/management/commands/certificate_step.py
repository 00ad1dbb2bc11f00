"""`qualitycert certificate-step STEP NUMBER --body APPROVAL --signer USER --reason TEXT`
(or `--reason-code CODE`, a standard ground of registry/models/reasons.py, with
`--reason` as an optional note):
a lifecycle step from the command line, through the same action (and so the
same rules, event, leaf and audit entry) as the back office.

Exit status: 0 done; 1 the rules refuse the step (one line saying why);
2 the command was misused (unknown certificate, signer, date).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.management.signer import add_signer_argument, signer_from
from qualitycert.registry import actions
from qualitycert.registry.models import Certificate
from qualitycert.registry.queries import certificates_by_number

STEPS = ("surveillance", "suspend", "restore", "withdraw", "cancel", "renew")


def _date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(gettext("%(option)s 应为 YYYY-MM-DD：%(value)r") % {"option": option, "value": value},
                           returncode=2) from None


class Command(BaseCommand):
    help = "Take one lifecycle step on a certificate, signed by --signer (exit 1 if refused)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("step", choices=STEPS)
        parser.add_argument("number", help="certificate number")
        parser.add_argument("--body", required=True, metavar="CNCA-R-…",
                            help="the issuing body's approval number")
        add_signer_argument(parser, "the step")
        parser.add_argument("--reason", default=None,
                            help="why (recorded on the event); with --reason-code, a note")
        parser.add_argument("--reason-code", default="", metavar="CODE",
                            help="suspend, restore, withdraw, cancel: a standard ground, e.g. "
                                 "surveillance_missed, not_corrected, other")
        parser.add_argument("--on", help="the step's date (YYYY-MM-DD), default today")
        parser.add_argument("--expires-on", help="renew: the new end date (YYYY-MM-DD)")
        parser.add_argument("--decision-number",
                            help="bureau suspension or withdrawal: the decision's document number (决定书文号)")
        parser.add_argument("--decision-date", help="its date (YYYY-MM-DD), default --on")

    def handle(self, *args: Any, **options: Any) -> None:
        # Neither given is a usage error; an empty --reason is the rules' to refuse.
        if options["reason"] is None and not options["reason_code"]:
            raise CommandError(gettext("须给出 --reason 或 --reason-code"), returncode=2)
        actor = signer_from(options)
        cert = certificates_by_number(options["number"], options["body"]).first()
        if cert is None:
            raise CommandError(gettext("没有此证书：%(number)s（%(body)s）")
                               % {"number": options["number"], "body": options["body"]}, returncode=2)
        on = _date(options["on"], "--on") or actions.today()
        decision = None
        if options["decision_number"]:
            decision = actions.Decision(options["decision_number"].strip(),
                                        _date(options["decision_date"], "--decision-date") or on)
        try:
            done = self._run(options["step"], cert, actor=actor, on=on,
                             reason=options["reason"] or "", code=options["reason_code"],
                             decision=decision,
                             expires_on=_date(options["expires_on"], "--expires-on"))
        except (actions.RegistryError, PermissionDenied) as exc:
            raise CommandError(gettext("未执行：%(error)s") % {"error": exc}, returncode=1) from None
        self.stdout.write(f"{done.number} ({done.body.approval_number}): {done.status}")

    def _run(self, step: str, cert: Certificate, *, actor: Actor, on: dt.date, reason: str,
             code: str, decision: actions.Decision | None,
             expires_on: dt.date | None) -> Certificate:
        if code and step in ("surveillance", "renew"):
            raise CommandError(gettext("%(step)s 没有标准理由，不能使用 --reason-code")
                               % {"step": step}, returncode=2)
        if step == "surveillance":
            return actions.record_surveillance(cert, audited_on=on, actor=actor, reason=reason)
        if step == "suspend":
            return actions.suspend_certificate(cert, reason=reason, actor=actor, on=on,
                                               decision=decision, reason_code=code)
        if step == "withdraw":
            return actions.withdraw_certificate(cert, reason=reason, actor=actor, on=on,
                                                decision=decision, reason_code=code)
        if step == "restore":
            return actions.restore_certificate(cert, reason=reason, actor=actor, on=on,
                                               reason_code=code)
        if step == "cancel":
            return actions.cancel_certificate(cert, reason=reason, actor=actor, on=on,
                                              reason_code=code)
        if expires_on is None:
            raise CommandError(gettext("换证须给出 --expires-on"), returncode=2)
        return actions.renew_certificate(cert, issued_on=on, expires_on=expires_on,
                                         actor=actor, reason=reason)
