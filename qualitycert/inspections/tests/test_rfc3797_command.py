"""`qualitycert rfc3797`: the RFC's section 6 example, agreement with an
independent implementation, and clear exit-2 errors."""

from __future__ import annotations

import io
import subprocess
import sys
from hashlib import md5
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[3]
RFC_ARGS = ["--pool", "25", "--pick", "10", "--source", "9319", "--source", "2 5 12 8 10",
            "--source", "9 18 26 34 41 45"]


def independent_rfc3797(pool: int, picks: int, sources: list[list[int]]) -> list[int]:
    """From the RFC text: key = each source's numbers ascending as "N." then
    "/"; pick i = MD5(i ‖ key ‖ i) mod remaining, among those left; 1-based."""
    key = "".join("".join(f"{n}." for n in sorted(src)) + "/" for src in sources)
    remaining = list(range(1, pool + 1))
    out = []
    for i in range(picks):
        counter = bytes([i >> 8, i & 0xFF])
        digest = md5(counter + key.encode("ascii") + counter).hexdigest()
        out.append(remaining.pop(int(digest, 16) % len(remaining)))
    return out


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("rfc3797", *args, stdout=out)
    return out.getvalue()


def test_rfc_section_6_example() -> None:
    assert run(*RFC_ARGS) == "17\n7\n2\n16\n25\n23\n8\n24\n19\n13\n"


def test_console_script_prints_the_example() -> None:
    script = Path(sys.executable).parent / "qualitycert"
    command = [str(script)] if script.exists() else [sys.executable, "manage.py"]
    done = subprocess.run([*command, "rfc3797", *RFC_ARGS], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["17", "7", "2", "16", "25", "23", "8", "24", "19", "13"]


@settings(max_examples=40, deadline=None)
@given(pool=st.integers(1, 65_535), data=st.data(),
       sources=st.lists(st.lists(st.integers(0, 10**9), min_size=1, max_size=6),
                        min_size=1, max_size=4))
def test_agrees_with_an_independent_implementation(pool: int, data: st.DataObject,
                                                   sources: list[list[int]]) -> None:
    picks = data.draw(st.integers(0, min(pool, 40)), label="picks")
    args = ["--pool", str(pool), "--pick", str(picks)]
    for src in sources:
        # Published order, as people type it: unsorted, comma or space separated.
        args += ["--source", ", ".join(str(n) for n in src)]
    got = [int(line) for line in run(*args).split()]
    assert got == independent_rfc3797(pool, picks, sources)


@pytest.mark.parametrize(("args", "fragment"), [
    (["--pool", "3", "--pick", "4", "--source", "1"], "不能从 3 个候选中抽取 4 个"),
    (["--pool", "10", "--pick", "2", "--source", "12 x"], "不是非负整数"),
    (["--pool", "10", "--pick", "2", "--source", ""], "为空"),
    (["--pool", "10", "--pick", "2", "--source", "1.5"], "不是非负整数"),
    (["--pool", "70000", "--pick", "65537", "--source", "1"], "--algorithm rfc3797-ext4"),
    (["--pool", "0", "--pick", "0", "--source", "1"], "候选总数至少为 1"),
])
def test_bad_input_is_exit_2(args: list[str], fragment: str) -> None:
    with pytest.raises(CommandError) as info:
        run(*args)
    assert info.value.returncode == 2
    assert fragment in str(info.value)


def test_extension_allows_more_than_65536_picks() -> None:
    lines = run("--pool", "70000", "--pick", "65537", "--source", "7", "--algorithm",
                "rfc3797-ext4").split()
    assert len(lines) == len(set(lines)) == 65_537


@pytest.mark.parametrize("args", [
    ["--pool", "3", "--pick", "4", "--source", "1"],
    ["--pool", "ten", "--pick", "1", "--source", "1"],
    ["--pool", "10", "--pick", "1"],
    ["--pool", "10", "--pick", "2", "--source", "abc"],
])
def test_real_exit_status_is_2_without_traceback(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "manage.py", "rfc3797", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip()
