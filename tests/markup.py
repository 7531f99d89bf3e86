"""A year and a layout whose every text holds the five characters XML escapes: ``& < > " '``.

Used by tests/render/test_markup_characters.py (the packages read back by python-pptx and
python-docx) and tests/render_lo/test_markup_render.py (LibreOffice converts them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .conftest import ROOT, zone_record

MARKS = "&<>\"'"
"""The five characters, as one would-be markup string."""
LATIN = 'Fo"nt & <Co>'
EAST_ASIAN = "ゴ'シ\"ック & <体>"
"""Font names no font has: LibreOffice and Office substitute one, the files must still be valid."""


def markup_zones() -> list[dict[str, Any]]:
    """Two zones (one per category) whose every text field holds the five characters."""
    def zone(n: int, category: str) -> dict[str, Any]:
        return zone_record(
            f"特区{n}<{MARKS}>",
            category=category,
            governments=[f"東京都{MARKS}", f"A&B市{n}"],
            kpis=[{"name": f"連携企業数 \"{n}\" & <件>", "achievement": 107},
                  {"name": f"相談件数'{n}'{MARKS}", "achievement": 44}],
            measures=[{"heading": f"規制の特例措置<{n}>&", "items": [f"ロボットの規制緩和 \"A\" & 'B' {MARKS}"],
                       "etc": True}],
            remarks=[f"比較的順調に進んでいる<もの>と評価できる。&{MARKS}{n}", f"所見 \"{n}\" は 'x' < y & z > w。"],
        )

    return [zone(1, "international"), zone(2, "local")]


def _marked(node: Any, skip: frozenset[str] = frozenset({"key"})) -> Any:
    """Every string of ``node`` (recursively) with the five characters appended; values of keys in
    ``skip`` (the scores' ``key``, which names a field) unchanged."""
    if isinstance(node, str):
        return node + MARKS
    if isinstance(node, list):
        return [_marked(v) for v in node]
    if isinstance(node, dict):
        return {k: (v if k in skip else _marked(v)) for k, v in node.items()}
    return node


def markup_layout(folder: Path) -> Path:
    """A copy of layouts/card.yaml in ``folder``: the fonts named :data:`LATIN` and
    :data:`EAST_ASIAN`, the metrics files at their absolute paths, and every label of the deck and the
    report with the five characters appended."""
    source = ROOT / "layouts" / "card.yaml"
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    raw["fonts"]["latin"] = LATIN
    raw["fonts"]["east_asian"] = EAST_ASIAN
    for key in ("metrics", "latin_metrics"):
        raw["fonts"][key] = str((source.parent / raw["fonts"][key]).resolve())
    raw["labels"] = _marked(raw["labels"])
    raw["report"]["labels"] = _marked(raw["report"]["labels"])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "markup.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
