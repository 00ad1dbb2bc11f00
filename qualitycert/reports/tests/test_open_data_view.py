"""/reports/open-data/: the public data dictionary page."""

from qualitycert.reports.opendata import DATASETS, export_open_data

URL = "/reports/open-data/"


def test_public_page_lists_every_field(client_for, db, open_data_dir):
    response = client_for(None).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "尚未生成" in html  # no files yet: said, and nothing linked
    for ds in DATASETS:
        for field in ds.fields:
            assert f"<code>{field.name}</code>" in html


def test_links_once_generated(client_for, registry, open_data_dir):
    export_open_data(open_data_dir)
    html = client_for(None).get(URL).content.decode()
    assert 'href="/reports/open-data/certificates.csv"' in html
    assert f"{len(registry.certs)} 条记录" in html


def test_same_page_for_any_role(client_for, inspector, db, open_data_dir):
    assert client_for(inspector).get(URL).status_code == 200


def test_wrong_method(client_for, db):
    assert client_for(None).post(URL).status_code == 405
