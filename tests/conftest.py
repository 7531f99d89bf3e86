"""Shared fixtures: the repository's paths, the default layout, and a builder of year folders in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
R5 = ROOT / "data" / "r5"
SEED = ROOT / "tests" / "fixtures" / "seed_r5_kokusai_cards.txt"
"""The six published cards of 令和５年度 （１）国際戦略総合特区 as text: the Cabinet Office's
「総合特別区域評価・調査検討会における評価結果の概要 令和５年度」 (see tests/fixtures/README.md)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true",
        help="rewrite tests/golden/* from the current output instead of comparing with it",
    )


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read messages in English unless they choose Japanese (``TOKKU_LANG=ja`` or ``--lang ja``):
    the user's default is Japanese, and tests of the Japanese texts say so."""
    from tokku_slides import i18n

    monkeypatch.setenv(i18n.LANGUAGE_ENV, "en")
    i18n.set_language("en")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


EVALUATION: dict[str, Any] = {
    "fiscal_year": 2023,
    "title": "総合特別区域評価・調査検討会における評価結果の概要",
    "section": "２．分野別状況",
    "categories": {"international": "国際戦略総合特区", "local": "地域活性化総合特区"},
}


def zone_record(name: str = "テスト特区", **overrides: Any) -> dict[str, Any]:
    """A valid zone record; keyword arguments replace its fields."""
    record: dict[str, Any] = {
        "name": name,
        "governments": ["東京都"],
        "category": "international",
        "scores": {"I": 4, "II": 3.8, "III": 4},
        "kpis": [{"name": "連携企業数", "achievement": 107}],
        "measures": [{"heading": "規制の特例措置", "items": ["搭乗型移動支援ロボットの規制緩和"], "etc": True}],
        "remarks": ["比較的順調に進んでいるものと評価できる。"],
    }
    record.update(overrides)
    return record


MakeYear = Callable[..., Path]


@pytest.fixture
def make_year(tmp_path: Path) -> MakeYear:
    """Write a year folder: ``make_year([zone, ...], name="r5", **evaluation_overrides)``."""

    def make(zones: list[dict[str, Any]], name: str = "r5", **evaluation: Any) -> Path:
        folder = tmp_path / name
        (folder / "zones").mkdir(parents=True)
        settings = {**EVALUATION, **evaluation}
        (folder / "evaluation.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
        for i, zone in enumerate(zones, start=1):
            text = yaml.safe_dump(zone, allow_unicode=True, sort_keys=False)
            (folder / "zones" / f"{i:02d}-zone.yaml").write_text(text, encoding="utf-8")
        return folder

    return make


def lock_the_report_docx(monkeypatch: pytest.MonkeyPatch,
                         error: BaseException | None = None) -> None:
    """Make the build's rename of its staged report.docx into place fail, as Word holding the file
    open on Windows does: with ``error``, by default PermissionError 13."""
    import os

    from tokku_slides import build as build_module

    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith("report.docx") and str(src).endswith(".tmp"):
            raise error if error is not None else PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(build_module.os, "replace", replace)
