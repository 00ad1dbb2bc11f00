"""docs/open-data.md documents exactly the fields the export writes."""

import re
from pathlib import Path

from qualitycert.reports.opendata import DATASETS

DOC = Path(__file__).resolve().parents[3] / "docs" / "open-data.md"


def test_every_dataset_and_field_documented_in_order():
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^### ", text, flags=re.MULTILINE)[1:]
    documented = {s.split("`")[1]: re.findall(r"^\| `([a-z_]+)` \|", s, flags=re.MULTILINE)
                  for s in sections}
    assert documented == {ds.name: [f.name for f in ds.fields] for ds in DATASETS}
