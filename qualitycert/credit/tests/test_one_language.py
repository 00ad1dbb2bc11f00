"""One language per screen for the credit pages and their back-office lists,
with the project-wide check's own rules (qualitycert/tests/test_i18n.py): the
pages that need an archive, a model or a repair request, which that test does
not make."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from qualitycert.credit import actions
from qualitycert.testing.actors import as_actor
from qualitycert.testing.otp import verified_login
from qualitycert.tests.test_i18n import data_values, wrong_language

pytestmark = pytest.mark.django_db
ADMIN_MODELS = ("fact", "gradingmodel", "gradingrun", "creditgrade", "dishonestyentry",
                "repairrequest", "sharingconsent", "financingaccess")


def test_every_credit_page_is_in_one_language(supervisor, enterprise_user, cb_alice, archive):
    repair = actions.apply_for_repair(archive["entry"], corrective_actions="已整改",
                                      evidence="整改报告", actor=as_actor(enterprise_user))
    uscc = archive["enterprise"].uscc
    staff_pages = [reverse(n) for n in ("credit:dashboard", "credit:grades", "credit:models",
                                        "credit:fact_new", "credit:dishonesty_staff",
                                        "credit:dishonesty_new", "credit:repairs")]
    staff_pages += [reverse("credit:model", args=[archive["model"].version]),
                    reverse("credit:repair", args=[repair.pk]),
                    reverse("credit:archive", args=[uscc])]
    staff_pages += [reverse(f"admin:credit_{m}_changelist") for m in ADMIN_MODELS]
    visits = {
        "supervisor": staff_pages,
        "enterprise": [reverse("credit:archive", args=[uscc]), reverse("credit:consent"),
                       reverse("credit:apply_repair", args=[archive["entry"].pk])],
        "cb": [reverse("credit:archive", args=[uscc])],
        "anonymous": [reverse("credit:dishonesty_public"),
                      reverse("verification:enterprise", args=[uscc])],
    }
    clients = {"anonymous": Client()}
    for name, user in (("supervisor", supervisor), ("enterprise", enterprise_user),
                       ("cb", cb_alice)):
        clients[name] = verified_login(Client(), user)
    allowed = data_values()
    problems = []
    for persona, urls in visits.items():
        for url in urls:
            for language in ("zh-hans", "en"):
                response = clients[persona].get(url, HTTP_ACCEPT_LANGUAGE=language)
                assert response.status_code == 200, (persona, url, response.status_code)
                found = wrong_language(response.content.decode(), language, allowed)
                if found:
                    problems.append(f"{language} {persona} {url}: {sorted(set(found))[:8]}")
    assert not problems, "\n".join(problems)
