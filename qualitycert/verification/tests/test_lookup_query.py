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
