""""Valid on day D" agrees everywhere a regulator sees it.

`certificates_valid_on(day)` (the ORM rule the annual report counts from) and
`certified_enterprises_by_category(day)` (the plan targets' raw-SQL fast path)
must give the same holders per scheme category, and both must match the rule as
its docstring states it, written out in plain Python. Certificates come with
random dates and lifecycles through the real actions (suspend, restore,
withdraw, cancel, expire — on time or late —, renew early or after a gap,
surveillance audits, corrections), or imported without any history; the days
asked about are random and on the boundaries of those histories.

A third check compares the rule with what really happened (the timeline the
generator followed): the two may differ only in the approximations the rule's
docstring names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycert.plan import targets
from qualitycert.registry import actions
from qualitycert.registry.corrections import correct_certificate_details
from qualitycert.registry.models import (
    TRANSITIONS,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    EventKind,
    Scheme,
)
from qualitycert.registry.queries import certificates_valid_on
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.testing.factories import make_enterprise

S = CertificateStatus
BASE = dt.date(2019, 1, 1)
# (body, scheme) pairs the fixture bodies are approved for, every category covered.
SCHEMES = [("a", "ISO9001"), ("a", "ISO14001"), ("a", "CCC"), ("a", "GBT27922"),
           ("a", "ORGANIC"), ("b", "ISO9001"), ("b", "HACCP")]
STEPS = ["suspend", "restore", "withdraw", "cancel", "expire", "renew", "surveillance",
         "correct"]
AFTER = {"suspend": S.SUSPENDED, "restore": S.VALID, "withdraw": S.WITHDRAWN,
         "cancel": S.CANCELLED}
# Stated independently of the code under test: every kind but these moves the status.
CHANGING = set(EventKind.values) - {EventKind.SURVEILLANCE, EventKind.CORRECT}


@dataclass(frozen=True)
class Spec:
    holder: int
    scheme: tuple[str, str]
    issued: int  # days after BASE
    years: int
    # Imported without history: (status, days from issued_on to status_changed_on).
    imported: tuple[str, int] | None
    steps: list[tuple[str, int]]  # (step, days after the previous one); impossible ones skipped


SPECS = st.builds(
    Spec,
    holder=st.integers(0, 2),
    scheme=st.sampled_from(SCHEMES),
    issued=st.integers(0, 6 * 365),
    years=st.integers(1, 3),
    imported=st.none() | st.tuples(st.sampled_from(S.values), st.integers(0, 4 * 365)),
    steps=st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 700)), max_size=5),
)
DAYS = st.integers(0, 10 * 365).map(lambda n: BASE + dt.timedelta(days=n))


@dataclass(frozen=True)
class State:
    """What really held from `since` on: the status and the validity period."""

    since: dt.date
    status: str
    begin: dt.date
    end: dt.date


@contextmanager
def _rolled_back() -> Iterator[None]:
    """Each example writes inside a savepoint and leaves nothing behind."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _build(spec: Spec, n: int, issue, bodies, holders, supervisor) -> tuple[int, list[State]]:
    """Make one certificate as `spec` says; return its pk and true timeline."""
    body_key, code = spec.scheme
    body, holder = bodies[body_key], holders[spec.holder]
    # No certificate runs longer than its scheme allows (organic: 1 year).
    years = min(spec.years, Scheme.objects.get(code=code).validity_years)
    issued = BASE + dt.timedelta(days=spec.issued)
    if (issued.month, issued.day) == (2, 29):  # the issue fixture adds whole years
        issued += dt.timedelta(days=1)
    if spec.imported is None:
        cert = issue(body, holder, f"P-{n}", scheme=code, issued_on=issued, years=years)
        timeline = [State(issued, S.VALID, issued, cert.expires_on)]
    else:
        # As a bulk import without events left rows before imports recorded history.
        status, after = spec.imported
        end = issued + dt.timedelta(days=365 * years - 1)
        changed = issued + dt.timedelta(days=after)
        if status == S.EXPIRED:
            changed = max(changed, end + dt.timedelta(days=1))
        cert = Certificate.objects.create(
            number=f"P-{n}", body=body, holder=holder, scheme=Scheme.objects.get(code=code),
            issued_on=issued, expires_on=end, status=status, status_changed_on=changed)
        timeline = [State(issued, S.VALID, issued, end), State(changed, status, issued, end)]
    day = timeline[-1].since
    for i, (step, gap) in enumerate(spec.steps):
        now = timeline[-1]
        if step == "correct":  # dated today by the action; leaves the status alone
            correct_certificate_details(cert, scope=f"更正后的范围{i}", sites=None,
                                        reason="信息更正", actor=as_actor(supervisor))
            continue
        if now.status not in TRANSITIONS[EventKind(step)][0]:
            continue
        if step == "surveillance":
            # Leaves the status alone, and may be dated back (into an earlier
            # suspension, say): an audit is often recorded long after it.
            audited = max(now.begin, day - dt.timedelta(days=gap))
            if audited <= min(actions.today(), now.end):
                actions.record_surveillance(cert, audited_on=audited, actor=as_actor(supervisor))
            continue
        day += dt.timedelta(days=gap)
        if step != "expire" and day > actions.today():
            break  # no step is dated in the future (models/lifecycle.py)
        if step == "expire":
            # The daily job's expiry, on time (the day after the end) or late.
            day = max(day, now.end + dt.timedelta(days=1))
            actions.expire_certificate(cert, actor=as_actor(supervisor), on=day)
            timeline.append(State(day, S.EXPIRED, now.begin, now.end))
        elif step == "renew":  # early, on time, or after a gap (expired or not recorded)
            end = day + dt.timedelta(days=365 * years - 1)
            actions.renew_certificate(cert, issued_on=day, expires_on=end, actor=as_actor(supervisor))
            timeline.append(State(day, S.VALID, day, end))
        else:
            decision = {"decision": any_decision()} if step in {"suspend", "withdraw"} else {}
            getattr(actions, f"{step}_certificate")(cert, reason="随机测试", actor=as_actor(supervisor),
                                                     on=day, **decision)
            timeline.append(State(day, AFTER[step], now.begin, now.end))
    return cert.pk, timeline


def valid_by_rule(cert: Certificate, events: list[CertificateEvent], day: dt.date) -> bool:
    """The rule of `certificates_valid_on`'s docstring, in plain Python, from
    the stored rows (`events` in (occurred_on, id) order)."""
    if cert.status_changed_on <= day:
        # Nothing changed after `day`: the present state is the state on `day`.
        return cert.status == S.VALID and cert.issued_on <= day <= cert.expires_on
    history = [e for e in events if e.kind in CHANGING and e.occurred_on <= day]
    if history:
        status = history[-1].to_status
    else:  # no history yet: the state it was issued in, once issued
        status = S.VALID if cert.issued_on <= day else ""
    # A renewal after `day` overwrote the period: only its end still bounds it.
    renewed_after = any(e.kind == EventKind.RENEW and e.occurred_on > day for e in events)
    begun = renewed_after or cert.issued_on <= day
    return status == S.VALID and begun and day <= cert.expires_on


def truly_valid(timeline: list[State], day: dt.date) -> tuple[bool, State | None]:
    states = [s for s in timeline if s.since <= day]
    if not states:
        return False, None
    now = states[-1]
    return now.status == S.VALID and now.begin <= day <= now.end, now


def documented_approximation(cert: Certificate, events: list[CertificateEvent],
                             truth: State | None, day: dt.date) -> str | None:
    """Which approximation of the docstring explains a rule/reality difference."""
    history = any(e.kind in CHANGING and e.occurred_on <= day for e in events)
    renewed_after = any(e.kind == EventKind.RENEW and e.occurred_on > day for e in events)
    if (renewed_after and history and truth is not None and truth.status == S.VALID
            and truth.end < day):
        return "renewed after the day; the old period's unrecorded end is not kept"
    imported = not any(e.kind == EventKind.ISSUE for e in events)
    if imported and not history and cert.status_changed_on > day:
        return "imported without history and changed after the day: present period decides"
    return None


def _holders_by_category(day: dt.date) -> dict[str, int]:
    holders: dict[str, set[int]] = {}
    for holder_id, category in certificates_valid_on(day).values_list(
            "holder_id", "scheme__category"):
        holders.setdefault(category, set()).add(holder_id)
    return {category: len(ids) for category, ids in holders.items()}


@pytest.fixture
def holders(holder):
    return [holder, make_enterprise("第二随机测试有限公司"), make_enterprise("第三随机测试有限公司")]


@settings(deadline=None, max_examples=30,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs=st.lists(SPECS, min_size=1, max_size=6), random_days=st.lists(DAYS, max_size=4),
       data=st.data())
def test_rule_fast_path_and_plain_python_agree(issue, body_a, body_b, holders, supervisor,
                                               specs, random_days, data):
    with _rolled_back():
        bodies = {"a": body_a, "b": body_b}
        timelines = dict(_build(spec, n, issue, bodies, holders, supervisor)
                         for n, spec in enumerate(specs))
        certs = Certificate.objects.in_bulk(list(timelines))
        events: dict[int, list[CertificateEvent]] = {pk: [] for pk in certs}
        for event in CertificateEvent.objects.filter(certificate__in=certs).order_by(
                "certificate", "occurred_on", "id"):
            events[event.certificate_id].append(event)
        # Days on the edges of the histories, where off-by-one mistakes live.
        edges = {d + dt.timedelta(days=k) for c in certs.values()
                 for d in (c.issued_on, c.expires_on, c.status_changed_on) for k in (-1, 0, 1)}
        edges |= {e.occurred_on + dt.timedelta(days=k) for evs in events.values() for e in evs
                  for k in (-1, 0)}
        edges |= {s.end + dt.timedelta(days=1) for tl in timelines.values() for s in tl}
        days = random_days + data.draw(st.lists(st.sampled_from(sorted(edges)), max_size=8),
                                       label="edge days")
        for day in days:
            got = set(certificates_valid_on(day).values_list("pk", flat=True))
            # (a) the plan's raw-SQL aggregate counts the same holders per category
            assert targets.certified_enterprises_by_category(day) == _holders_by_category(day), day
            # (b) the ORM statement is the documented rule
            expected = {pk for pk, c in certs.items() if valid_by_rule(c, events[pk], day)}
            assert got == expected, day
            # (c) …which is reality, but for the approximations its docstring names
            for pk, cert in certs.items():
                really, state = truly_valid(timelines[pk], day)
                if (pk in got) != really:
                    assert documented_approximation(cert, events[pk], state, day), (
                        cert.number, day, pk in got, timelines[pk])


def test_audits_and_corrections_do_not_move_the_status(issue, body_a, holder, supervisor):
    """Their events carry the status of the moment they were recorded, which is
    not the status on the date they bear."""
    today = actions.today()
    audited = issue(body_a, holder, "AUDIT-1", issued_on=dt.date(2024, 1, 10))
    actions.suspend_certificate(audited, reason="暂停", actor=as_actor(supervisor), on=dt.date(2024, 6, 1), decision=any_decision())
    actions.restore_certificate(audited, reason="恢复", actor=as_actor(supervisor), on=dt.date(2024, 9, 1))
    # Recorded after the restoration (to_status valid), audited during the suspension.
    actions.record_surveillance(audited, audited_on=dt.date(2024, 7, 1), actor=as_actor(supervisor))
    actions.withdraw_certificate(audited, reason="撤销", actor=as_actor(supervisor), on=dt.date(2025, 3, 1), decision=any_decision())
    corrected = issue(body_a, holder, "CORR-1", scheme="GBT27922",
                      issued_on=today - dt.timedelta(days=100))
    actions.suspend_certificate(corrected, reason="已决定暂停", actor=as_actor(supervisor),
                                on=today, decision=any_decision())
    # A suspension dated ahead, as rows written before steps were held to today
    # still are: the action no longer takes one, so the date is moved here.
    ahead = today + dt.timedelta(days=30)
    Certificate.objects.filter(pk=corrected.pk).update(status_changed_on=ahead)
    corrected.events.filter(kind=EventKind.SUSPEND).update(occurred_on=ahead)
    corrected.refresh_from_db()
    # Dated today, to_status suspended: the suspension already recorded.
    correct_certificate_details(corrected, scope="更正后的范围", sites=None, reason="更正",
                                actor=as_actor(supervisor))
    for day, valid in [(dt.date(2024, 7, 15), set()), (dt.date(2024, 10, 1), {"AUDIT-1"}),
                       (today, {"CORR-1"})]:
        assert set(certificates_valid_on(day).values_list("number", flat=True)) == valid, day
        categories = {"AUDIT-1": "management_system", "CORR-1": "service"}
        assert targets.certified_enterprises_by_category(day) == {
            categories[number]: 1 for number in valid}, day

