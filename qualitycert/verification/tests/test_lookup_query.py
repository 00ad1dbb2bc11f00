"""The lookup's written-out query (queries.LOOKUP_SQL) against its ORM
spelling (queries.public_rows): the same rows, the same types."""

import pytest

from qualitycert.verification import queries, signed_links

pytestmark = pytest.mark.django_db


def _both(number_key, body_key=None):
    raw = queries.lookup_rows(number_key, body_key)
    orm = [tuple(row) for row in queries.public_rows(number_key, body_key)]
    return raw, orm


def test_same_rows_as_the_orm(cert_a, in_state):
    raw, orm = _both(cert_a.number)
    assert raw == orm and len(raw) == 1
    assert raw[0][queries.PUBLIC_FIELDS.index("updated_at")].tzinfo is not None
    in_state(cert_a, "suspended")  # a later leaf in the transparency log
    raw, orm = _both(cert_a.number)
    assert raw == orm and raw[0][-1] is not None


def test_with_a_stored_link(cert_a):
    signed_links.sign_links()
    raw, orm = _both(cert_a.number)
    assert raw == orm
    assert raw[0][queries.PUBLIC_FIELDS.index("signed_link__signature")]


def test_two_bodies_and_the_body_filter(issue, cert_a, body_b, holder):
    issue(body_b, holder, cert_a.number)
    raw, orm = _both(cert_a.number)
    assert raw == orm and len(raw) == 2
    raw, orm = _both(cert_a.number, body_b.approval_number)
    assert raw == orm and len(raw) == 1
    assert _both("NOPE-1") == ([], [])


def test_limit(issue, cert_a, body_b, holder):
    issue(body_b, holder, cert_a.number)
    assert len(queries.lookup_rows(cert_a.number, None, limit=1)) == 1


def test_public_certificates_reads_through_it(cert_a):
    [found] = queries.public_certificates(cert_a.number.lower())
    assert found.number == cert_a.number and found.holder_uscc == cert_a.holder.uscc


def test_the_public_settings_prepare_the_lookup_on_postgresql():
    from django.db import connection

    from qualitycert import settings_public

    if connection.vendor != "postgresql":
        assert "lookup" not in settings_public.DATABASES
        return
    lookup = settings_public.DATABASES["lookup"]
    assert lookup["OPTIONS"]["server_side_binding"] is True
    assert lookup["OPTIONS"]["prepare_threshold"] == 5
    assert lookup["NAME"] == settings_public.DATABASES["default"]["NAME"]
    # The site's own connection keeps Django's client-side binding.
    assert "server_side_binding" not in settings_public.DATABASES["default"].get("OPTIONS", {})


def test_inside_a_transaction_the_lookup_stays_on_its_connection(cert_a, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(queries, "LOOKUP_DATABASE", "an-alias-this-test-must-not-use")
    monkeypatch.setattr(queries, "settings", type("S", (), {"DATABASES": {
        "default": {}, "an-alias-this-test-must-not-use": {}}})())
    assert connection.in_atomic_block  # the test's transaction
    assert queries._lookup_connection() is connection
    assert queries.lookup_rows(cert_a.number, None)  # and reads what it wrote
