"""Backing up the database and restoring it (docs/operations.md).

SQLite is copied with SQLite's online backup API (`sqlite3.Connection.backup`):
the copy is consistent while the site keeps serving, and is itself an SQLite
file. PostgreSQL is dumped with `pg_dump --format=custom` and restored with
`pg_restore`, PostgreSQL's own tools (Debian's postgresql-client). A backup
is restored into the same kind of database it came from.

Restoring refuses a database that already has tables unless forced, and
afterwards checks that the schema matches this version's migrations; the
restore command then verifies the audit chain.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404 # runs pg_dump/pg_restore, without a shell
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

Kind = Literal["sqlite", "postgresql"]
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
# Pages copied per step of an SQLite backup: small steps let writers in between.
SQLITE_STEP_PAGES = 4096


class BackupError(Exception):
    """The backup or restore was refused or failed; the message says why."""


def database_kind() -> Kind:
    if connection.vendor == "sqlite":
        return "sqlite"
    if connection.vendor == "postgresql":
        return "postgresql"
    raise BackupError(_("不支持的数据库：%(vendor)s") % {"vendor": connection.vendor})


def file_kind(path: Path) -> Kind:
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    raise BackupError(_("“%(path)s”不是 qualitycert 的备份文件（既不是 SQLite 数据库，"
                        "也不是 pg_dump 自定义格式的归档）") % {"path": path})


# --------------------------------------------------------------------------- backup


def backup(out: Path) -> Kind:
    """Write a backup of the default database to `out` (replaced only once
    the backup is complete)."""
    kind = database_kind()
    partial = out.with_name(out.name + ".part")
    try:
        if kind == "sqlite":
            _sqlite_backup(_sqlite_path(), partial)
        else:
            _pg(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 f"--file={partial}"])
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return kind


def _sqlite_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        raise BackupError(_("SQLite 数据库不是文件：%(name)r") % {"name": name})
    return Path(name)


def _sqlite_backup(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=SQLITE_STEP_PAGES)
            # The live database runs in WAL mode; the copy is one self-contained file.
            dst.execute("PRAGMA journal_mode=DELETE")
            _sqlite_integrity(dst, target)
        finally:
            dst.close()
    finally:
        src.close()


def _sqlite_integrity(db: sqlite3.Connection, path: Path) -> None:
    result = db.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(_("“%(path)s”未通过 SQLite 完整性检查：%(result)s")
                          % {"path": path, "result": result})


def _pg(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(_("找不到 %(command)s，请安装 postgresql-client")
                          % {"command": command[0]})
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    target = [f"--dbname={settings['NAME']}"]
    if settings.get("HOST"):
        target.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        target.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        target.append(f"--username={settings['USER']}")
    # A list, no shell: the command is ours, the rest are settings' values.
    done = subprocess.run([*command, *target], env=env,  # noqa: S603 # nosec B603
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(_("%(command)s 失败（退出码 %(code)s）：%(error)s") % {
            "command": command[0], "code": done.returncode,
            "error": done.stderr.strip()[-2000:]})


# --------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class Restored:
    kind: Kind
    tables: int
    rows: int
    pending_migrations: list[str]
    unknown_migrations: list[str]


def table_names() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def restore(path: Path, *, force: bool = False) -> Restored:
    """Replace the default database's contents with the backup at `path`.
    Refuses a database that has any table unless `force`."""
    kind = file_kind(path)
    if kind != database_kind():
        raise BackupError(_("备份来自 %(backup)s，当前数据库是 %(database)s；请恢复到同类数据库")
                          % {"backup": kind, "database": database_kind()})
    existing = table_names()
    if existing and not force:
        raise BackupError(_("目标数据库不是空的（%(tables)s 个表）；请恢复到新建的数据库，"
                            "或用 --force 替换其中的内容") % {"tables": len(existing)})
    connections.close_all()
    if kind == "sqlite":
        _sqlite_restore(path, _sqlite_path())
    else:
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                   "--single-transaction"]
        if existing:
            command += ["--clean", "--if-exists"]
        _pg([*command, str(path)])
    connections.close_all()
    pending, unknown = migration_state()
    tables = table_names()
    return Restored(kind, len(tables), _row_count(tables), pending, unknown)


def _sqlite_restore(backup_file: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        _sqlite_integrity(src, backup_file)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # Back to the mode the application runs in (settings.py sets it per connection too).
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
    finally:
        src.close()


def migration_state() -> tuple[list[str], list[str]]:
    """(migrations this version has that the database lacks, migrations the
    database records that this version does not know)."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    pending = [f"{migration.app_label}.{migration.name}"
               for migration, _ in executor.migration_plan(graph.leaf_nodes())]
    applied: Any = executor.loader.applied_migrations
    unknown = sorted(f"{app}.{name}" for app, name in applied if (app, name) not in graph.nodes)
    return pending, unknown


def _row_count(tables: list[str]) -> int:
    quote = connection.ops.quote_name
    total = 0
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 # nosec B608 # names from the database's own catalogue, quoted
            total += int(cursor.fetchone()[0])
    return total
