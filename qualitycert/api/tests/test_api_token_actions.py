import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from qualitycert.accounts.models import User
from qualitycert.api import actions, queries
from qualitycert.api.models import ApiToken
from qualitycert.audit.models import AuditEntry
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def procurement(db):
    return User.objects.create_user(username="caigou", password="x" * 12, role="api_client")


def test_create_stores_only_a_digest(procurement, supervisor):
    token, plaintext = actions.create_api_token(owner=procurement, name="区采购平台",
                                                rate_limit_per_minute=1000, actor=as_actor(supervisor))
    assert token.token_digest != plaintext and plaintext not in token.token_digest
    assert plaintext.startswith(token.token_prefix)
    assert queries.api_token_for(plaintext).pk == token.pk
    assert queries.api_token_for(plaintext + "x") is None
    entry = AuditEntry.objects.get(action="api_token.create")
    assert plaintext not in str(entry.after)


def test_revoked_or_disabled_tokens_stop_working(procurement, supervisor):
    token, plaintext = actions.create_api_token(owner=procurement, name="a", actor=as_actor(supervisor))
    procurement.is_active = False
    procurement.save()
    assert queries.api_token_for(plaintext) is None
    procurement.is_active = True
    procurement.save()
    actions.revoke_api_token(token, actor=as_actor(supervisor), reason="合同到期")
    assert queries.api_token_for(plaintext) is None
    with pytest.raises(actions.TokenError):
        actions.revoke_api_token(token, actor=as_actor(supervisor))


def test_only_bureau_staff_issue_tokens(procurement, cb_alice):
    with pytest.raises(PermissionDenied):
        actions.create_api_token(owner=procurement, name="x", actor=as_actor(cb_alice))


def test_limit_must_be_positive(procurement, supervisor):
    with pytest.raises(actions.TokenError):
        actions.create_api_token(owner=procurement, name="x", rate_limit_per_minute=0,
                                 actor=as_actor(supervisor))


def test_command_prints_the_token_once(procurement, admin_user, capsys):
    call_command("create_api_token", "caigou", "银行授信系统", "--rate", "300")
    plaintext = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert token.rate_limit_per_minute == 300 and queries.api_token_for(plaintext) == token
