"""Lifecycle steps in the back office. Each step is one action from
registry/actions.py, run with the logged-in user as the signer; a refusal
(wrong state, missing reason, another body's certificate) becomes a message
on the page, never a 500."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from qualitycert.accounts.actor import Actor
from qualitycert.registry import actions
from qualitycert.registry.models import Certificate, EventKind

from .forms import RenewForm, StepForm

Run = Callable[[Certificate, dict[str, Any], Actor], Certificate]


@dataclass(frozen=True)
class Step:
    code: str
    kind: EventKind
    label: Any
    run: Run
    form: type[StepForm] = StepForm
    bulk: bool = True  # offered as a changelist action for many certificates
    danger: bool = False

    def allowed_from(self, cert: Certificate) -> bool:
        return cert.may_start(self.kind)


STEPS: dict[str, Step] = {step.code: step for step in [
    Step("surveillance", EventKind.SURVEILLANCE, gettext_lazy("记录监督审核"),
         lambda c, d, a: actions.record_surveillance(c, audited_on=d["on"], reason=d["reason"],
                                                     actor=a)),
    Step("suspend", EventKind.SUSPEND, pgettext_lazy("certificate step", "暂停"),
         lambda c, d, a: actions.suspend_certificate(c, reason=d["reason"], on=d["on"], actor=a,
                                                     decision=d.get("decision"),
                                                     reason_code=d["reason_code"]),
         danger=True),
    Step("restore", EventKind.RESTORE, pgettext_lazy("certificate step", "恢复"),
         lambda c, d, a: actions.restore_certificate(c, reason=d["reason"], on=d["on"], actor=a,
                                                     reason_code=d["reason_code"])),
    Step("withdraw", EventKind.WITHDRAW, pgettext_lazy("certificate step", "撤销"),
         lambda c, d, a: actions.withdraw_certificate(c, reason=d["reason"], on=d["on"],
                                                      actor=a, decision=d.get("decision"),
                                                      reason_code=d["reason_code"]),
         danger=True),
    Step("cancel", EventKind.CANCEL, pgettext_lazy("certificate step", "注销"),
         lambda c, d, a: actions.cancel_certificate(c, reason=d["reason"], on=d["on"], actor=a,
                                                    reason_code=d["reason_code"]),
         danger=True),
    Step("renew", EventKind.RENEW, pgettext_lazy("certificate step", "换证/再认证"),
         lambda c, d, a: actions.renew_certificate(c, issued_on=d["on"],
                                                   expires_on=d["expires_on"],
                                                   reason=d["reason"], actor=a),
         form=RenewForm, bulk=False),
]}

# Bulk steps stop at this many certificates: a lifecycle decision is made per
# certificate, and a mistaken "select all" must not suspend a whole body.
BULK_LIMIT = 500


def make_form(step: Step, data: Any = None, *, certificate: Certificate | None = None,
              actor: Actor | None = None) -> StepForm:
    return step.form(data, certificate=certificate, kind=step.kind, actor=actor)


def step_data(form: StepForm) -> dict[str, Any]:
    """The cleaned data a Step.run takes, the decision made a value."""
    return {**form.cleaned_data, "decision": form.decision(), "reason_code": form.chosen_reason_code()}


def run_step(request: HttpRequest, step: Step, certificates: Iterable[Certificate],
             data: dict[str, Any]) -> tuple[int, int]:
    """Run the step on each certificate in its own transaction (the action's);
    report each refusal by certificate number. Returns (done, refused)."""
    done = refused = 0
    actor = Actor.of(request.user)
    for cert in certificates:
        try:
            step.run(cert, data, actor)
        except (actions.RegistryError, PermissionDenied) as exc:
            refused += 1
            messages.error(request, _("%(number)s：未执行。%(why)s")
                           % {"number": cert.number, "why": exc})
        else:
            done += 1
    if done:
        messages.success(request, _("已对 %(count)d 张证书执行“%(step)s”。")
                         % {"count": done, "step": step.label})
    return done, refused
