"""Benchmark the inspector's "我的检查任务" at district scale (issue 11).

Run from the repository root:

    .venv/bin/python bench/bench_inspector_list.py [--assignments 1500] [--repeat 5]
                                                   [--database-url URL]

A fresh temporary SQLite file (or --database-url, a scratch database of your
own), `migrate`, then one inspector with N assignments over three plans
(`qualitycert.demo.inspector_load.bulk_assignments`: every third enterprise
holds a certificate). In this process Django's test client (no network)
requests, as that inspector: the first page, a deep page, searches by name
part, USCC and certificate number, the status and due-date filters, and one
assignment's page. Each request is timed `--repeat` times; the median server
time is reported (rendering included), with the query count and the size.

The baseline, measured in the same run on the same data, is the list as it
was before issue 11: every assignment on one page (the old query and card
markup, rendered by the same template engine). The issue's bar: no page of
the inspector's journey over 1 s of server time at 1,500 assignments.

Prints one Markdown section on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# The card list as the page rendered it before issue 11 (one page, no filters).
OLD_LIST = """{% load i18n %}<ul class="cards assignments">
{% for s in assignments %}
<li class="card"><a href="{% url 'inspections:my_assignment' s.pk %}">
<strong>{{ s.candidate.name }}</strong><br><small class="mono">{{ s.candidate.identifier }}</small><br>
<small>{{ s.plan.year }} {{ s.plan.name }} · {{ s.plan.starts_on }} – {{ s.plan.ends_on }}</small><br>
<span class="badge">{% if s.result %}{{ s.result.get_status_display }}{% else %}待录入{% endif %}</span>
</a></li>{% endfor %}</ul>"""


def log(message: str) -> None:
    print(f"bench_inspector_list: {message}", file=sys.stderr, flush=True)


def timed(fetch: Callable[[], Any], repeat: int) -> tuple[float, int, int]:
    from django.db import connection, reset_queries

    fetch()  # warm: templates, translations, the session
    times, queries, size = [], 0, 0
    for _ in range(repeat):
        reset_queries()
        started = time.perf_counter()
        response = fetch()
        times.append(time.perf_counter() - started)
        queries = len(connection.queries)
        if response.status_code != 200:
            raise SystemExit(f"unexpected status {response.status_code}")
        size = len(response.content)
    return statistics.median(times), queries, size


class Rendered:
    """What the baseline "request" returns, shaped like a response."""

    status_code = 200

    def __init__(self, content: str) -> None:
        self.content = content.encode("utf-8")


def old_page(inspector: Any) -> Rendered:
    from django.template import engines

    from qualitycert.inspections.models import Selection

    rows = (Selection.objects.filter(team__inspector=inspector)
            .select_related("plan", "candidate", "result")
            .order_by("-plan__starts_on", "plan_id", "draw_order"))
    template = engines["django"].from_string(OLD_LIST)
    return Rendered(template.render({"assignments": rows}))


def load(count: int) -> tuple[Any, Any]:
    from qualitycert.accounts.models import User
    from qualitycert.demo.inspector_load import bulk_assignments
    from qualitycert.inspections.models import Inspector
    from qualitycert.plan.models import Department
    from qualitycert.registry.models import CertificationBody, Scheme

    department = Department.objects.get_or_create(code="scjgj",
                                                  defaults={"name": "区市场监管局"})[0]
    users = [User.objects.create_user(username=f"bench_inspector{n}", role="inspector")
             for n in (1, 2)]
    inspectors = [Inspector.objects.create(name=f"检查员{n}", department=department,
                                           enforcement_number=f"120116099{n:02d}", user=u)
                  for n, u in enumerate(users)]
    body = CertificationBody.objects.create(approval_number="CNCA-R-2002-001",
                                            name="基准认证有限公司")
    scheme = Scheme.objects.get(code="ISO9001")
    started = time.perf_counter()
    bulk_assignments(inspectors[0], inspectors[1], count, plans=3,
                     starts_on=dt.date(2026, 12, 1), body=body, scheme=scheme)
    log(f"{count} assignments in {time.perf_counter() - started:.1f} s")
    return users[0], inspectors[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="qc-bench-inspector-") as tmp:
        database_url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env = {"DATABASE_URL": database_url, "QC_VAR_DIR": tmp,
               "DJANGO_SETTINGS_MODULE": "qualitycert.settings"}
        os.environ.update(env)
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
                       cwd=ROOT, env={**os.environ, **env}, check=True)
        log(f"migrated in {time.perf_counter() - started:.0f} s")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment

        from qualitycert.demo.inspector_load import enterprise_name
        from qualitycert.inspections.models import Selection
        from qualitycert.testing.otp import verified_login

        user, inspector = load(args.assignments)
        setup_test_environment()
        settings.DEBUG = True  # count queries
        # Signed in past the second factor, as the inspector is in the field.
        client = verified_login(Client(), user)
        middle = args.assignments // 2
        sample = Selection.objects.select_related("target").get(
            candidate__name=enterprise_name(middle))
        pages = (args.assignments + 49) // 50
        url = "/inspections/my/"
        get = client.get
        cases: list[tuple[str, Callable[[], Any]]] = [
            ("first page", functools.partial(get, url)),
            (f"page {pages} (last)", functools.partial(get, url, {"page": pages})),
            ("search: part of a name", functools.partial(get, url, {"q": f"演示{middle:05d}"})),
            ("search: USCC", functools.partial(get, url, {"q": sample.target.identifier})),
            ("search: certificate number", functools.partial(get, url,
                                                             {"q": "DEMO-INSP-00001"})),
            ("filter: to do", functools.partial(get, url, {"status": "open"})),
            ("filter: due by the first plan's end", functools.partial(
                get, url, {"due_by": "2026-12-31"})),
            ("one assignment's page", functools.partial(get, f"{url}{sample.pk}/")),
        ]
        log("baseline: the old one-page list")
        base, base_queries, base_size = timed(functools.partial(old_page, inspector), args.repeat)
        rows = []
        for label, fetch in cases:
            log(label)
            rows.append((label, *timed(fetch, args.repeat)))
        vendor = connection.vendor

    print(f"## Inspector's assignment list ({args.assignments:,} assignments, {vendor})\n")
    print(f"`.venv/bin/python bench/bench_inspector_list.py --assignments {args.assignments} "
          f"--repeat {args.repeat}`. Median server time of {args.repeat} requests through "
          "Django's test client (rendering included, no network). Baseline: the list before "
          "issue 11, every assignment on one page, rendered in the same run: "
          f"{base * 1000:.0f} ms, {base_queries} queries, {base_size / 1024:.0f} KB "
          "(cards only, without the page around them). Bar: every page under 1 s.\n")
    print("| request | ms | queries | KB | baseline / this |")
    print("|---|---:|---:|---:|---:|")
    for label, seconds, queries, size in rows:
        print(f"| {label} | {seconds * 1000:.0f} | {queries} | {size / 1024:.0f} | "
              f"{base / seconds:.1f}× |")
    worst = max(seconds for _label, seconds, *_ in rows)
    print(f"\nSlowest page: {worst * 1000:.0f} ms "
          f"({'under' if worst < 1 else 'OVER'} the 1 s bar).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
