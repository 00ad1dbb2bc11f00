"""Benchmark the back office's certificate list on a large registry.

Run from the repository root:

    .venv/bin/python bench/bench_admin_changelist.py [--scale province] [--repeat 5]
                                                     [--database-url URL]

Without --database-url: a fresh temporary SQLite file, `migrate`, then
`seed-demo --scale province` (1,000,000 certificates) in a subprocess. With
--database-url (a database of your own, e.g. sqlite:////tmp/qc-bench/admin.sqlite3
kept between runs), the seeding is skipped if it already holds certificates.

Then, in this process, Django's test client (no network) requests the
certificate changelist as a bureau supervisor and as one certification
body's clerk: unfiltered, filtered by status, a deep page, and searches by
full-width USCC, by certificate number and by holder name. Each request is
timed `--repeat` times; the median is reported.

The baseline, measured in the same run on the same data, is the same list
configured the way Django's admin is out of the box: full result count on,
no list_select_related, and `search_fields` LIKE-matching the number, the
holder's USCC and the holder's name across the join. The ratio column is
baseline / ours.

Prints one Markdown section on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"


def log(message: str) -> None:
    print(f"bench_admin_changelist: {message}", file=sys.stderr, flush=True)


def seed(database_url: str, scale: str, env_dir: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "QC_VAR_DIR": env_dir}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    subprocess.run([*manage, "seed_demo", "--scale", scale, "--seed", "2019", "--today", TODAY],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    log(f"seeded {scale} in {time.perf_counter() - started:.0f} s")


@contextmanager
def stock_django_admin() -> Iterator[None]:
    """The certificate admin as Django ships it, for the baseline."""
    from django.contrib import admin

    from qualitycert.registry.models import Certificate

    model_admin = admin.site._registry[Certificate]
    cls = type(model_admin)
    saved = {name: cls.__dict__.get(name) for name in
             ("show_full_result_count", "list_select_related", "search_fields",
              "get_search_results")}
    cls.show_full_result_count = True
    cls.list_select_related = False
    cls.search_fields = ("number", "holder__uscc", "holder__name")
    cls.get_search_results = admin.ModelAdmin.get_search_results  # type: ignore[method-assign]
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                delattr(cls, name)
            else:
                setattr(cls, name, value)


def populated() -> bool:
    """Whether the given database already holds a seeded registry (re-runs
    against a kept database skip the half-hour seeding)."""
    from django.db import DatabaseError

    from qualitycert.registry.models import Certificate

    try:
        return Certificate.objects.exists()
    except DatabaseError:
        return False


def timed(fetch: Callable[[], Any], repeat: int) -> tuple[float, int]:
    from django.db import connection, reset_queries

    fetch()  # warm: templates, translations, the session
    times, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        started = time.perf_counter()
        response = fetch()
        times.append(time.perf_counter() - started)
        queries = len(connection.queries)
        if response.status_code != 200:
            raise SystemExit(f"unexpected status {response.status_code}")
    return statistics.median(times), queries


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="qc-bench-admin-") as tmp:
        database_url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ.update({"DATABASE_URL": database_url, "QC_VAR_DIR": tmp,
                           "DJANGO_SETTINGS_MODULE": "qualitycert.settings"})
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        from qualitycert.accounts.models import User
        from qualitycert.registry.models import Certificate, CertificationBody
        from qualitycert.testing.otp import verified_login

        if not args.database_url or not populated():
            seed(database_url, args.scale, tmp)
        setup_test_environment()
        settings.DEBUG = True  # count queries
        settings.ALLOWED_HOSTS = ["testserver"]

        total = Certificate.objects.count()
        sample = Certificate.objects.select_related("holder").order_by("pk")[total // 2]
        body = (CertificationBody.objects.filter(certificates__isnull=False)
                .order_by("-pk").first())
        assert body is not None
        supervisor, _ = User.objects.get_or_create(
            username="bench_supervisor", defaults={"role": "supervisor", "is_staff": True})
        clerk, _ = User.objects.get_or_create(
            username="bench_clerk", defaults={"role": "cb_operator", "is_staff": True,
                                              "body": body})
        # Signed in past the second factor, as staff are.
        bureau, cb = verified_login(Client(), supervisor), verified_login(Client(), clerk)
        name_fragment = sample.holder.name[2:6]
        deep_page = min(2000, total // 50 // 2)
        url = "/admin/registry/certificate/"
        # (label, client, our parameters, the stock admin's): the stock admin does
        # not normalise, so it is given the ASCII USCC to find the same rows.
        cases: list[tuple[str, Client, dict[str, str], dict[str, str]]] = [
            ("unfiltered, first page", bureau, {}, {}),
            ("status = suspended", bureau, {"status__exact": "suspended"},
             {"status__exact": "suspended"}),
            (f"page {deep_page} (OFFSET {deep_page * 50:,})", bureau, {"p": str(deep_page)},
             {"p": str(deep_page)}),
            ("search: USCC (full-width for ours)", bureau,
             {"q": fullwidth(sample.holder.uscc.lower())}, {"q": sample.holder.uscc}),
            ("search: certificate number", bureau, {"q": sample.number}, {"q": sample.number}),
            (f"search: holder name “{name_fragment}”", bureau, {"q": name_fragment},
             {"q": name_fragment}),
            ("CB clerk, own body, first page", cb, {}, {}),
        ]
        rows = []
        for label, client, ours_params, stock_params in cases:
            log(label)
            ours, our_queries = timed(functools.partial(client.get, url, ours_params),
                                      args.repeat)
            with stock_django_admin():
                stock, stock_queries = timed(functools.partial(client.get, url, stock_params),
                                             args.repeat)
            rows.append((label, ours, our_queries, stock, stock_queries))

        vendor = connection.vendor
    print(f"## Back-office certificate list ({args.scale}: {total:,} certificates, {vendor})\n")
    print("`.venv/bin/python bench/bench_admin_changelist.py"
          f" --scale {args.scale} --repeat {args.repeat}`. Median of {args.repeat} requests "
          "through Django's test client (rendering included, no network). Baseline: the same "
          "list as Django's admin ships it (full result count, no list_select_related, "
          "LIKE search over number, holder USCC and holder name).\n")
    print("| request | ours (ms) | queries | stock admin (ms) | queries | stock / ours |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, ours, our_q, stock, stock_q in rows:
        print(f"| {label} | {ours * 1000:.0f} | {our_q} | {stock * 1000:.0f} | {stock_q} | "
              f"{stock / ours:.1f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
