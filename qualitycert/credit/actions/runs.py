"""Grading the archive: a run over every enterprise with facts (one batch
in the audit log), and the preview of a draft model."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.registry.models import Enterprise

from .. import queries
from ..access import require_bureau
from ..grading import GRADES, Grader, GradeResult, contributions_text, distribution, parse_spec
from ..models import CreditError, CreditGrade, FactKind, GradingModel, GradingRun
from .common import audit

INSERT_BATCH = 5000
GRADE_COLUMNS = ("run_id", "enterprise_id", "model_version", "as_of", "score", "grade",
                 "vetoed_by", "contributions")
MOVERS_SHOWN = 100


def compute(model: GradingModel, as_of: dt.date) -> Iterator[tuple[int, GradeResult]]:
    """(enterprise id, grade) for every enterprise with facts by `as_of`,
    in enterprise order; reads the archive, writes nothing."""
    grader = Grader(parse_spec(model.spec, fact_kinds=FactKind.values), as_of.toordinal())
    yield from grader.grade_stream(queries.fact_rows(as_of))


def grade_line(enterprise_id: int, result: GradeResult, contributions: str) -> bytes:
    return (f"{enterprise_id}\t{result.grade}\t{result.score}\t{result.vetoed_by}\t"
            f"{contributions}\n").encode()


def _tune_connection() -> None:
    if connection.vendor == "sqlite":
        # A larger page cache for this connection: the grade table's two
        # indexes take a million inserts without evicting their pages (~128 MB).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -131072")


def _insert(rows: Iterable[tuple[Any, ...]]) -> None:
    table = connection.ops.quote_name(CreditGrade._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in GRADE_COLUMNS)
    placeholders = ", ".join(["%s"] * len(GRADE_COLUMNS))
    iterator = iter(rows)
    with connection.cursor() as cursor:
        # Batches are taken before each statement: the rows come from a
        # server-side cursor on PostgreSQL, which cannot read during a COPY.
        while batch := list(islice(iterator, INSERT_BATCH)):
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 # nosec B608 # quoted names, values bound
                    batch)


def grade_enterprises(*, as_of: dt.date, actor: Actor, model: GradingModel | None = None
                      ) -> GradingRun:
    """Grade every enterprise with facts as of `as_of` under a published
    model (the latest unless named). The same model, date and facts give the
    same grades and the same run digest."""
    require_bureau(actor)
    model = model or queries.current_model()
    if model is None:
        raise CreditError(gettext("尚无已发布的评价模型"))
    if not model.is_published:
        raise CreditError(gettext("评价模型 v%(v)s 尚未发布") % {"v": model.version})
    if as_of > timezone.localdate():
        raise CreditError(gettext("评价基准日不能晚于今天"))
    with transaction.atomic():
        run = GradingRun.objects.create(model=model, as_of=as_of, started_at=timezone.now(),
                                        signer_name=actor.signature())
        digest = hashlib.sha256()
        tally: Counter[str] = Counter()
        day, run_id, version = as_of.isoformat(), run.pk, model.version
        _tune_connection()

        def rows() -> Iterator[tuple[Any, ...]]:
            for enterprise_id, result in compute(model, as_of):
                contributions = contributions_text(result)
                digest.update(grade_line(enterprise_id, result, contributions))
                tally[result.grade] += 1
                yield (run_id, enterprise_id, version, day, result.score, result.grade,
                       result.vetoed_by, contributions)

        _insert(rows())
        run.graded = sum(tally.values())
        run.distribution = {g: tally[g] for g in GRADES}
        run.digest = digest.hexdigest()
        run.finished_at = timezone.now()
        run.save(update_fields=["graded", "distribution", "digest", "finished_at"])
        audit("grade_run", object_type="grading_run", object_id=run.pk,
              object_repr=f"v{model.version} @ {as_of}", actor=actor,
              reason="企业质量信用评价",
              after={"model_version": model.version, "model_digest": model.spec_digest,
                     "as_of": day, "graded": run.graded, "distribution": run.distribution,
                     "digest": run.digest})
    return run


def preview(model: GradingModel, as_of: dt.date) -> dict[str, Any]:
    """What `model` would do as of `as_of`, against the latest run's grades:
    the distribution, the moves between grades and the first movers."""
    current = queries.latest_grades()
    grades: list[str] = []
    moves: Counter[str] = Counter()
    movers: list[tuple[int, str, str]] = []
    digest = hashlib.sha256()
    for enterprise_id, result in compute(model, as_of):
        grades.append(result.grade)
        contributions = contributions_text(result)
        digest.update(grade_line(enterprise_id, result, contributions))
        before = current.get(enterprise_id, "")
        if before != result.grade:
            moves[f"{before or '-'}>{result.grade}"] += 1
            if len(movers) < MOVERS_SHOWN:
                movers.append((enterprise_id, before, result.grade))
    names = dict(Enterprise.objects.filter(pk__in=[m[0] for m in movers])
                 .values_list("pk", "uscc"))
    return {"as_of": as_of.isoformat(), "graded": len(grades),
            "distribution": distribution(grades),
            "current_distribution": distribution(current.values()),
            "moves": dict(sorted(moves.items())), "digest": digest.hexdigest(),
            "movers": [{"uscc": names.get(e, ""), "from": b, "to": a} for e, b, a in movers]}


def recompute_digest(run: GradingRun) -> str:
    """The digest of a run's stored grades, recomputed from the rows."""
    digest = hashlib.sha256()
    for enterprise_id, grade, score, veto, contributions in (
            CreditGrade.objects.filter(run=run).order_by("enterprise_id")
            .values_list("enterprise_id", "grade", "score", "vetoed_by", "contributions")
            .iterator(chunk_size=5000)):
        line = (f"{enterprise_id}\t{grade}\t{score}\t{veto}\t"
                f"{json.dumps(contributions, separators=(',', ':'))}\n")
        digest.update(line.encode())
    return digest.hexdigest()

