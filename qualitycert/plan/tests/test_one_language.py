"""The plan's screens in one language (issue 11 items 1 and 7), with the
project-wide check's rules (qualitycert/tests/test_i18n.py), for the people
who use them: the public, a participating unit, the lead unit and the bureau.
The project-wide test renders the pages without parameters; this one covers
the parameterised pages (a report, its form, a target's figures)."""

from __future__ import annotations

import pytest

from qualitycert.tests.test_i18n import data_values, wrong_language

from .conftest import work_item


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_plan_pages_in_one_language(language, plan, client_for, supervisor, fgw_user,
                                    scjgj_user, file_report, last_period, gi_by_hand):
    report = file_report(fgw_user, 1)
    own = file_report(scjgj_user, 1)
    pages = {
        None: ["/plan/", "/plan/document/"],
        fgw_user: ["/plan/", "/plan/reports/", f"/plan/reports/{report.pk}/",
                   f"/plan/items/{work_item(plan, 2).pk}/{last_period.code}/"],
        scjgj_user: ["/plan/reviews/", f"/plan/reports/{report.pk}/",
                     f"/plan/reports/{own.pk}/"],
        supervisor: ["/plan/", "/plan/reviews/", f"/plan/reports/{own.pk}/", "/plan/overdue/",
                     "/plan/assessment/", "/plan/targets/geographical_indications/figures/"],
    }
    allowed = data_values()
    problems = []
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (user, url)
            found = wrong_language(response.content.decode(), language, allowed)
            if found:
                problems.append(f"{user} {url}: {sorted(set(found))[:8]}")
    assert not problems, "\n".join(problems)

