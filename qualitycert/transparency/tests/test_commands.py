"""checkpoint, log-verify (local and through a server) and audit-verify."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qualitycert.audit.chain import append
from qualitycert.lib import note
from qualitycert.testing.actors import as_actor
from qualitycert.transparency.checkpoints import verifier_keys
from qualitycert.transparency.models import Checkpoint
from qualitycert.verification.models import KeyPurpose, SigningKey

from .test_api import standalone


def _entries(actor, n, action="test.write"):
    for i in range(n):
        append(action=action, object_type="test", object_id=str(i), actor=as_actor(actor))


@pytest.mark.django_db
def test_checkpoint_signs_writes_and_uses_its_own_key(tmp_path, supervisor, capsys):
    _entries(supervisor, 3)
    out = tmp_path / "checkpoints" / "2026-12-07.txt"  # the directory is made as needed
    call_command("checkpoint", output=str(out))
    printed = capsys.readouterr().out
    row = Checkpoint.objects.get()
    assert out.read_text(encoding="utf-8") == row.note and row.note in printed
    assert row.tree_size == 3
    key = SigningKey.objects.get(purpose=KeyPurpose.CHECKPOINT, is_current=True)
    assert row.kid == key.kid
    # The token key is another key, and the checkpoint key cannot stand for it.
    from qualitycert.verification import keyring

    assert key.kid not in keyring.public_keys(refresh=True)
    [vkey] = verifier_keys()
    assert note.open_checkpoint(row.note, [note.parse_verifier_key(vkey)]).size == 3


@pytest.mark.django_db
def test_checkpoints_only_grow(supervisor):
    _entries(supervisor, 2)
    call_command("checkpoint")
    call_command("checkpoint")
    sizes = list(Checkpoint.objects.order_by("id").values_list("tree_size", flat=True))
    # The first checkpoint created the key, whose audit entry the second covers.
    assert sizes[0] == 2 and sizes[1] > sizes[0]
    with pytest.raises(Exception):  # noqa: B017 - append-only, whatever the exception
        Checkpoint.objects.first().delete()


@pytest.mark.django_db
def test_log_verify_with_a_pinned_key(tmp_path, supervisor, capsys):
    _entries(supervisor, 4)
    out = tmp_path / "cp.txt"
    call_command("checkpoint", output=str(out))
    [vkey] = verifier_keys()
    call_command("log_verify", checkpoint=str(out), key=vkey)
    assert "完整：" in capsys.readouterr().out
    # A key the outsider did not pin is not trusted, whatever the database says.
    stranger = "someone+00000000+" + "A" * 44
    with pytest.raises(CommandError):
        call_command("log_verify", checkpoint=str(out), key=stranger)
    forged = out.read_text(encoding="utf-8").replace("\n4\n", "\n3\n")
    (tmp_path / "forged.txt").write_text(forged, encoding="utf-8")
    with pytest.raises(CommandError, match="检查点签名无效"):
        call_command("log_verify", checkpoint=str(tmp_path / "forged.txt"))
    with pytest.raises(CommandError, match="无法读取检查点"):
        call_command("log_verify", checkpoint=str(tmp_path / "missing.txt"))


@pytest.mark.django_db
def test_audit_verify_checks_the_published_checkpoints(supervisor, capsys):
    _entries(supervisor, 3)
    call_command("checkpoint")
    call_command("audit_verify")
    assert "1 个检查点一致" in capsys.readouterr().out
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE transparency_checkpoint SET note = replace(note, "
                       "'\n3\n', '\n2\n')")
    with pytest.raises(CommandError, match="checkpoint #"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_through_the_server_as_an_outsider(live_server, tmp_path, django_user_model, capsys):
    actor = django_user_model.objects.create_user("clerk", role="supervisor")
    _entries(actor, 5)
    old = tmp_path / "old.txt"
    call_command("checkpoint", output=str(old))
    _entries(actor, 7, action="test.later")
    call_command("checkpoint")
    call_command("log_verify", checkpoint=str(old), server=live_server.url)
    assert "延续了您 5 个叶的检查点" in capsys.readouterr().out
    [vkey] = verifier_keys()
    assert standalone().main(["consistency", "--server", live_server.url, "--key", vkey,
                              "--old", str(old)]) == 0
    assert standalone().main(["inclusion", "--server", live_server.url, "--key", vkey,
                              "--checkpoint", str(old), "--leaf", "4"]) == 0
    # A checkpoint from another log is refused.
    other = tmp_path / "other.txt"
    other.write_text(old.read_text(encoding="utf-8").replace("\n5\n", "\n6\n"), encoding="utf-8")
    with pytest.raises(CommandError, match="日志不一致"):
        call_command("log_verify", checkpoint=str(other), server=live_server.url)
