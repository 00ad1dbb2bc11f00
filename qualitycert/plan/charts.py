"""A tiny inline SVG trend line: numbers in, coordinates out; the template
draws it, so nothing user-typed ever reaches the SVG."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, PAD = 160, 40, 4


@dataclass(frozen=True)
class Sparkline:
    points: str
    goal_y: float | None
    last_x: float
    last_y: float
    width: int = WIDTH
    height: int = HEIGHT


def sparkline(values: list[Decimal | None], *, goal: Decimal | None = None) -> Sparkline | None:
    known = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return None
    scale_values = [v for _, v in known] + ([float(goal)] if goal is not None else [])
    low, high = min(scale_values), max(scale_values)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    def y(value: float) -> float:
        return round(HEIGHT - PAD - (value - low) / span * (HEIGHT - 2 * PAD), 1)

    coords = [(round(PAD + i * step, 1), y(v)) for i, v in known]
    return Sparkline(points=" ".join(f"{x},{yy}" for x, yy in coords),
                     goal_y=y(float(goal)) if goal is not None else None,
                     last_x=coords[-1][0], last_y=coords[-1][1])
