"""The transparency log: leaves appended in the writer's transaction, and the
Merkle tree over them (RFC 9162, qualitycert.lib.merkle).

Every audit entry is a leaf (chain.append adds it) and so is every change of
a certificate's state (the registry adds those through `append_leaves`).
Appends lock the audit head row, the one lock every audited write already
takes, and carry the tree's right edge in memory while they run, so a bulk
append of a million leaves reads a handful of rows and writes one row per
leaf (executemany on SQLite, COPY on PostgreSQL, as the importers do).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import connection, transaction

from qualitycert.lib import merkle

from .models import AuditHead, LeafKind, LogLeaf

LEAF_COLUMNS = ("index", "kind", "ref", "data", "leaf_hash", "subtrees")
INSERT_BATCH = 5000
# Rows per IN (...) when fetching subtree hashes: SQLite takes 999 parameters.
FETCH_BATCH = 500

NewLeaf = tuple[str, int, str]  # kind, ref, canonical data


# json.dumps with these options builds a new encoder on every call; a bulk
# import spells a million leaves, so the one encoder is made once.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def canonical_json(value: Any) -> str:
    """The one JSON spelling leaves use: sorted keys, no spaces, UTF-8 text
    unescaped. For strings, integers, booleans and null (all a leaf holds)
    this is RFC 8785's canonical form."""
    return _CANONICAL.encode(value)


def json_string(value: str) -> str:
    """One string as canonical_json spells it (quoted, escaped): for a writer
    that lays out a leaf of fixed members itself."""
    return _CANONICAL.encode(value)


def lock_head() -> AuditHead:
    """The head row, locked until the caller's transaction ends."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    return head


def append_leaves(leaves: Iterable[NewLeaf]) -> range:
    """Append leaves in order inside the caller's transaction; returns their
    indexes. `leaves` may be a generator: it is consumed in batches."""
    with transaction.atomic():
        return append_locked(lock_head(), leaves)


def append_locked(head: AuditHead, leaves: Iterable[NewLeaf], *, save_head: bool = True
                  ) -> range:
    """append_leaves for a caller that already holds the head lock (and, with
    save_head=False, saves `head.tree_size` itself)."""
    start = head.tree_size
    frontier = merkle.Frontier(start, _edge_hashes(start))

    def rows() -> Iterator[tuple[Any, ...]]:
        for kind, ref, data in leaves:
            digest = merkle.leaf_hash(data.encode("utf-8"))
            index = frontier.size
            completed = frontier.append(digest)
            yield (index, kind, ref, data, digest, b"".join(completed))

    _insert(rows())
    head.tree_size = frontier.size
    if frontier.size != start and save_head:
        head.save(update_fields=["tree_size"])
    return range(start, frontier.size)


def _edge_hashes(size: int) -> list[bytes]:
    nodes = merkle.root_nodes(size)
    found = fetch_nodes(nodes)
    return [found[node] for node in nodes]


def _insert(rows: Iterable[tuple[Any, ...]]) -> None:
    """Batches are taken from `rows` before each statement: the generator may
    itself be reading the database (a server-side cursor on PostgreSQL),
    which it cannot do while a COPY holds the connection."""
    table = connection.ops.quote_name(LogLeaf._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in LEAF_COLUMNS)
    placeholders = ", ".join(["%s"] * len(LEAF_COLUMNS))
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, INSERT_BATCH)):
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 # nosec B608 # quoted names, values bound
                    batch)


def fetch_nodes(wanted: Sequence[merkle.Node]) -> dict[merkle.Node, bytes]:
    """Subtree hashes by (level, index), read from the leaves that keep them.
    A node the table lacks is left out (the caller says what is missing)."""
    rows_for: dict[int, list[tuple[merkle.Node, int]]] = {}
    for node in wanted:
        if node[0] == 0:
            rows_for.setdefault(node[1], []).append((node, -1))
        else:
            leaf, position = merkle.completing_leaf(node)
            rows_for.setdefault(leaf, []).append((node, position))
    found: dict[merkle.Node, bytes] = {}
    indexes = list(rows_for)
    for start in range(0, len(indexes), FETCH_BATCH):
        batch = indexes[start:start + FETCH_BATCH]
        for index, leaf_hash, subtrees in LogLeaf.objects.filter(index__in=batch).values_list(
                "index", "leaf_hash", "subtrees"):
            leaf_hash, subtrees = bytes(leaf_hash), bytes(subtrees)
            for node, position in rows_for[index]:
                if position < 0:
                    found[node] = leaf_hash
                else:
                    piece = subtrees[position * merkle.HASH_SIZE:(position + 1) * merkle.HASH_SIZE]
                    if len(piece) == merkle.HASH_SIZE:
                        found[node] = piece
    return found


def tree_size() -> int:
    """The size as the head records it (what the API serves and checkpoints sign)."""
    size = AuditHead.objects.filter(pk=1).values_list("tree_size", flat=True).first()
    return int(size or 0)


def root(size: int) -> bytes:
    return merkle.tree_root(size, fetch_nodes)


def inclusion_proof(index: int, size: int) -> list[bytes]:
    return merkle.inclusion_proof(index, size, fetch_nodes)


def consistency_proof(old_size: int, new_size: int) -> list[bytes]:
    return merkle.consistency_proof(old_size, new_size, fetch_nodes)


class _Prefetching:
    """A fetcher that reads the nodes a later call will want in the same
    query as the first call's: one round trip for a proof and its roots."""

    def __init__(self, also: Sequence[merkle.Node]) -> None:
        self.also = list(also)
        self.found: dict[merkle.Node, bytes] = {}

    def __call__(self, wanted: Sequence[merkle.Node]) -> dict[merkle.Node, bytes]:
        missing = [node for node in [*wanted, *self.also] if node not in self.found]
        if missing:
            self.found.update(fetch_nodes(missing))
        return self.found


def inclusion_with_root(index: int, size: int) -> tuple[list[bytes], bytes, bytes]:
    """(proof, root at size, the leaf's hash) in one query."""
    fetch = _Prefetching([*merkle.root_nodes(size), (0, index)])
    proof = merkle.inclusion_proof(index, size, fetch)
    return proof, merkle.tree_root(size, fetch), fetch.found[(0, index)]


def consistency_with_roots(old_size: int, new_size: int) -> tuple[list[bytes], bytes, bytes]:
    """(proof, old root, new root) in one query."""
    fetch = _Prefetching([*merkle.root_nodes(old_size), *merkle.root_nodes(new_size)])
    proof = merkle.consistency_proof(old_size, new_size, fetch)
    return proof, merkle.tree_root(old_size, fetch), merkle.tree_root(new_size, fetch)


def leaf(index: int) -> LogLeaf | None:
    return LogLeaf.objects.filter(index=index).first()


def latest_leaf_index(kind: LeafKind | str, ref: int) -> int | None:
    return (LogLeaf.objects.filter(kind=kind, ref=ref).order_by("-index")
            .values_list("index", flat=True).first())
