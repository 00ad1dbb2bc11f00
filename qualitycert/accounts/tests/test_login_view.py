"""The site's login page."""

from django.contrib.auth.models import AnonymousUser

from qualitycert.testing.fixtures import PASSWORD

URL = "/accounts/login/"


def test_login_page_renders_in_chinese(client):
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "用户名" in text and "密码" in text and 'name="csrfmiddlewaretoken"' in text
    assert 'name="viewport"' in text  # base.html: usable on a phone


def test_login_and_redirect(client, inspector):
    response = client.post(URL, {"username": "inspector", "password": PASSWORD,
                                 "next": "/plan/"})
    assert response.status_code == 302 and response["Location"] == "/plan/"


def test_wrong_password_says_so_in_chinese(client, inspector):
    response = client.post(URL, {"username": "inspector", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_offsite_next_is_ignored(client, inspector):
    response = client.post(URL, {"username": "inspector", "password": PASSWORD,
                                 "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_wrong_method(rf, client, inspector):
    from qualitycert.accounts.views import LoginView

    request = rf.put(URL)
    request._dont_enforce_csrf_checks = True
    request.user = AnonymousUser()
    assert LoginView.as_view()(request).status_code == 405
    # The stock view still mounted at the URL treats PUT as a failed POST: no login.
    client.put(URL, "username=inspector&password=" + PASSWORD,
               content_type="application/x-www-form-urlencoded")
    assert "_auth_user_id" not in client.session


def test_our_login_view_uses_the_lockout_form(rf):
    from qualitycert.accounts.forms import LockoutAuthenticationForm
    from qualitycert.accounts.views import LoginView

    assert LoginView().get_form_class() is LockoutAuthenticationForm
