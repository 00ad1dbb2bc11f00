"""One demo account per role, so each part of the system can be tried out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from qualitycert.accounts import twofactor
from qualitycert.accounts.models import Role, User
from qualitycert.accounts.roles import needs_second_factor

# The README's inspector users and their inspector-library entries (issue 11:
# without an entry "我的检查任务" had nothing to show them).
README_INSPECTORS = [("inspector1", "赵强", "12011601101"), ("inspector2", "孙磊", "12011601102"),
                     ("inspector3", "周杰", "12011601103")]
BUREAU_DEPARTMENT = ("区市场监管局", "scjgj")

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 # nosec B105 # published in the README on purpose
# The demo accounts' authenticator secret (base32), printed by seed-demo and in
# the README so the demo can be tried with any TOTP app or `qualitycert
# totp-code USER`. A real account enrols its own random secret on first login.
DEMO_TOTP_SECRET = "QUALITYCERTDEMOBINHAISEVENTOTPAB"  # noqa: S105 # nosec B105 # published on purpose


def enrol_demo_second_factor(user: User) -> None:
    """Give a demo account needing a second factor the published demo secret
    (once: an account that already has an authenticator keeps it)."""
    if needs_second_factor(user) and not twofactor.is_enrolled(user):
        twofactor.enrol_with_secret(user, DEMO_TOTP_SECRET)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    scope: str      # the organisation it is tied to, for the printed list
    created: bool   # False when an account of that name already existed


def create_demo_accounts(*, body: object, lab: object | None, enterprise: object | None,
                         joined: dt.datetime) -> list[DemoAccount]:
    from qualitycert.plan.models import Department

    department = Department.objects.order_by("id").first()
    specs: list[tuple[str, str, str, dict[str, object]]] = [
        ("admin", Role.ADMIN, "系统管理员", {"is_staff": True, "is_superuser": True}),
        ("secadmin", Role.SECURITY_ADMIN, "钱安", {"is_staff": True}),
        ("auditor", Role.AUDIT_ADMIN, "冯审", {"is_staff": True}),
        ("supervisor", Role.SUPERVISOR, "王建国", {"is_staff": True}),
        ("cb_demo", Role.CB_OPERATOR, "刘芳", {"is_staff": True, "body": body}),
        ("inspector1", Role.INSPECTOR, "赵强", {}),
        ("inspector2", Role.INSPECTOR, "孙磊", {}),
        ("inspector3", Role.INSPECTOR, "周杰", {}),
    ]
    if lab is not None:
        specs.append(("lab_demo", Role.LAB_OPERATOR, "陈静", {"is_staff": True, "lab": lab}))
    if enterprise is not None:
        specs.append(("enterprise_demo", Role.ENTERPRISE, "吴敏", {"enterprise": enterprise}))
    # Departments belong to the plan data, loaded separately; a department
    # account only makes sense once there is a department to tie it to.
    if department is not None:
        specs.append(("dept_demo", Role.DEPARTMENT, "郑伟", {"department": department}))

    # One hash for all: the password is public, and hashing it once saves a
    # third of a second per account at production strength.
    password = make_password(DEMO_PASSWORD)
    accounts = []
    for username, role, full_name, fields in specs:
        scope = str(next((value for key, value in fields.items()
                          if key in {"body", "lab", "enterprise", "department"}), ""))
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            enrol_demo_second_factor(existing)
            accounts.append(DemoAccount(username, role, scope, created=False))
            continue
        user = User(username=username, role=role, first_name=full_name, password=password,
                    date_joined=joined, **fields)
        user.clean()
        user.save()
        enrol_demo_second_factor(user)
        accounts.append(DemoAccount(username, role, scope, created=True))
    link_readme_inspectors()
    return accounts


def link_readme_inspectors() -> list[object]:
    """Give inspector1..3 their inspector-library entries (in the bureau's own
    department), unless they have one; returns the entries."""
    from qualitycert.inspections.models import Inspector
    from qualitycert.plan.models import Department

    name, code = BUREAU_DEPARTMENT
    department = (Department.objects.filter(code=code).first()
                  or Department.objects.get_or_create(name=name, defaults={"code": code})[0])
    entries: list[object] = []
    for username, full_name, number in README_INSPECTORS:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        entry = Inspector.objects.filter(user=user).first()
        if entry is None:
            entry, _ = Inspector.objects.get_or_create(
                enforcement_number=number, defaults={
                    "name": full_name, "department": department, "user": user,
                    "specialties": ["认证监管"]})
        entries.append(entry)
    return entries
