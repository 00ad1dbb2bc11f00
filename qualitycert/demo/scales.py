"""How big each demo is.

`district` is Binhai New Area as the plan knows it: tens of thousands of
market entities, a few thousand certified. `province` (Tianjin) and
`national` are load-test sizes taken from the 2024 national figures
(DESIGN.md §3: 4.158 M valid certificates, ~1.1 M certified organisations,
1,230 bodies, ~53,000 labs). At those sizes each certificate keeps only the
events of its current cycle (the last issue or renewal onward), which is what
makes a million certificates load in minutes; its state is the same.
`tiny` is for the tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    enterprises: int       # market entities in the registry
    holders: int           # of which hold at least one certificate
    certificates: int
    bodies: int
    lapsed_bodies: int     # bodies whose approval has lapsed
    labs: int
    anomalies_per_kind: int
    places: str            # "binhai", "tianjin" or "national" (see places.PLACE_MAKERS)
    full_history: bool
    unique_names: bool     # worth a set of names only at district size
    chunk: int = 5_000     # enterprises generated and written per batch


SCALES = {
    "tiny": Scale("tiny", 1_500, 260, 480, 12, 1, 8, 2, "binhai", True, True, 500),
    "district": Scale("district", 30_000, 4_000, 7_000, 60, 2, 300, 5, "binhai", True, True),
    "province": Scale("province", 330_000, 260_000, 1_000_000, 290, 6, 900, 20, "tianjin",
                      False, False, 10_000),
    "national": Scale("national", 1_400_000, 1_100_000, 4_200_000, 1_230, 25, 53_000, 50,
                      "national", False, False, 10_000),
}
PUBLIC_SCALES = ("district", "province", "national")
