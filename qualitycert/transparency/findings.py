"""What a verification found, named so that a clerk can go and look."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    where: str   # "entry #10", "certificate 00125Q10001R0M (CNCA-R-2002-001)", "leaf 17" …
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def entry(seq: int) -> str:
    return f"entry #{seq}"


def certificate(number: str, body: str) -> str:
    return f"certificate {number} ({body})"
