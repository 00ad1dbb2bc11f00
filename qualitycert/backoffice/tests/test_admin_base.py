"""The building blocks: pagination of large tables and role-driven permissions."""

from django.db import connection

from qualitycert.backoffice.base import LargeTablePaginator, json_text_contains
from qualitycert.registry.models import Certificate, Enterprise
from qualitycert.testing.factories import make_enterprise


def test_filtered_lists_count_exactly(cert_a, cert_b, monkeypatch):
    monkeypatch.setattr(LargeTablePaginator, "ESTIMATE_FROM", 1)
    paginator = LargeTablePaginator(Certificate.objects.filter(status="valid").order_by("pk"), 1)
    assert paginator.count == 2 and not paginator.is_estimate


def test_unfiltered_list_uses_the_planner_estimate_on_postgresql(cert_a, cert_b, monkeypatch):
    monkeypatch.setattr(LargeTablePaginator, "ESTIMATE_FROM", 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_certificate")
    paginator = LargeTablePaginator(Certificate.objects.order_by("-pk"), 1)
    assert paginator.count == 2
    assert paginator.is_estimate is (connection.vendor == "postgresql")


def test_small_tables_count_exactly_everywhere(cert_a, cert_b):
    paginator = LargeTablePaginator(Certificate.objects.order_by("pk"), 1)
    assert paginator.count == 2 and not paginator.is_estimate


def test_estimated_count_is_marked_on_the_page(client_for, supervisor, cert_a, monkeypatch):
    monkeypatch.setattr(LargeTablePaginator, "ESTIMATE_FROM", 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE registry_certificate")
    text = client_for(supervisor).get("/admin/registry/certificate/").content.decode()
    assert ("约</span>" in text) is (connection.vendor == "postgresql")


def test_json_list_search_matches_non_ascii_text_on_both_databases(db):
    renamed = make_enterprise("新名称有限公司", former_names=["老字号“精工”机械厂", "Old Works"])
    make_enterprise("无关企业")
    for term in ("老字号", "“精工”", "old works"):
        found = Enterprise.objects.filter(json_text_contains("former_names", term))
        assert list(found) == [renamed], term


def test_pages_hold_the_same_rows_in_the_same_order_as_slicing(issue, body_a, body_b, holder):
    for n in range(7):
        issue(body_a if n % 2 else body_b, holder, f"P-{n}")
    for ordering in (["-pk"], ["number"], ["body__name", "-number"]):
        qs = Certificate.objects.select_related("body").order_by(*ordering)
        paginator = LargeTablePaginator(qs, 3, orphans=1)
        pages = [list(paginator.page(n).object_list) for n in paginator.page_range]
        assert pages == [list(qs[0:3]), list(qs[3:7])], ordering
