"""The 403 and 404 pages: Chinese first, English beside, no hint of what exists."""

from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views.defaults import permission_denied


def test_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "页面不存在" in text and "Not found" not in text
    assert 'name="viewport"' in text


def test_404_page_in_english(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert "Page not found" in text


def test_403_page_shows_the_reason(db):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied("只能变更本机构的证书"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "无权访问" in text and "只能变更本机构的证书" in text and "Forbidden" not in text
