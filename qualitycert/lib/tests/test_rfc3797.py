"""RFC 3797 draws: the RFC's worked example, agreement with naive reference
implementations, input errors and a uniformity check.

Runs without Django: .venv/bin/pytest qualitycert/lib/tests/test_rfc3797.py -p no:django
"""

from __future__ import annotations

import bisect
import copy
import doctest
import math
import random
import subprocess
import sys
from hashlib import md5

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualitycert.lib import rfc3797
from qualitycert.lib.rfc3797 import (
    ALGORITHM_VERSIONS,
    DrawInputError,
    digest_for,
    key_string,
    max_picks,
    select,
    version_for,
)

# RFC 3797 section 6, the fully worked example.
RFC_SOURCES = ["9319", "2 5 12 8 10", "9 18 26 34 41 45"]
RFC_KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"
RFC_PICKS_1_BASED = [17, 7, 2, 16, 25, 23, 8, 24, 19, 13]
RFC_FIRST_DIGESTS = [
    "990DD0A5692A029A98B5E01AA28F3459",
    "3691E55CB63FCC37914430B2F70B5EC6",
    "FE814EDF564C190AC1D25753979990FA",
]


# --- independent references -----------------------------------------------------
# Written from the RFC text, deliberately sharing no code with the module:
# hexdigest parsing instead of int.from_bytes, plain list removal instead of
# a tree.


def _value(i: int, key: str, counter_bytes: int) -> int:
    counter = i.to_bytes(counter_bytes, "big")
    return int(md5(counter + key.encode("ascii") + counter).hexdigest(), 16)


def naive_select(pool: int, picks: int, key: str, counter_bytes: int = 2) -> list[int]:
    """Remove each pick from the list of candidates still in the pool."""
    remaining = list(range(pool))
    return [remaining.pop(_value(i, key, counter_bytes) % len(remaining)) for i in range(picks)]


def skip_taken_select(pool: int, picks: int, key: str, counter_bytes: int = 2) -> list[int]:
    """For pools too big for a list: start at the rank and step past every
    already-taken index at or below the candidate position."""
    taken: list[int] = []
    out = []
    for i in range(picks):
        position = _value(i, key, counter_bytes) % (pool - i)
        for t in taken:  # ascending
            if t > position:
                break
            position += 1
        bisect.insort(taken, position)
        out.append(position)
    return out


# --- strategies -----------------------------------------------------------------

int_sources = st.lists(
    st.lists(st.integers(0, 10**12), min_size=1, max_size=6), min_size=1, max_size=4
)


@st.composite
def keys(draw: st.DrawFn) -> str:
    return key_string(draw(int_sources))


# --- the RFC example ------------------------------------------------------------


def test_rfc_example_key_string() -> None:
    assert key_string(RFC_SOURCES) == RFC_KEY


def test_rfc_example_digests() -> None:
    for i, expected in enumerate(RFC_FIRST_DIGESTS):
        assert digest_for(i, RFC_KEY) == int(expected, 16)


def test_rfc_example_selection() -> None:
    assert [i + 1 for i in select(25, 10, RFC_KEY)] == RFC_PICKS_1_BASED
    assert select(25, 10, RFC_KEY) == naive_select(25, 10, RFC_KEY)


def test_module_doctests() -> None:
    result = doctest.testmod(rfc3797)
    assert result.attempted > 0
    assert result.failed == 0


# --- key strings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ([[9319], [2, 5, 12, 8, 10], (45, 41, 34, 26, 18, 9)], RFC_KEY),
        # Full-width digits, full-width and ideographic commas, ideographic space.
        (["９３１９", "２，５，１２，８，１０", "9、18、26 34,41\u300045"], RFC_KEY),
        (["  2,\t5 ,, 12\n8  10  "], "2.5.8.10.12./"),
        (["007 0 00"], "0.0.7./"),
        ([[7, 0, 0]], "0.0.7./"),
        (["10 9 100"], "9.10.100./"),  # numeric order, not text order
        (["3 3 1"], "1.3.3./"),  # repeated numbers are kept
        (["2", "1"], "2./1./"),  # sources keep their published order
        (["12", [12]], "12./12./"),
        (["0001234567890123456789012345678901234567890"], "1234567890123456789012345678901234567890./"),
        ([range(3, 0, -1)], "1.2.3./"),
    ],
)
def test_key_string_forms(sources: list, expected: str) -> None:
    assert key_string(sources) == expected


@pytest.mark.parametrize(
    "sources",
    [
        [],
        [""],
        ["  , 、 "],
        [[]],
        ["9319", ""],
        ["12 abc"],
        ["3.5"],  # the RFC's fractional values are out of scope
        ["-4"],
        ["+4"],
        ["1/2"],
        ["٣"],  # Arabic-Indic digit: NFKC keeps it, and it is not 0-9
        [[1, -2]],
        [[True]],
        [[1.0]],
        [["1", "2"]],
        [b"12"],
        [12],
        [None],
        "9319",  # a bare string rather than a list of sources
    ],
)
def test_key_string_rejects(sources: object) -> None:
    with pytest.raises(DrawInputError) as info:
        key_string(sources)  # type: ignore[arg-type]
    _assert_bilingual(info.value)


def test_key_string_error_names_source_and_token() -> None:
    with pytest.raises(DrawInputError) as info:
        key_string(["9319", "2 5 x1"])
    assert "source 2" in info.value.message_en
    assert "x1" in info.value.message_en
    assert "第 2 个" in info.value.message_zh


def test_key_string_huge_int_in_list() -> None:
    # Past Python's int→str digit limit: a clear error, not a bare ValueError.
    with pytest.raises(DrawInputError):
        key_string([[10**5000]])


def _assert_bilingual(error: DrawInputError) -> None:
    assert isinstance(error, ValueError)
    assert any("a" <= ch <= "z" for ch in error.message_en)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in error.message_en)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message_zh)
    assert error.message_en in str(error)
    assert error.message_zh in str(error)


# --- selection against the references -------------------------------------------


@settings(max_examples=60, deadline=None)
@given(key=keys(), pool=st.integers(1, 2000), data=st.data())
def test_matches_naive_small_pools(key: str, pool: int, data: st.DataObject) -> None:
    picks = data.draw(st.one_of(st.just(pool), st.integers(0, pool)), label="picks")
    assert select(pool, picks, key) == naive_select(pool, picks, key)


@settings(max_examples=25, deadline=None)
@given(key=keys(), pool=st.integers(2001, 65535), picks=st.integers(0, 25))
def test_matches_naive_large_pools(key: str, pool: int, picks: int) -> None:
    assert select(pool, picks, key) == naive_select(pool, picks, key)


@settings(max_examples=30, deadline=None)
@given(key=keys(), pool=st.integers(1, 1500), data=st.data())
def test_ext4_matches_naive_with_four_byte_counter(
    key: str, pool: int, data: st.DataObject
) -> None:
    picks = data.draw(st.integers(0, pool), label="picks")
    assert select(pool, picks, key, version="rfc3797-ext4") == naive_select(
        pool, picks, key, counter_bytes=4
    )


def test_ext4_is_a_different_draw() -> None:
    ext4 = select(25, 10, RFC_KEY, version="rfc3797-ext4")
    assert ext4 == naive_select(25, 10, RFC_KEY, counter_bytes=4)
    assert ext4 != select(25, 10, RFC_KEY)
    assert digest_for(0, RFC_KEY, counter_bytes=4) == _value(0, RFC_KEY, 4)


@settings(max_examples=60, deadline=None)
@given(
    key=keys(),
    pool=st.integers(1, 600),
    block=st.sampled_from([1, 2, 3, 7, 64, 256]),
    dense=st.booleans(),
    data=st.data(),
)
def test_tree_shapes_agree(
    key: str, pool: int, block: int, dense: bool, data: st.DataObject
) -> None:
    """block=1 is a plain Fenwick tree over single candidates, so this checks
    the one-pass find-and-decrement descent itself; other block sizes and the
    dict-backed tree must not change a single pick."""
    picks = data.draw(st.one_of(st.just(pool), st.integers(0, pool)), label="picks")
    got = rfc3797._draw(pool, picks, key.encode("ascii"), 2, block=block, dense=dense)
    assert got == naive_select(pool, picks, key)


def test_dense_and_sparse_trees_agree_on_a_big_pool() -> None:
    key_bytes = RFC_KEY.encode("ascii")
    dense = rfc3797._draw(300_001, 3000, key_bytes, 2, dense=True)
    sparse = rfc3797._draw(300_001, 3000, key_bytes, 2, dense=False)
    assert dense == sparse == skip_taken_select(300_001, 3000, RFC_KEY)


@pytest.mark.parametrize("pool", [2**28 + 1, 10**12, 2**200 + 3])
def test_enormous_pools(pool: int) -> None:
    # Past the dense-tree limit; must still follow the RFC exactly.
    assert select(pool, 40, RFC_KEY) == skip_taken_select(pool, 40, RFC_KEY)


def test_skip_taken_reference_matches_naive() -> None:
    assert skip_taken_select(500, 500, RFC_KEY) == naive_select(500, 500, RFC_KEY)


@settings(max_examples=30, deadline=None)
@given(key=keys(), pool=st.integers(1, 3000), data=st.data())
def test_longer_draw_extends_shorter(key: str, pool: int, data: st.DataObject) -> None:
    # Publishing a reserve list later must not change the earlier picks.
    picks = data.draw(st.integers(0, pool), label="picks")
    assert select(pool, picks, key) == select(pool, pool, key)[:picks]


def test_trivial_draws() -> None:
    assert select(1, 1, RFC_KEY) == [0]
    assert select(1, 0, RFC_KEY) == []
    assert sorted(select(300, 300, RFC_KEY)) == list(range(300))


def test_plain_rfc_allows_exactly_65536_picks() -> None:
    picks = select(70_000, 65_536, RFC_KEY)
    assert len(set(picks)) == 65_536
    assert all(0 <= p < 70_000 for p in picks)
    assert picks[:500] == naive_select(70_000, 500, RFC_KEY)
    assert digest_for(65_535, RFC_KEY) == _value(65_535, RFC_KEY, 2)


# --- errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pool", "picks", "key", "version", "fragment"),
    [
        (3, 4, RFC_KEY, "rfc3797", "cannot pick 4 from a pool of 3"),
        (0, 0, RFC_KEY, "rfc3797", "at least one candidate"),
        (-5, 0, RFC_KEY, "rfc3797", "at least one candidate"),
        (10, -1, RFC_KEY, "rfc3797", "cannot be negative"),
        (70_000, 65_537, RFC_KEY, "rfc3797", "'rfc3797-ext4'"),
        (10, 2, RFC_KEY, "rfc3797-ext8", "unknown algorithm version"),
        (10, 2, "", "rfc3797", "empty"),
        (10, 2, "9319./é/", "rfc3797", "ASCII"),
        (True, 1, RFC_KEY, "rfc3797", "whole number"),
        (10, 2.0, RFC_KEY, "rfc3797", "whole number"),
    ],
)
def test_select_rejects(pool: int, picks: int, key: str, version: str, fragment: str) -> None:
    with pytest.raises(DrawInputError) as info:
        select(pool, picks, key, version=version)
    assert fragment in info.value.message_en
    _assert_bilingual(info.value)


@pytest.mark.parametrize(
    ("i", "counter_bytes"), [(-1, 2), (65_536, 2), (2**32, 4), (0, 0), (1.0, 2)]
)
def test_digest_for_rejects(i: int, counter_bytes: int) -> None:
    with pytest.raises(DrawInputError):
        digest_for(i, RFC_KEY, counter_bytes)


def test_error_survives_copying() -> None:
    # deepcopy rebuilds an exception from its args, as pickling does.
    error = DrawInputError("bad", "错误")
    clone = copy.deepcopy(error)
    assert (clone.message_en, clone.message_zh, str(clone)) == ("bad", "错误", str(error))


# --- versions -------------------------------------------------------------------


def test_versions() -> None:
    assert dict(ALGORITHM_VERSIONS) == {"rfc3797": 2, "rfc3797-ext4": 4}
    assert max_picks("rfc3797") == 65_536
    assert max_picks("rfc3797-ext4") == 2**32
    assert version_for(0) == version_for(65_536) == "rfc3797"
    assert version_for(65_537) == version_for(2**32) == "rfc3797-ext4"
    with pytest.raises(DrawInputError):
        version_for(2**32 + 1)
    with pytest.raises(TypeError):
        ALGORITHM_VERSIONS["mine"] = 8  # type: ignore[index]


# --- uniformity -----------------------------------------------------------------

# Upper 0.001 quantile of chi-square with 19 degrees of freedom (20 cells),
# from standard tables; the regularised-gamma series in the test below
# recomputes it.
CHI2_CRITICAL_19DF_P001 = 43.820


def _chi2_survival(x: float, df: int) -> float:
    a, z = df / 2, x / 2
    term = total = 1 / a
    n = 0
    while term > 1e-17 * total:
        n += 1
        term *= z / (a + n)
        total += term
    return 1 - total * math.exp(-z + a * math.log(z) - math.lgamma(a))


def test_chi2_critical_value() -> None:
    assert _chi2_survival(CHI2_CRITICAL_19DF_P001, 19) == pytest.approx(0.001, rel=1e-3)


def test_picks_are_uniform() -> None:
    """4,000 draws of 3 from 20, each keyed by different lottery-like sources
    from a fixed seed (so the test is deterministic): the first and the last
    pick must each land on every candidate about equally often."""
    rng = random.Random(3797)
    pool, draws = 20, 4000
    first = [0] * pool
    third = [0] * pool
    for _ in range(draws):
        sources = [
            [rng.randint(1, 45) for _ in range(6)],
            [rng.randrange(10**8)],
            [rng.randint(0, 9) for _ in range(3)],
        ]
        picks = select(pool, 3, key_string(sources))
        first[picks[0]] += 1
        third[picks[2]] += 1
    expected = draws / pool
    for counts in (first, third):
        chi2 = sum((c - expected) ** 2 / expected for c in counts)
        assert chi2 < CHI2_CRITICAL_19DF_P001, counts


# --- no Django ------------------------------------------------------------------


def test_module_does_not_import_django() -> None:
    code = (
        "import sys, qualitycert.lib.rfc3797; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
