"""`qualitycert backup` and `qualitycert restore`, run as an operator would:
commands in their own processes against real database files (SQLite) or
databases of their own (PostgreSQL, when the suite runs on it)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[3]

# Everything a restore must bring back: every certificate, event and audit
# entry by its identity, and a digest of every row of every table.
FINGERPRINT = """
import django, hashlib, json
django.setup()
from django.db import connection
from qualitycert.audit.models import AuditEntry
from qualitycert.registry.models import Certificate, CertificateEvent
digest = hashlib.sha256()
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
        digest.update(repr((table, cursor.fetchall())).encode())
print(json.dumps({
    "certificates": list(Certificate.objects.order_by("pk").values_list("pk", "number", "status")),
    "events": list(CertificateEvent.objects.order_by("pk").values_list("pk", "kind")),
    "audit": list(AuditEntry.objects.order_by("seq").values_list("seq", "entry_hash")),
    "all_rows": digest.hexdigest(),
}))
"""


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qualitycert.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


def ok(env: dict[str, str], *args: str) -> str:
    done = run(env, *args)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def fingerprint(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", FINGERPRINT], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def environment(database_url: str, var: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "QC_VAR_DIR": str(var),
            "DJANGO_SETTINGS_MODULE": "qualitycert.settings"}


class Databases:
    """Fresh databases of the kind the suite runs on, dropped afterwards."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.server = os.environ.get("DATABASE_URL", "")
        self.created: list[str] = []

    @property
    def kind(self) -> str:
        return "postgresql" if self.server.startswith(("postgres://", "postgresql://")) \
            else "sqlite"

    def new(self, label: str) -> dict[str, str]:
        if self.kind == "sqlite":
            return environment(f"sqlite:///{self.tmp / label}.sqlite3", self.tmp / "var")
        parts = urlsplit(self.server)
        name = f"{parts.path.lstrip('/') or 'qc'}_bk_{label}_{uuid.uuid4().hex[:8]}"
        self._psql(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return environment(urlunsplit(parts._replace(path=f"/{name}")), self.tmp / "var")

    def drop_all(self) -> None:
        for name in self.created:
            self._psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _psql(self, statement: str) -> None:
        import psycopg

        parts = urlsplit(self.server)
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(statement)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    made = Databases(tmp_path_factory.mktemp("backup"))
    yield made
    made.drop_all()


@pytest.fixture(scope="module")
def source(databases: Databases) -> tuple[dict[str, str], Path, dict[str, object]]:
    """A database with the demo district in it, its backup, and its fingerprint."""
    env = databases.new("source")
    ok(env, "migrate", "--noinput", "-v0")
    ok(env, "seed-demo", "--scale", "tiny", "--today", "2026-06-30")
    # A few more audited writes, so that the chain is longer than one entry.
    for name in ("区采购平台", "某银行"):
        ok(env, "create-api-token", "supervisor", name)
    backup_file = databases.tmp / "qualitycert.backup"
    out = ok(env, "backup", "--out", str(backup_file))
    assert "备份完成" in out and backup_file.is_file()
    return env, backup_file, fingerprint(env)


def test_restore_into_a_fresh_database_brings_back_everything(databases, source):
    _, backup_file, before = source
    target = databases.new("fresh")
    out = ok(target, "restore", str(backup_file))
    assert "迁移一致" in out and "完整：" in out
    after = fingerprint(target)
    assert before["certificates"] and before["events"] and len(before["audit"]) >= 3
    assert after == before


def test_a_database_with_tables_is_refused_without_force(databases, source):
    env, backup_file, before = source
    refused = run(env, "restore", str(backup_file))
    assert refused.returncode != 0 and "不是空的" in refused.stderr
    migrated = databases.new("migrated")
    ok(migrated, "migrate", "--noinput", "-v0")
    assert run(migrated, "restore", str(backup_file)).returncode != 0
    ok(migrated, "restore", "--force", str(backup_file))
    assert fingerprint(migrated) == before


def test_a_file_that_is_not_a_backup_is_refused(databases, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    refused = run(databases.new("junk"), "restore", str(junk))
    assert refused.returncode != 0 and "不是 qualitycert 的备份文件" in refused.stderr


@pytest.fixture
def sqlite_only(databases: Databases) -> None:
    if databases.kind != "sqlite":
        pytest.skip("edits the backup file as an SQLite database")


def _edited_copy(backup_file: Path, target: Path, statement: str) -> Path:
    target.write_bytes(backup_file.read_bytes())
    with sqlite3.connect(target) as db:
        db.execute(statement)
    return target


def test_a_backup_older_than_the_code_says_to_migrate(databases, source, sqlite_only, tmp_path):
    _, backup_file, _ = source
    with sqlite3.connect(backup_file) as db:
        app, name = db.execute("SELECT app, name FROM django_migrations "
                               "ORDER BY id DESC LIMIT 1").fetchone()
    older = _edited_copy(backup_file, tmp_path / "older.backup",
                         f"DELETE FROM django_migrations WHERE app = '{app}' AND name = '{name}'")
    done = run(databases.new("older"), "restore", str(older))
    assert done.returncode != 0
    assert f"{app}.{name}" in done.stderr and "qualitycert migrate" in done.stderr


def test_a_tampered_audit_log_fails_the_restore(databases, source, sqlite_only, tmp_path):
    _, backup_file, _ = source
    tampered = _edited_copy(backup_file, tmp_path / "tampered.backup",
                            "UPDATE audit_auditentry SET reason = 'edited' WHERE seq = "
                            "(SELECT MAX(seq) FROM audit_auditentry)")
    done = run(databases.new("tampered"), "restore", str(tampered))
    assert done.returncode != 0 and "已被篡改" in done.stderr


def test_a_backup_goes_only_to_its_own_kind_of_database(databases, source, tmp_path):
    _, backup_file, _ = source
    other = (environment(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path / "var")
             if databases.kind == "postgresql" else None)
    if other is None:
        fake = tmp_path / "pg.backup"
        fake.write_bytes(b"PGDMP" + bytes(100))
        done = run(databases.new("cross"), "restore", str(fake))
    else:
        done = run(other, "restore", str(backup_file))
    assert done.returncode != 0 and "同类数据库" in done.stderr
