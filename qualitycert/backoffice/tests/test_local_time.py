"""Times in the back office are Tianjin's (settings.TIME_ZONE), never raw UTC
(issue 11: "最后更新" showed `2026-12-07 00:33:05.223230+00:00` where the audit
log showed 08:33)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from qualitycert.backoffice.display import local_datetime

pytestmark = pytest.mark.django_db

UTC_MORNING = dt.datetime(2026, 12, 7, 0, 33, 5, 223230, tzinfo=dt.UTC)


def test_local_datetime_is_shanghai_time_to_the_minute():
    with translation.override("zh-hans"):
        assert local_datetime(UTC_MORNING) == "2026年12月7日 08:33"
    with translation.override("en"):
        assert "8:33" in local_datetime(UTC_MORNING) and "2026" in local_datetime(UTC_MORNING)
    assert local_datetime(None) == "—"


def test_the_day_changes_at_midnight_in_tianjin_not_in_greenwich():
    with translation.override("zh-hans"):
        assert local_datetime(dt.datetime(2026, 12, 7, 16, 5, tzinfo=dt.UTC)) == "2026年12月8日 00:05"


def _stamp(model, pk, **fields):
    # update() skips auto_now, so the stored moment is the one the test names.
    model.objects.filter(pk=pk).update(**fields)


def test_certificate_page_shows_last_update_in_local_time(client_for, supervisor, cert_a):
    from qualitycert.registry.models import Certificate

    _stamp(Certificate, cert_a.pk, updated_at=UTC_MORNING)
    page = client_for(supervisor).get(
        f"/admin/registry/certificate/{cert_a.pk}/change/").content.decode()
    assert "2026年12月7日 08:33" in page
    assert "+00:00" not in page and "00:33:05" not in page


def test_enterprise_page_shows_its_times_in_local_time(client_for, supervisor, holder):
    from qualitycert.registry.models import Enterprise

    _stamp(Enterprise, holder.pk, created_at=UTC_MORNING, updated_at=UTC_MORNING)
    page = client_for(supervisor).get(
        f"/admin/registry/enterprise/{holder.pk}/change/").content.decode()
    assert page.count("2026年12月7日 08:33") >= 2 and "+00:00" not in page


def test_a_body_clerk_does_not_reach_another_bodys_certificate_times(client_for, cb_bob, cert_a):
    assert client_for(cb_bob).get(
        f"/admin/registry/certificate/{cert_a.pk}/change/").status_code == 404


def test_history_row_caption_reads_date_then_step(cert_a):
    from qualitycert.registry.models import CertificateEvent

    event = CertificateEvent.objects.get(certificate=cert_a)
    with translation.override("zh-hans"):
        assert str(event) == f"{event.occurred_on.isoformat()} 颁证"
    with translation.override("en"):
        assert str(event) == f"{event.occurred_on.isoformat()} Issue" or (
            str(event).split()[0] == event.occurred_on.isoformat())


def test_certificate_page_captions_history_rows_without_ids(client_for, supervisor, cert_a):
    page = client_for(supervisor).get(
        f"/admin/registry/certificate/{cert_a.pk}/change/").content.decode()
    assert f"{cert_a.pk} issue" not in page
    assert f"{cert_a.issued_on.isoformat()} 颁证" in page


def test_checkpoint_caption_in_local_time():
    from qualitycert.transparency.models import Checkpoint

    checkpoint = Checkpoint(tree_size=3, root_hash="ab" * 32, signed_at=UTC_MORNING)
    assert str(checkpoint).endswith("2026-12-07 08:33")
