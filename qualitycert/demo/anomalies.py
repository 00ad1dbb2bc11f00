"""A handful of certificates with each lifecycle anomaly that
`registry.queries.anomalies` looks for, so `check-lifecycle` and the back
office have something to show. The generated histories never produce these
by themselves (see lifecycle.py), so what check-lifecycle finds is exactly
what was planted here."""

from __future__ import annotations

from . import lifecycle as lc
from .holders import Draft, Generator
from .industries import BY_CODE
from .organisations import BodyPlan

# A scheme a body may lack, and an industry whose holder would want it.
UNAPPROVED_CANDIDATES = (("HACCP", "C1411"), ("ISO22000", "C1431"), ("ISO13485", "C3581"),
                         ("IATF16949", "C3670"), ("ISO27001", "I6513"), ("GBT50430", "E4710"),
                         ("ORGANIC", "A0141"), ("ISO50001", "C3130"))
REVOKED, DEREGISTERED = "revoked", "deregistered"


def plant(gen: Generator, per_kind: int) -> dict[str, int]:
    planted = {"surveillance_overdue": 0, "suspended_too_long": 0, "holder_gone": 0,
               "scheme_not_approved": 0, "body_approval_lapsed": 0}
    for i in range(per_kind):
        planted["surveillance_overdue"] += _overdue(gen)
        planted["suspended_too_long"] += _suspended_too_long(gen)
        planted["holder_gone"] += _holder_gone(gen, REVOKED if i % 2 == 0 else DEREGISTERED)
        planted["scheme_not_approved"] += _scheme_not_approved(gen)
        planted["body_approval_lapsed"] += _body_lapsed(gen)
    for kind, count in planted.items():
        gen.counts[f"planted:{kind}"] = count
    return planted


def _holder(gen: Generator, industry: str = "C3484", *, legal_status: str = "active",
            gone_on: int | None = None) -> Draft:
    # Active unless the anomaly is about the holder: one anomaly per certificate.
    draft = gen.enterprise(industry=BY_CODE[industry], size="small", legal_status=legal_status,
                           gone_on=gone_on)
    gen.counts["holders"] += 1
    return draft


def _issued_only(gen: Generator, body: BodyPlan, issued: int, years: int = 3) -> lc.Life:
    signer = gen.rng.choice(body.signers)
    events = [(lc.ISSUE, issued, lc.R_ISSUE, signer, "", lc.VALID, "{}")]
    return lc.Life(events, lc.VALID, issued, lc.R_ISSUE, signer, issued,
                   lc.expiry_for(issued, years), None)


def _overdue(gen: Generator) -> int:
    """Issued 13–18 months ago and never audited since, yet still valid."""
    issued = gen.today - gen.rng.randint(400, 540)
    body = gen.picker.pick(gen.rng, "ISO9001", issued)
    if body is None:
        return 0
    gen.add_certificate(_holder(gen), "ISO9001", body, _issued_only(gen, body, issued),
                        first_issue=issued)
    return 1


def _suspended_too_long(gen: Generator) -> int:
    """Suspended eight months or more ago, neither restored nor withdrawn."""
    rng = gen.rng
    issued = gen.today - rng.randint(640, 700)
    body = gen.picker.pick(rng, "ISO14001", issued)
    if body is None:
        return 0
    audited = issued + rng.randint(300, 340)
    suspended = audited + rng.randint(20, 60)
    signer = rng.choice(body.signers)
    reason = lc.R_SUSPEND[1]
    events = [(lc.ISSUE, issued, lc.R_ISSUE, signer, "", lc.VALID, "{}"),
              (lc.SURVEILLANCE, audited, lc.R_SURVEILLANCE, signer, lc.VALID, lc.VALID, "{}"),
              (lc.SUSPEND, suspended, reason, signer, lc.VALID, lc.SUSPENDED, "{}")]
    life = lc.Life(events, lc.SUSPENDED, suspended, reason, signer, issued,
                   lc.expiry_for(issued, 3), audited)
    gen.add_certificate(_holder(gen), "ISO14001", body, life, first_issue=issued)
    return 1


def _holder_gone(gen: Generator, legal_status: str) -> int:
    """The holder was deregistered or lost its licence; the certificate stayed valid."""
    rng = gen.rng
    gone = gen.today - rng.randint(40, 120)
    issued = gone - rng.randint(20, 150)
    body = gen.picker.pick(rng, "ISO9001", issued)
    if body is None:
        return 0
    draft = _holder(gen, legal_status=legal_status, gone_on=gone)
    gen.add_certificate(draft, "ISO9001", body, _issued_only(gen, body, issued),
                        first_issue=issued)
    return 1


def _scheme_not_approved(gen: Generator) -> int:
    """Issued by a body that was not approved for the scheme on the issue date."""
    rng = gen.rng
    issued = gen.today - rng.randint(20, 300)
    candidates = [(body, code, industry) for code, industry in UNAPPROVED_CANDIDATES
                  if code in gen.schemes for body in gen.bodies
                  if not body.lapsed and body.approved_on <= issued <= body.valid_until
                  and not body.covers(code, issued)]
    if not candidates:
        return 0
    body, code, industry = rng.choice(candidates)
    life = _issued_only(gen, body, issued, gen.schemes[code].validity_years)
    gen.add_certificate(_holder(gen, industry), code, body, life, first_issue=issued)
    return 1


def _body_lapsed(gen: Generator) -> int:
    """Issued after the body's own approval had lapsed."""
    rng = gen.rng
    lapsed = [body for body in gen.bodies if body.lapsed]
    if not lapsed:
        return 0
    body = rng.choice(lapsed)
    issued = rng.randint(max(body.valid_until + 1, gen.today - 300), gen.today - 20)
    gen.add_certificate(_holder(gen), "ISO9001", body, _issued_only(gen, body, issued),
                        first_issue=issued)
    return 1
