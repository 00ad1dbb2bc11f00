"""`qualitycert seed-demo`: the demo registry is valid, complete, deterministic,
audited, and shows exactly the lifecycle anomalies it plants."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from qualitycert.accounts.models import Role, User
from qualitycert.audit.chain import first_break
from qualitycert.audit.models import AuditEntry
from qualitycert.demo import lifecycle as lc
from qualitycert.demo.accounts import DEMO_PASSWORD
from qualitycert.demo.scales import SCALES
from qualitycert.lib import identifiers, uscc
from qualitycert.registry.models import (
    TRANSITIONS,
    BodyStatus,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    CertificationBody,
    Enterprise,
    EventKind,
    Lab,
    SchemeCategory,
)
from qualitycert.registry.models.reasons import REASONS, is_standard
from qualitycert.registry.queries import anomalies, months_before
from qualitycert.testing.factories import make_enterprise

TODAY = dt.date(2026, 11, 26)
SEED = 11


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        "usccs": list(Enterprise.objects.order_by("id").values_list("uscc", "name")),
        "bodies": list(CertificationBody.objects.order_by("id").values_list("approval_number", "name")),
        "labs": list(Lab.objects.order_by("id").values_list("cma_number", "name")),
        "certificates": list(Certificate.objects.order_by("id").values_list(
            "body__approval_number", "number", "holder__uscc", "status", "issued_on")),
        "events": list(CertificateEvent.objects.order_by("id").values_list(
            "certificate__number", "kind", "occurred_on")),
    }


def seeded_snapshot(seed_value: int) -> dict[str, list[tuple[object, ...]]]:
    """Seed inside a savepoint and roll it back, so the test can seed again."""
    with transaction.atomic():
        seed("--scale", "tiny", "--seed", str(seed_value), "--today", TODAY.isoformat())
        taken = snapshot()
        transaction.set_rollback(True)
    return taken


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker):
    """One tiny demo registry shared by the read-only tests of a class, rolled
    back after the class so no other test sees it."""
    # The same fast hasher the per-test personas use (fixtures.py), which the
    # class scope cannot get from the function-scoped `settings` fixture.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        output = seed("--scale", "tiny", "--seed", str(SEED), "--today", TODAY.isoformat())
        yield output
        transaction.set_rollback(True)


# --- determinism -------------------------------------------------------------


def test_same_seed_gives_same_registry_and_another_seed_does_not(db):
    first, again, other = seeded_snapshot(5), seeded_snapshot(5), seeded_snapshot(6)
    assert first["certificates"], "nothing was generated"
    assert first == again
    for table in ("usccs", "bodies", "certificates"):
        assert first[table] != other[table], table
    assert {u for u, _ in first["usccs"]} != {u for u, _ in other["usccs"]}


# --- what the registry holds ------------------------------------------------------


class TestTinyRegistry:
    """Read-only checks on one tiny demo registry (the class-scoped `seeded`)."""

    def test_every_identifier_passes_its_validator(self, seeded, db):
        for code in Enterprise.objects.values_list("uscc", flat=True):
            assert uscc.is_valid(code), code
        for approval, code in CertificationBody.objects.values_list("approval_number", "uscc"):
            identifiers.validate_approval_number(approval)
            assert uscc.is_valid(code), code
        for cma, code in Lab.objects.values_list("cma_number", "uscc"):
            identifiers.validate_cma_number(cma)
            assert cma[2:4] == "12", "Binhai labs are certified by Tianjin (authority 12)"
            assert uscc.is_valid(code), code
        assert set(Enterprise.objects.values_list("division_code", flat=True)) == {"120116"}


    def test_authorities_and_kinds_are_mixed(self, seeded, db):
        prefixes = Counter(code[:2] for code in Enterprise.objects.values_list("uscc", flat=True))
        assert prefixes.most_common(1)[0][0] == "91"
        assert {"92", "93"} <= set(prefixes)
        assert any(p[0] in "15" for p in prefixes), prefixes


    def test_all_categories_and_states_are_present(self, seeded, db):
        categories = set(Certificate.objects.values_list("scheme__category", flat=True))
        assert categories == set(SchemeCategory.values)
        states = Counter(Certificate.objects.values_list("status", flat=True))
        assert set(states) == set(CertificateStatus.values)
        assert states[CertificateStatus.VALID] > sum(states.values()) / 2
        by_category = Counter(Certificate.objects.values_list("scheme__category", flat=True))
        assert by_category.most_common(1)[0][0] == SchemeCategory.MANAGEMENT_SYSTEM
        assert Certificate.objects.filter(scheme__code="CCC").exists()


    def test_sizes_are_near_the_scale(self, seeded, db):
        tiny = SCALES["tiny"]
        assert Enterprise.objects.count() >= tiny.enterprises
        assert abs(Certificate.objects.count() - tiny.certificates) < tiny.certificates * 0.2
        holders = Certificate.objects.values("holder").distinct().count()
        assert abs(holders - tiny.holders) < tiny.holders * 0.2
        assert CertificationBody.objects.count() == tiny.bodies
        assert Lab.objects.count() == tiny.labs


    def test_bodies_are_marked_as_demo_and_some_lapsed(self, seeded, db):
        bodies = list(CertificationBody.objects.all())
        assert all("演示" in b.name and "Demo" in b.name_en for b in bodies)
        lapsed = [b for b in bodies if b.status == BodyStatus.EXPIRED]
        assert lapsed and all(b.approval_valid_until < TODAY for b in lapsed)
        assert len({b.last_reported_on for b in bodies}) > 1
        for body in bodies:
            assert body.approvals.exists(), body


    def test_event_replay_ends_in_each_certificates_state(self, seeded, db):
        events = defaultdict(list)
        for event in CertificateEvent.objects.order_by("occurred_on", "id"):
            events[event.certificate_id].append(event)
        certificates = list(Certificate.objects.all())
        assert certificates
        for cert in certificates:
            history = events[cert.pk]
            assert history and history[0].kind == EventKind.ISSUE, cert.number
            status, issued, surveillance, changed = CertificateStatus.VALID, history[0].occurred_on, None, history[0].occurred_on
            for event in history[1:]:
                allowed, target = TRANSITIONS[EventKind(event.kind)]
                assert status in allowed, (cert.number, event.kind, status)
                assert event.from_status == status, (cert.number, event.kind)
                status = target or status
                assert event.to_status == status
                if event.kind == EventKind.SURVEILLANCE:
                    surveillance = event.occurred_on
                if event.kind == EventKind.RENEW:
                    issued, surveillance = event.occurred_on, None
                if target is not None:
                    changed = event.occurred_on
            assert status == cert.status, cert.number
            assert issued == cert.issued_on, cert.number
            assert surveillance == cert.last_surveillance_on, cert.number
            assert changed == cert.status_changed_on, cert.number
            assert history[-1].occurred_on <= TODAY


    def test_decisions_carry_standard_grounds(self, seeded, db):
        # Suspensions, restorations, withdrawals and cancellations say why by a
        # standard ground (registry/models/reasons.py), in one language per screen.
        decisions = CertificateEvent.objects.filter(kind__in=list(REASONS))
        assert decisions.exists() and not decisions.filter(reason_code="").exists()
        for event in decisions:
            assert is_standard(event.kind, event.reason_code), (event.kind, event.reason_code)
            with translation.override("en"):
                shown = event.reason_display()
            assert event.reason_code == "other" or not re.search(r"[\u4e00-\u9fff]", shown), (
                event.reason, shown)
        for cert in Certificate.objects.exclude(status_reason_code=""):
            assert lc.REASON_CODES[cert.status_reason] == cert.status_reason_code

    def test_check_lifecycle_finds_exactly_the_planted_anomalies(self, seeded, db):
        planted = AuditEntry.objects.get(action="demo.seed").after["planted"]
        found = {kind.code: qs.count() for kind, qs in anomalies(TODAY)}
        assert found == planted
        assert all(count >= 1 for count in planted.values())
        out = io.StringIO()
        with pytest.raises(SystemExit) as exit_info:
            call_command("check_lifecycle", "--on", TODAY.isoformat(), stdout=out)
        assert exit_info.value.code == 1
        assert f"合计：{sum(planted.values())}" in out.getvalue()


    def test_rows_added_later_get_fresh_ids(self, seeded, db):
        # Demo rows carry explicit ids; PostgreSQL's sequences must have moved past them.
        assert make_enterprise().pk > Enterprise.objects.exclude(
            name_key__startswith="测试企业").order_by("-pk").values_list("pk", flat=True)[0]

    def test_one_audit_entry_and_the_chain_verifies(self, seeded, db):
        entry = AuditEntry.objects.get(action="demo.seed")
        assert entry.after["scale"] == "tiny" and entry.after["seed"] == SEED
        assert entry.after["counts"]["certificates"] == Certificate.objects.count()
        # The registry side is one entry; the credit side's signed acts (the
        # model published, the grading runs, the listings and the repair
        # request) are audited as they would be for real.
        assert AuditEntry.objects.exclude(action__startswith="credit.").count() == 1
        assert first_break() is None
        call_command("audit_verify", stdout=io.StringIO())


    def test_demo_accounts_have_their_roles_and_scopes(self, seeded, db):
        from qualitycert.plan.models import Department

        users = {u.username: u for u in User.objects.all()}
        expected = {"admin": Role.ADMIN, "supervisor": Role.SUPERVISOR, "cb_demo": Role.CB_OPERATOR,
                    "lab_demo": Role.LAB_OPERATOR, "inspector1": Role.INSPECTOR,
                    "inspector2": Role.INSPECTOR, "inspector3": Role.INSPECTOR,
                    "enterprise_demo": Role.ENTERPRISE, "secadmin": Role.SECURITY_ADMIN,
                    "auditor": Role.AUDIT_ADMIN}
        for username, role in expected.items():
            assert users[username].role == role
            assert users[username].check_password(DEMO_PASSWORD)
            users[username].clean()  # each scoped role has exactly its organisation
        assert users["admin"].is_superuser and users["admin"].is_staff
        assert users["supervisor"].is_staff and not users["supervisor"].is_superuser
        assert users["cb_demo"].is_staff
        assert users["cb_demo"].body == CertificationBody.objects.order_by("id").first()
        assert users["enterprise_demo"].enterprise.certificates.filter(
            status=CertificateStatus.VALID).exists()
        assert ("dept_demo" in users) == Department.objects.exists()
        assert "demo-password-2026" in seeded and "cb_demo" in seeded
        # Staff come enrolled with the published authenticator secret; enterprises need none.
        from qualitycert.accounts import twofactor
        from qualitycert.demo.accounts import DEMO_TOTP_SECRET

        assert DEMO_TOTP_SECRET in seeded
        assert twofactor.is_enrolled(users["admin"]) and twofactor.is_enrolled(users["auditor"])
        assert not twofactor.is_enrolled(users["enterprise_demo"])


# --- refusing and skipping -----------------------------------------------------------


def test_if_empty_does_nothing_when_there_are_enterprises(db):
    make_enterprise()
    out = seed("--if-empty", "--scale", "tiny", "--today", TODAY.isoformat())
    assert "跳过演示数据" in out
    assert Enterprise.objects.count() == 1
    assert not AuditEntry.objects.filter(action="demo.seed").exists()


def test_refuses_a_non_empty_registry_without_if_empty(db):
    make_enterprise()
    with pytest.raises(CommandError, match="登记库已有数据") as error:
        seed("--scale", "tiny", "--today", TODAY.isoformat())
    assert error.value.returncode == 2
    assert Enterprise.objects.count() == 1


@pytest.mark.parametrize("value", ["26/11/2026", "2026-02-30", "2020-12-31"])
def test_rejects_a_bad_today(db, value):
    with pytest.raises(CommandError) as error:
        seed("--scale", "tiny", "--today", value)
    assert error.value.returncode == 2
    assert not Enterprise.objects.exists()


def test_refusals_are_in_one_language(db):
    from django.utils import translation

    with pytest.raises(CommandError) as chinese:
        seed("--scale", "tiny", "--today", "2020-12-31")
    assert str(chinese.value).startswith("--today 不能早于 2021-01-01")
    with translation.override("en"), pytest.raises(CommandError) as english:
        seed("--scale", "tiny", "--today", "2020-12-31")
    assert str(english.value).startswith("--today cannot be before 2021-01-01")
    assert not re.search(r"[\u4e00-\u9fff]", str(english.value))


# --- the lifecycle simulation on its own ---------------------------------------------


@pytest.mark.parametrize("audited,years", [(True, 3), (True, 5), (False, 1)])
def test_simulated_histories_are_legal_and_never_anomalous(audited, years):
    today = TODAY.toordinal()
    overdue_limit = months_before(TODAY, 12).toordinal()
    suspension_limit = months_before(TODAY, 6).toordinal()
    rng = random.Random(3)
    seen = Counter()
    for n in range(3000):
        stop = None
        if n % 7 == 0:
            stop = lc.Stop(today - rng.randint(0, 2000), lc.CANCEL, lc.R_HOLDER_DEREGISTERED)
        first = today - rng.randint(1, 3500)
        if stop is not None and first >= stop.on:
            first = stop.on - 30
        life = lc.simulate(rng, first_issue=first, validity_years=years, audited=audited,
                           today=today, signers=("甲",), stop=stop, full_history=n % 2 == 0)
        status = ""
        for kind, on, _, _, before, after, _ in life.events:
            assert before == status and on <= today
            if kind != lc.ISSUE:
                allowed, target = TRANSITIONS[EventKind(kind)]
                assert status in allowed
                assert after == (target or status)
            status = after
        assert status == life.status
        seen[status] += 1
        if status == lc.VALID:
            assert life.expires_on >= today
            assert (life.last_surveillance_on or life.issued_on) >= overdue_limit or not audited
        if status == lc.SUSPENDED:
            assert life.status_changed_on >= suspension_limit
    assert seen[lc.VALID] > 1000
    # Schemes without surveillance (organic, GAP) are renewed yearly or lapse;
    # nothing suspends or withdraws them.
    assert len(seen) == (5 if audited else 3), seen


# --- the real district ---------------------------------------------------------------


@pytest.mark.slow
def test_district_scale_meets_the_plans_targets(db):
    seed("--today", TODAY.isoformat())
    assert 29_000 <= Enterprise.objects.count() <= 31_000
    assert 6_300 <= Certificate.objects.count() <= 7_700
    assert CertificationBody.objects.count() == 60 and Lab.objects.count() == 300
    valid = Certificate.objects.filter(status=CertificateStatus.VALID)

    def holders(category: str) -> int:
        return valid.filter(scheme__category=category).values("holder").distinct().count()

    # The plan's targets (管理体系 > 2600, 食品农产品 > 100, 服务 > 20) are near or met.
    assert holders(SchemeCategory.MANAGEMENT_SYSTEM) > 2400
    assert holders(SchemeCategory.FOOD_AGRI) > 100
    assert holders(SchemeCategory.SERVICE) > 20
    assert Enterprise.objects.filter(is_equipment_manufacturer=True).count() > 3000
    planted = AuditEntry.objects.get(action="demo.seed").after["planted"]
    assert {kind.code: qs.count() for kind, qs in anomalies(TODAY)} == planted
    assert first_break() is None


def test_demo_grades_the_district_and_lists_a_few(db):
    """The credit side: a published model, grades with their contributions,
    dishonesty entries, one repair in progress by enterprise_demo."""
    from qualitycert.credit import queries as credit_queries
    from qualitycert.credit.models import CreditGrade, GradingModel, RepairRequest
    from qualitycert.demo.scales import SCALES
    from qualitycert.demo.writer import seed_demo

    today = dt.date(2026, 6, 30)
    seed_demo(scale=SCALES["tiny"], seed=SEED, today=today)
    assert GradingModel.objects.published().count() == 1
    run = credit_queries.latest_run()
    assert run is not None and run.as_of == today and run.graded > 100
    assert CreditGrade.objects.filter(run=run).count() == run.graded
    assert CreditGrade.objects.filter(run=run).exclude(contributions=[]).exists()
    assert credit_queries.active_dishonesty(today).count() >= 3
    repair = RepairRequest.objects.get()
    assert repair.is_open and repair.submitted_by.username == "enterprise_demo"
