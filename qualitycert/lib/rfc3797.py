"""Provably fair draws (公开可验证抽签) per RFC 3797.

RFC 3797 ("Publicly Verifiable Nominations Committee (NomCom) Random
Selection") lets anyone re-run a draw from published inputs: the numbered
candidate list, the number of picks and a set of public random sources fixed
in advance (lottery results, stock-index figures …). Nothing here is secret;
the point is that nobody, including us, could have steered the outcome.

Key string (RFC 3797 section 4):

* every number of a source is written in decimal without leading zeros (zero
  itself is "0") and followed by ".";
* the numbers of one source are sorted ascending (lotteries publish results
  both in draw order and sorted, two match scores have no inherent order)
  and the source is closed by "/";
* sources are concatenated in their published order.

For example, sources "9319", "2 5 12 8 10" and "9 18 26 34 41 45" give
"9319./2.5.8.10.12./9.18.26.34.41.45./".

Pick i (0-based) takes the MD5 digest of (i as a two-byte big-endian counter,
the key's ASCII bytes, the same two bytes), reads it as a big-endian unsigned
integer, reduces it modulo the number of candidates still in the pool, and
takes that 0-based position among the candidates not yet picked, counted in
original list order.

Versions (``ALGORITHM_VERSIONS``):

``"rfc3797"``
    The RFC as written. The two-byte counter limits a draw to 65,536 picks
    (counters 0 … 65535); the pool may be any size.
``"rfc3797-ext4"``
    Our extension for larger draws: the counter is four bytes, big-endian,
    on both sides of the key; everything else is unchanged. It is not part
    of the RFC, so a published draw must name the version. Its picks differ
    from plain RFC 3797 from the very first one.

Plain RFC 3797 stays the default wherever it fits (see ``version_for``), so
that third parties can check our draws with any RFC 3797 tool.

This module is pure Python and must not import Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from hashlib import md5
from types import MappingProxyType
from typing import Final

__all__ = [
    "ALGORITHM_VERSIONS",
    "DEFAULT_VERSION",
    "DrawInputError",
    "digest_for",
    "key_string",
    "max_picks",
    "select",
    "version_for",
]

#: Version name → counter width in bytes. Read-only.
ALGORITHM_VERSIONS: Final[Mapping[str, int]] = MappingProxyType(
    {"rfc3797": 2, "rfc3797-ext4": 4}
)
DEFAULT_VERSION: Final = "rfc3797"


class DrawInputError(ValueError):
    """Input a draw cannot be run on, with the reason in English and Chinese.

    ``str(error)`` gives both ("中文（English）", the project's convention for
    user-facing errors); ``message_en`` and ``message_zh`` give one each.
    """

    def __init__(self, message_en: str, message_zh: str) -> None:
        # Both messages in args, so the exception pickles and copies intact.
        super().__init__(message_en, message_zh)
        self.message_en = message_en
        self.message_zh = message_zh

    def __str__(self) -> str:
        return f"{self.message_zh}（{self.message_en}）"


# --- key string ---------------------------------------------------------------

# NFKC already turns full-width "，" into ","; the ideographic comma "、" has no
# compatibility mapping, so it is listed explicitly.
_SEPARATOR_RE = re.compile(r"[\s,、]+")
_DIGITS_RE = re.compile(r"[0-9]+")


def _canonical_number(text: str) -> str:
    # Leading zeros go textually rather than through int(), which refuses
    # numbers over 4,300 digits; "0", "00" … stay a single "0".
    return text.lstrip("0") or "0"


def _source_numbers(source: object, position: int) -> list[str]:
    """One source's numbers as canonical decimal strings, in input order."""
    where_en = f"source {position}"
    where_zh = f"第 {position} 个随机源"
    if isinstance(source, str):
        text = unicodedata.normalize("NFKC", source)
        tokens = [t for t in _SEPARATOR_RE.split(text) if t]
        if not tokens:
            raise DrawInputError(
                f"{where_en} is empty; give at least one number",
                f"{where_zh}为空，至少需要一个数字",
            )
        bad = [t for t in tokens if not _DIGITS_RE.fullmatch(t)]
        if bad:
            raise DrawInputError(
                f"{where_en} contains {bad[0]!r}, which is not a whole number "
                "(use digits only, separated by spaces or commas)",
                f"{where_zh}中的 {bad[0]!r} 不是非负整数"
                "（只能填写数字，用空格或逗号分隔）",
            )
        return [_canonical_number(t) for t in tokens]

    # bytes is a Sequence[int] too, but b"12" meaning [49, 50] is never intended.
    if isinstance(source, Sequence) and not isinstance(source, bytes | bytearray):
        if not source:
            raise DrawInputError(
                f"{where_en} is empty; give at least one number",
                f"{where_zh}为空，至少需要一个数字",
            )
        numbers: list[str] = []
        for value in source:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise DrawInputError(
                    f"{where_en} contains {value!r}, which is not a whole number ≥ 0",
                    f"{where_zh}中的 {value!r} 不是非负整数",
                )
            try:
                numbers.append(str(value))
            except ValueError:  # beyond Python's int-to-str digit limit
                raise DrawInputError(
                    f"{where_en} contains a number too long to write out",
                    f"{where_zh}中的数字位数过多",
                ) from None
        return numbers

    raise DrawInputError(
        f"{where_en} must be text such as '2 5 12' or a list of whole numbers, "
        f"not {type(source).__name__}",
        f"{where_zh}应为文本（如“2 5 12”）或整数列表，而不是 {type(source).__name__}",
    )


def key_string(sources: Sequence[str | Sequence[int]]) -> str:
    """The RFC 3797 key string for ``sources``, in their published order.

    A source is either text or a sequence of non-negative ints. Text is NFKC
    normalised first (full-width "１２，５" reads as "12,5"); numbers are
    separated by whitespace, "," or "、". A comma is always a separator,
    never a thousands separator: "1,234" is the two numbers 1 and 234.
    Leading zeros are dropped ("07" → "7."). Only whole numbers are accepted;
    the RFC's fractional and alphanumeric sources are deliberately not
    supported.

    >>> key_string(["9319", "2 5 12 8 10", [45, 41, 34, 26, 18, 9]])
    '9319./2.5.8.10.12./9.18.26.34.41.45./'

    Raises ``DrawInputError`` for no sources, an empty source or a token that
    is not a whole number.
    """
    if isinstance(sources, str | bytes | bytearray) or not isinstance(sources, Sequence):
        raise DrawInputError(
            "sources must be a list of sources, one entry per source",
            "随机源应为列表，每个随机源一项",
        )
    if not sources:
        raise DrawInputError("at least one random source is required", "至少需要一个随机源")
    parts: list[str] = []
    for position, source in enumerate(sources, start=1):
        numbers = _source_numbers(source, position)
        # Canonical decimals without leading zeros sort numerically by
        # (length, text), with no int conversion.
        numbers.sort(key=lambda n: (len(n), n))
        parts.append("".join(n + "." for n in numbers) + "/")
    return "".join(parts)


# --- digests ------------------------------------------------------------------


def _key_bytes(key: str) -> bytes:
    if not isinstance(key, str) or not key:
        raise DrawInputError("the key string is empty", "密钥串为空")
    try:
        return key.encode("ascii")
    except UnicodeEncodeError:
        raise DrawInputError(
            "the key string must be ASCII (build it with key_string())",
            "密钥串只能包含 ASCII 字符（请用 key_string() 生成）",
        ) from None


def _check_int(value: object, name: str, name_zh: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DrawInputError(f"{name} must be a whole number", f"{name_zh}必须是整数")
    return value


def digest_for(i: int, key: str, counter_bytes: int = 2) -> int:
    """MD5(counter ‖ key ‖ counter) as a big-endian unsigned integer.

    The counter is ``i`` written as ``counter_bytes`` big-endian bytes: 2 for
    plain RFC 3797, 4 for ``"rfc3797-ext4"``.

    >>> hex(digest_for(0, "9319./2.5.8.10.12./9.18.26.34.41.45./"))
    '0x990dd0a5692a029a98b5e01aa28f3459'
    """
    i = _check_int(i, "the pick number", "抽取序号")
    counter_bytes = _check_int(counter_bytes, "counter_bytes", "计数器字节数")
    if counter_bytes < 1:
        raise DrawInputError("counter_bytes must be at least 1", "计数器字节数至少为 1")
    if not 0 <= i < 256**counter_bytes:
        raise DrawInputError(
            f"pick number {i} does not fit a {counter_bytes}-byte counter",
            f"抽取序号 {i} 超出 {counter_bytes} 字节计数器的范围",
        )
    counter = i.to_bytes(counter_bytes, "big")
    data = counter + _key_bytes(key) + counter
    return int.from_bytes(md5(data, usedforsecurity=False).digest(), "big")


# --- selection ----------------------------------------------------------------


def max_picks(version: str = DEFAULT_VERSION) -> int:
    """The most picks one draw may make under ``version``."""
    try:
        return 256 ** ALGORITHM_VERSIONS[version]
    except (KeyError, TypeError):
        raise DrawInputError(
            f"unknown algorithm version {version!r}; "
            f"known: {', '.join(ALGORITHM_VERSIONS)}",
            f"未知的算法版本 {version!r}；可用版本：{'、'.join(ALGORITHM_VERSIONS)}",
        ) from None


def version_for(picks: int) -> str:
    """The version to publish for a draw of ``picks``: plain RFC 3797 when it
    fits, the four-byte extension only beyond 65,536 picks."""
    picks = _check_int(picks, "the number of picks", "抽取数量")
    for version in ALGORITHM_VERSIONS:  # narrowest counter first
        if picks <= max_picks(version):
            return version
    raise DrawInputError(
        f"{picks} picks exceed every supported version",
        f"抽取数量 {picks} 超出所有算法版本的上限",
    )


def select(pool: int, picks: int, key: str, *, version: str = DEFAULT_VERSION) -> list[int]:
    """Run a draw: the 0-based indices of the picked candidates, in pick order.

    ``pool`` is the number of candidates in the published list, ``picks`` how
    many to take and ``key`` the key string from ``key_string``. Add one to
    each index for the RFC's 1-based list positions.

    >>> key = "9319./2.5.8.10.12./9.18.26.34.41.45./"
    >>> [i + 1 for i in select(25, 10, key)]
    [17, 7, 2, 16, 25, 23, 8, 24, 19, 13]

    Raises ``DrawInputError`` when ``pool`` < 1, ``picks`` < 0, ``picks`` >
    ``pool``, ``picks`` is beyond what ``version`` allows (65,536 for plain
    RFC 3797), the version is unknown or the key is empty or not ASCII.

    Cost is O(picks · log pool) after an O(pool / 256) set-up; memory is at
    most about 1.5 bytes per candidate besides the result. Pools over 2**28
    switch to a structure of O(picks · log pool) memory, with the same
    results.
    """
    pool = _check_int(pool, "the pool size", "候选总数")
    picks = _check_int(picks, "the number of picks", "抽取数量")
    limit = max_picks(version)
    key_bytes = _key_bytes(key)
    if pool < 1:
        raise DrawInputError(
            f"the pool must hold at least one candidate (got {pool})",
            f"候选总数至少为 1（实际为 {pool}）",
        )
    if picks < 0:
        raise DrawInputError(
            f"the number of picks cannot be negative (got {picks})",
            f"抽取数量不能为负数（实际为 {picks}）",
        )
    if picks > pool:
        raise DrawInputError(
            f"cannot pick {picks} from a pool of {pool}",
            f"不能从 {pool} 个候选中抽取 {picks} 个",
        )
    if picks > limit:
        wider = [v for v in ALGORITHM_VERSIONS if picks <= max_picks(v)]
        raise DrawInputError(
            f"version {version!r} allows at most {limit:,} picks (got {picks:,})"
            + (f"; use {wider[0]!r} for larger draws" if wider else ""),
            f"算法版本 {version!r} 最多抽取 {limit:,} 个（实际为 {picks:,}）"
            + (f"，更大规模请使用 {wider[0]!r}" if wider else ""),
        )
    return _draw(pool, picks, key_bytes, ALGORITHM_VERSIONS[version])


# Free candidates live in blocks of _BLOCK consecutive indices, each block a
# bytearray of the offsets still free in it (offsets < 256 fit one byte). A
# Fenwick tree over the blocks finds the block holding the r-th free
# candidate; bytearray.pop then finds and removes it inside the block with one
# C-level move of at most 255 bytes. Compared with a Fenwick tree over single
# candidates this drops eight levels of interpreted descent per pick, which is
# what brings a 50,000-from-1,000,000 draw from about 5× to about 3.5× the
# bare MD5 cost (bench/bench_rfc3797.py). The block never grows with the
# pool, so a pick stays O(log pool); this is not the O(pool) list removal of
# a naive draw.
_BLOCK: Final = 256

# Above this many blocks (a pool over 2**28) the tree becomes a dict that
# holds only the nodes a draw has touched, keeping memory O(picks · log pool)
# for enormous pools at some cost per level.
_DENSE_MAX_BLOCKS: Final = 1 << 20


def _draw(
    pool: int,
    picks: int,
    key_bytes: bytes,
    counter_bytes: int,
    *,
    block: int = _BLOCK,
    dense: bool | None = None,
) -> list[int]:
    """The selection proper, inputs already validated.

    ``block`` (1 … 256) and ``dense`` exist for the tests: ``block=1`` is a
    plain Fenwick tree over single candidates, and both tree representations
    must give identical draws.

    The tree covers ``size`` = 2**m block slots (slots past the last block
    hold nothing). Node j (1-based) holds the number of free candidates in
    blocks (j - lowbit(j), j]. Each pick descends from the top in one pass,
    finding the block and removing the candidate from the counts together:

    At the level of step s, ``pos`` is a multiple of 2s and the target block t
    (1-based) lies in (pos, pos + 2s]; node nxt = pos + s has lowbit s, so it
    covers exactly (pos, nxt]. If its count is ≤ r, the target lies beyond:
    advance, and r becomes the rank past those blocks. Otherwise t lies in
    (pos, nxt], so node nxt covers t and loses one candidate. When it
    advances instead, t lies in (nxt, pos + 2s], a range whose only covering
    nodes end at pos + 2s or later and so have lowbit ≥ 2s: no node of lowbit
    s covers t. Nodes of one lowbit cover disjoint ranges, so each level
    holds at most one node covering t, and the descent decrements exactly the
    nodes covering t — the standard update path t, t + lowbit(t), … — except
    the root (lowbit = size), which covers everything and is never read, so
    it is neither visited nor stored. Afterwards pos is the 0-based block
    index and r the rank inside that block.
    """
    nblocks = -(-pool // block)
    levels = (nblocks - 1).bit_length()
    size = 1 << levels
    steps = [1 << s for s in range(levels - 1, -1, -1)]
    last = nblocks - 1
    full_block = bytes(range(block))
    tail_block = bytes(range(pool - last * block))
    if dense is None:
        dense = nblocks <= _DENSE_MAX_BLOCKS

    out: list[int] = []
    append = out.append
    from_bytes = int.from_bytes
    remaining = pool

    if dense:
        tree = _initial_tree(pool, nblocks, size, block)
        # Blocks are made on first use, so a big pool with few picks does not
        # pay for a bytearray per block.
        blocks: list[bytearray | None] = [None] * nblocks
        for i in range(picks):
            counter = i.to_bytes(counter_bytes, "big")
            digest = md5(counter + key_bytes + counter, usedforsecurity=False).digest()
            r = from_bytes(digest, "big") % remaining
            remaining -= 1
            pos = 0
            for step in steps:
                nxt = pos + step
                count = tree[nxt]
                if count <= r:
                    pos = nxt
                    r -= count
                else:
                    tree[nxt] = count - 1
            free = blocks[pos]
            if free is None:
                free = blocks[pos] = bytearray(full_block if pos < last else tail_block)
            append(pos * block + free.pop(r))
        return out

    sparse_tree: dict[int, int] = {}
    get = sparse_tree.get
    sparse_blocks: dict[int, bytearray] = {}
    get_block = sparse_blocks.get
    for i in range(picks):
        counter = i.to_bytes(counter_bytes, "big")
        digest = md5(counter + key_bytes + counter, usedforsecurity=False).digest()
        r = from_bytes(digest, "big") % remaining
        remaining -= 1
        pos = 0
        for step in steps:
            nxt = pos + step
            held = get(nxt)
            # An untouched node still holds every candidate of blocks
            # [pos, pos + step); block pos is never past the target, so real.
            count = min(step * block, pool - pos * block) if held is None else held
            if count <= r:
                pos = nxt
                r -= count
            else:
                sparse_tree[nxt] = count - 1
        free = get_block(pos)
        if free is None:
            free = sparse_blocks[pos] = bytearray(full_block if pos < last else tail_block)
        append(pos * block + free.pop(r))
    return out


def _initial_tree(pool: int, nblocks: int, size: int, block: int) -> list[int]:
    """The Fenwick tree of a fresh pool, built in O(size) by slice assignment.

    Node j covers blocks (j - lowbit(j), j]. Below the last (possibly short)
    block every block is full, so such a node holds lowbit(j) · block; the
    nodes covering the last block are exactly its update path and get the
    remainder of the pool; the rest cover only empty padding and stay 0.
    """
    tree = [0] * size  # index 0 and the root (index size) are never read
    step = 1
    while step < size:
        tree[step:nblocks:2 * step] = [step * block] * len(range(step, nblocks, 2 * step))
        step *= 2
    j = nblocks
    while j < size:
        low = j & -j
        tree[j] = pool - (j - low) * block
        j += low
    return tree
