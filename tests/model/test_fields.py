"""The records' fields by name: Japanese messages name a field beside its key; English ones, the key alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tokku_slides import i18n
from tokku_slides.model.errors import InputError
from tokku_slides.model.fields import FIELD_LABELS, field_label


@pytest.fixture
def japanese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "ja")
    i18n.set_language("ja")


@pytest.mark.usefixtures("japanese")
@pytest.mark.parametrize(("path", "label"), [
    ("scores.I", "Ⅰ 目標に向けた取組の進捗"),
    ("kpis.2.achievement", "進捗度 KPI 2 の達成率"),
    ("measures.3.items.2", "支援措置 3 列目の 2 番目の項目"),
    ("categories.local", "区分 local の名称"),
    ("remarks.12", "専門家所見の 12 番目"),
])
def test_a_field_is_named_in_japanese(path: str, label: str) -> None:
    assert field_label(path) == label


@pytest.mark.usefixtures("japanese")
@pytest.mark.parametrize("path", ["", "remaks", "kpis.x.name", "kpis.1.achievment", "scores.IV"])
def test_an_unknown_field_has_no_name(path: str) -> None:
    assert field_label(path) is None


def test_english_names_a_field_by_its_key_alone() -> None:
    assert field_label("scores.I") is None


@pytest.mark.usefixtures("japanese")
def test_every_pattern_has_a_japanese_name() -> None:
    for pattern, label in FIELD_LABELS:
        path = pattern.replace("#", "1").replace("*", "local")
        assert field_label(path) == i18n._(label).format(n="1", m="1", key="local") != label


@pytest.mark.usefixtures("japanese")
def test_the_label_stands_beside_the_key_only_when_given() -> None:
    """The layout file's errors (made without a label) keep their key alone."""
    labelled = InputError(Path("zones/01.yaml"), 6, 7, "scores.I", "m", "6", field_label("scores.I"))
    assert str(labelled) == "zones/01.yaml:6:7: scores.I（Ⅰ 目標に向けた取組の進捗）: m（入力値: 6）"
    plain = InputError(Path("card.yaml"), 3, 5, "scores.I", "m")
    assert str(plain) == "card.yaml:3:5: scores.I: m"
