"""Every access check honours is_active: a disabled account, whatever its
role, sees and changes nothing (issue 10: registry/access.py used to skip it)."""

from __future__ import annotations

import pytest
from django.http import Http404

from qualitycert.inspections import access as inspections_access
from qualitycert.plan import access as plan_access
from qualitycert.registry import access as registry_access
from qualitycert.registry.importers.permissions import batches_visible_to, kinds_allowed

pytestmark = pytest.mark.django_db


def _disable(user):
    user.is_active = False
    return user


@pytest.mark.parametrize("persona", ["supervisor", "admin_user", "cb_alice", "enterprise_user"])
def test_registry_checks(request, persona, cert_a):
    user = request.getfixturevalue(persona)
    assert registry_access.certificates_visible_to(user).exists()
    _disable(user)
    assert not registry_access.certificates_visible_to(user).exists()
    assert not registry_access.may_write_for_body(user, cert_a.body_id)
    assert kinds_allowed(user) == [] and not batches_visible_to(user).exists()


@pytest.mark.parametrize("persona", ["supervisor", "dept_user"])
def test_plan_and_inspection_checks(request, persona):
    user = _disable(request.getfixturevalue(persona))
    assert not plan_access.reports_visible_to(user).exists()
    assert plan_access.department_of(user) is None
    assert not inspections_access.plans_visible_to(user).exists()


def test_inspector_pages(inspector):
    _disable(inspector)
    with pytest.raises(Http404):
        inspections_access.inspector_for(inspector)
    with pytest.raises(Http404):
        inspections_access.selection_for_member(inspector, 1)
