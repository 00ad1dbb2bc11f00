"""Shared personas, one per role (STYLE.md): a permission test is one line.

    def test_other_body_is_404(client_for, cb_bob, cert_a): ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

if TYPE_CHECKING:
    from qualitycert.accounts.models import User
    from qualitycert.plan.models import Department
    from qualitycert.registry.models import Certificate, CertificationBody, Enterprise, Lab

PASSWORD = "correct-horse-battery-staple"


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def _uses_database(request) -> bool:
    return bool(_DB_FIXTURES & set(request.fixturenames)) or bool(
        request.node.get_closest_marker("django_db"))


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reference data that migrations load (the scheme catalogue, the plan,
    the State Council's holiday notices).

    A transactional test (live server, browser) ends by flushing every table,
    which also removes what data migrations loaded; the tests that follow it on
    the same worker would then find no schemes. Restoring it here, before each
    database test, keeps every test independent of the order tests run in."""
    if not _uses_database(request):
        return
    request.getfixturevalue("_django_db_helper")
    restore_reference_data()


def restore_reference_data() -> None:
    """Load what data migrations load, where a flush removed it (also for
    module-scoped fixtures, which are set up before `_reference_data`)."""
    from django.apps import apps

    from qualitycert.plan.loading import DATA_DIR, load_plan, read_plan_file
    from qualitycert.registry.catalogue import load_scheme_catalogue
    from qualitycert.workcalendar.loading import load_shipped_arrangements

    scheme = apps.get_model("registry", "Scheme")
    if not scheme.objects.exists():
        load_scheme_catalogue(scheme)
    for path in sorted(DATA_DIR.glob("*.json")):
        data = read_plan_file(path)
        if not apps.get_model("plan", "Plan").objects.filter(code=data["code"]).exists():
            load_plan(data, lambda name: apps.get_model("plan", name))
    notice = apps.get_model("workcalendar", "HolidayArrangement")
    if not notice.objects.exists():
        load_shipped_arrangements(notice, apps.get_model("workcalendar", "ArrangementDay"))


@pytest.fixture(autouse=True)
def _default_language():
    """A request through LocaleMiddleware leaves its language active in the
    worker's thread; a later test's messages would then come out in English
    or Chinese depending on which test ran before it. Each test starts in the
    site's default language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request):
    # PBKDF2 at production strength costs ~0.3 s per persona; tests need no strength.
    if "settings" in request.fixturenames or request.node.get_closest_marker("django_db") \
            or "db" in request.fixturenames:
        request.getfixturevalue("settings").PASSWORD_HASHERS = [
            "django.contrib.auth.hashers.MD5PasswordHasher"]


def _user(username: str, role: str, **fields: Any) -> User:
    from qualitycert.accounts.models import User

    return User.objects.create_user(username=username, password=PASSWORD, role=role,
                                    first_name=fields.pop("first_name", username), **fields)


@pytest.fixture
def body_a(db) -> CertificationBody:
    from .factories import make_body

    return make_body("CNCA-R-2002-001", "甲认证有限公司（测试）",
                     schemes=["ISO9001", "ISO14001", "ISO45001", "CCC", "GBT27922", "ORGANIC"])


@pytest.fixture
def body_b(db) -> CertificationBody:
    from .factories import make_body

    return make_body("CNCA-R-2003-002", "乙认证中心（测试）", schemes=["ISO9001", "HACCP"])


@pytest.fixture
def holder(db) -> Enterprise:
    from .factories import make_enterprise

    return make_enterprise("天津滨海测试制造有限公司", division_code="120116",
                           industry_code="C3411")


@pytest.fixture
def department(db) -> Department:
    from qualitycert.plan.models import Department

    return Department.objects.get_or_create(code="scjgj", defaults={"name": "区市场监管局"})[0]


@pytest.fixture
def admin_user(db) -> User:
    return _user("admin", "admin", is_staff=True, is_superuser=True)


@pytest.fixture
def supervisor(db) -> User:
    return _user("supervisor", "supervisor", is_staff=True, first_name="王监管")


@pytest.fixture
def security_admin(db) -> User:
    return _user("secadmin", "security_admin", is_staff=True, first_name="安全管理员")


@pytest.fixture
def audit_admin(db) -> User:
    return _user("auditor", "audit_admin", is_staff=True, first_name="审计管理员")


@pytest.fixture
def cb_alice(body_a) -> User:
    return _user("cb_alice", "cb_operator", is_staff=True, body=body_a, first_name="Alice")


@pytest.fixture
def cb_bob(body_b) -> User:
    return _user("cb_bob", "cb_operator", is_staff=True, body=body_b, first_name="Bob")


@pytest.fixture
def inspector(db) -> User:
    return _user("inspector", "inspector", first_name="李检查")


@pytest.fixture
def dept_user(department) -> User:
    return _user("dept_user", "department", department=department)


@pytest.fixture
def enterprise_user(holder) -> User:
    return _user("enterprise", "enterprise", enterprise=holder)


@pytest.fixture
def lab_a(db) -> Lab:
    from qualitycert.registry.models import Lab

    return Lab.objects.create(cma_number="241212349001", name="天津滨海检验检测中心（测试）",
                              fields=["机械产品", "电器产品"])


@pytest.fixture
def lab_staff(lab_a) -> User:
    """Staff of lab_a in the back office (docs/decisions/0017-lab-role.md)."""
    return _user("lab_staff", "lab_operator", is_staff=True, lab=lab_a, first_name="陈检验")


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    """A client signed in as `user`, past the second factor when the role has one."""
    from .otp import verified_login

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            verified_login(client, user)
        return client
    return make


@pytest.fixture
def issue(supervisor) -> Callable[..., Certificate]:
    """Issue a certificate through the real action (so it has its event and audit entry)."""
    from qualitycert.registry import actions
    from qualitycert.registry.models import Scheme
    from qualitycert.testing.actors import as_actor

    def make(body: CertificationBody, holder: Enterprise, number: str, *,
             scheme: str = "ISO9001", issued_on: dt.date = dt.date(2025, 1, 10),
             years: int = 3, actor: User | None = None) -> Certificate:
        return actions.issue_certificate(
            number=number, body=body, holder=holder, scheme=Scheme.objects.get(code=scheme),
            issued_on=issued_on, expires_on=issued_on.replace(year=issued_on.year + years)
            - dt.timedelta(days=1), scope="测试范围", actor=as_actor(actor or supervisor))
    return make


@pytest.fixture
def cert_a(issue, body_a, holder) -> Certificate:
    return issue(body_a, holder, "00125Q10001R0M")


@pytest.fixture
def cert_b(issue, body_b, holder) -> Certificate:
    return issue(body_b, holder, "B-2025-0001")


@pytest.fixture(autouse=True)
def _fresh_limits_and_keys(request, monkeypatch):
    """Rate-limit counters and lookup answers live in process-wide caches and the signing key
    in a process-wide memo, while the database rolls back after every test:
    start each test with neither. The limiter's clock stands still 30 s into
    a window, so a slow test cannot straddle a window edge and pass or fail
    by luck."""
    from django.core.cache import cache, caches

    from qualitycert.accounts import ratelimit
    from qualitycert.verification import keyring
    from qualitycert.verification.lookup_cache import CACHE_ALIAS

    monkeypatch.setattr(ratelimit, "_clock", lambda: 1_800_000_030.0)
    cache.clear()
    # The public lookup's answers (a rolled-back test leaves them behind).
    caches[CACHE_ALIAS].clear()
    caches["shared"].clear()
    keyring.reset()
    yield
    keyring.reset()


def bureau_decision(on: dt.date, serial: int = 1) -> Any:
    """The administrative decision a bureau suspension or withdrawal rests on."""
    from qualitycert.registry.models import Decision

    return Decision(f"津滨市监认决〔{on.year}〕{serial}号", on)


@pytest.fixture
def in_state(supervisor) -> Callable[[Certificate, str], Certificate]:
    """Put a certificate in a lifecycle state through the real actions (the
    bureau suspends and withdraws by an administrative decision)."""
    from qualitycert.registry import actions
    from qualitycert.testing.actors import as_actor

    def put(cert: Certificate, state: str) -> Certificate:
        on = dt.date(2025, 6, 1)
        if state == "suspended":
            return actions.suspend_certificate(cert, reason="未按期监督审核",
                                               actor=as_actor(supervisor), on=on,
                                               decision=bureau_decision(on))
        if state == "withdrawn":
            return actions.withdraw_certificate(cert, reason="严重不符合",
                                                actor=as_actor(supervisor), on=on,
                                                decision=bureau_decision(on))
        if state == "cancelled":
            return actions.cancel_certificate(cert, reason="企业申请注销",
                                                actor=as_actor(supervisor), on=on)
        if state == "expired":
            return actions.expire_certificate(cert, actor=as_actor(supervisor), on=dt.date(2028, 6, 1))
        return cert
    return put


@pytest.fixture
def api_token(db, supervisor) -> str:
    """A procurement system's token (plaintext) with a generous limit."""
    from qualitycert.accounts.models import User
    from qualitycert.api import actions
    from qualitycert.testing.actors import as_actor

    owner = User.objects.create_user(username="procurement", password="x" * 12,
                                     role="api_client")
    _token, plaintext = actions.create_api_token(owner=owner, name="区采购平台",
                                                 rate_limit_per_minute=1000,
                                                 actor=as_actor(supervisor))
    return plaintext
