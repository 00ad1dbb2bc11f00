"""Unicode format (Cf) and bidi characters: dropped from every lookup, refused
in every identifier a write would store (issue 10: "10023E00001R0S" + U+200B
created a second certificate that looked exactly like the real one)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitycert.lib.normalize import is_invisible
from qualitycert.registry import actions
from qualitycert.registry.importers import run_import
from qualitycert.registry.models import Certificate, CertificationBody, Enterprise, Scheme
from qualitycert.registry.queries import certificates_by_number
from qualitycert.testing.actors import as_actor

from .import_files import cert_row, write_csv

pytestmark = pytest.mark.django_db

# Every Cf character of the running Unicode database, and the bidi controls.
INVISIBLE = st.characters(categories=["Cf"]) | st.sampled_from(
    list("\u200b\u00ad\u2060\ufeff\u202d\u202e\u200e\u200f\u2066\u2069\u061c"))
VISIBLE = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=4, max_size=14)


@st.composite
def hidden(draw: st.DrawFn) -> str:
    """A visible identifier with one or more invisible characters slipped in."""
    text = draw(VISIBLE)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(INVISIBLE) + text[at:]
    return text


def _nothing_invisible_is_stored() -> None:
    for model, field in ((Certificate, "number"), (Enterprise, "uscc"),
                         (CertificationBody, "approval_number")):
        for value in model.objects.values_list(field, flat=True):
            assert not any(unicodedata.category(ch) == "Cf" or is_invisible(ch)
                           for ch in value), (model.__name__, value)


SLOW = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@SLOW
@given(number=hidden())
def test_the_issue_action_refuses_them(number, body_a, holder, supervisor):
    with pytest.raises(actions.RegistryError, match="U\\+"):
        actions.issue_certificate(
            number=number, body=body_a, holder=holder, scheme=Scheme.objects.get(code="ISO9001"),
            issued_on=dt.date(2025, 1, 10), expires_on=dt.date(2028, 1, 9), scope="x",
            actor=as_actor(supervisor))
    _nothing_invisible_is_stored()


@SLOW
@given(number=hidden(), column=st.sampled_from(["certificate_number", "holder_uscc",
                                                "body_approval_number"]))
def test_an_import_refuses_them_row_by_row(number, column, tmp_path_factory, body_a,
                                           supervisor):
    row = cert_row(1)
    if column == "certificate_number":
        row[column] = number
    else:  # slip the invisible characters into a real code
        at = len(number) % len(row[column])
        row[column] = row[column][:at] + "".join(c for c in number if is_invisible(c)) \
            + row[column][at:]
    path = write_csv(tmp_path_factory.mktemp("inv") / "c.csv", [row])
    result = run_import("certificates", path, actor=as_actor(supervisor))
    assert not result.ok and result.created == 0
    assert "invisible" in result.errors.first[0].reason_en
    _nothing_invisible_is_stored()


@SLOW
@given(code=hidden())
def test_forms_refuse_them_in_stored_codes(code):
    from qualitycert.registry.validators import validate_approval_number, validate_uscc

    for validate in (validate_uscc, validate_approval_number):
        with pytest.raises(forms.ValidationError):
            validate(code)


def test_the_real_certificate_is_found_with_or_without_them(cert_a):
    """The lookup drops them: the spoofed spelling finds the one real certificate."""
    for ch in "\u200b\u00ad\u2060\ufeff\u202d\u202e":
        found = list(certificates_by_number(cert_a.number + ch))
        assert found == [cert_a]
        found = list(certificates_by_number(ch + cert_a.number[:4] + ch + cert_a.number[4:]))
        assert found == [cert_a]


def test_the_public_page_and_api_answer_the_same(client, cert_a):
    spoofed = cert_a.number + "\u200b"
    plain = client.get(f"/api/v1/certificates/{cert_a.number}")
    hidden_one = client.get(f"/api/v1/certificates/{spoofed}")
    assert plain.status_code == hidden_one.status_code == 200
    assert plain.json()["number"] == hidden_one.json()["number"] == cert_a.number
