"""Every lookup a back-office form offers works for the person who opened the
form (issue 11: the supervisor adding an inspector got a 403 from the user
lookup). For each back-office role, every add page it may open and the change
page of an object it may change: each raw-id lookup (🔍), each autocomplete
and each "add another" link must answer that role with 200, never 403.

The forms are read from the pages themselves, so a lookup added later is
checked without touching this test."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

PERSONAS = ("admin_user", "supervisor", "security_admin", "audit_admin", "cb_alice",
            "lab_staff")

RAW_ID = re.compile(r'<a href="([^"]+)" class="related-lookup"')
ADD_RELATED = re.compile(r'class="related-widget-wrapper-link add-related"[^>]*href="([^"]+)"'
                         r'|href="([^"]+)"[^>]*class="related-widget-wrapper-link add-related"')
AUTOCOMPLETE = re.compile(r'data-ajax--url="([^"]+)"[^>]*?data-app-label="([^"]+)"'
                          r'[^>]*?data-model-name="([^"]+)"[^>]*?data-field-name="([^"]+)"')


def _form_pages() -> list[str]:
    pages = []
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_add".format(*info)))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return pages


def lookups_on(page: str) -> list[str]:
    found = [html.unescape(href) for href in RAW_ID.findall(page)]
    found += [html.unescape(a or b) for a, b in ADD_RELATED.findall(page)]
    found += [f"{url}?app_label={app}&model_name={model}&field_name={field}&term="
              for url, app, model, field in AUTOCOMPLETE.findall(page)]
    return found


def _with_popup(url: str) -> str:
    if "/autocomplete/" in url or "_popup=" in url:
        return url
    return url + ("&" if "?" in url else "?") + "_popup=1"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_lookup_answers_whoever_may_open_its_form(request, client_for, persona,
                                                       cert_a, department) -> Any:
    client = client_for(request.getfixturevalue(persona))
    refused: list[str] = []
    checked = 0
    for url in _form_pages():
        response = client.get(url)
        if response.status_code != 200:
            continue  # a form this role may not open has no lookups to offer it
        for lookup in lookups_on(response.content.decode()):
            checked += 1
            answer = client.get(_with_popup(lookup))
            if answer.status_code != 200:
                refused.append(f"{url} → {lookup}: {answer.status_code}")
    assert not refused, "\n".join(refused)
    if persona in ("admin_user", "supervisor"):
        assert checked, "the bureau's forms offer lookups; the page parsing found none"


AUTOCOMPLETE_CERTIFICATES = ("/admin/autocomplete/?app_label=programmes&model_name=bodyfinding"
                             "&field_name=certificate&term=")


def _ids(response) -> set[str]:
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.django_db
def test_an_autocomplete_answers_only_what_the_role_may_see(client_for, supervisor, cb_alice,
                                                           lab_staff, cert_a, cert_b):
    # The same scope as the role's own list: a body's clerk who asks the
    # endpoint directly gets their body's certificates, never another's.
    assert _ids(client_for(supervisor).get(AUTOCOMPLETE_CERTIFICATES)) == {
        str(cert_a.pk), str(cert_b.pk)}
    assert _ids(client_for(cb_alice).get(AUTOCOMPLETE_CERTIFICATES)) == {str(cert_a.pk)}
    assert client_for(lab_staff).get(AUTOCOMPLETE_CERTIFICATES).status_code == 403


@pytest.mark.django_db
def test_an_autocomplete_is_read_only(client_for, supervisor):
    assert client_for(supervisor).post(AUTOCOMPLETE_CERTIFICATES).status_code == 405
