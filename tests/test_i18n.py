"""The message catalog: in step with the code, every id translated, placeholders kept; the language chosen."""

from __future__ import annotations

import importlib.util
import re
import string
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from tokku_slides import i18n

from .conftest import ROOT

PO = ROOT / "src" / "tokku_slides" / "locale" / "ja" / "LC_MESSAGES" / "tokku_slides.po"


def catalog_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalog_tool", ROOT / "tools" / "catalog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalog_tool"] = module
    spec.loader.exec_module(module)
    return module


def entries() -> list[tuple[str, str]]:
    """(id, translation) of every entry and plural form."""
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    out = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        out += [(ids[-1] if len(ids) > 1 else ids[0], s) for s in strings]
    return out


def placeholders(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_the_catalog_is_in_step_with_the_code() -> None:
    """Every id in the code has a Japanese text, none is unused, and the .mo is the .po compiled
    (run ``python tools/catalog.py`` after changing a message)."""
    assert catalog_tool().problems("ja", PO) == []


def test_every_translation_keeps_the_placeholders_of_its_id() -> None:
    wrong = [(mid, text) for mid, text in entries() if placeholders(mid) != placeholders(text)]
    assert wrong == []
    assert len(entries()) > 0


def test_japanese_texts_are_japanese() -> None:
    """A translation is not the English id again: it holds Japanese characters."""
    japanese = re.compile(r"[\u2160-\u217f\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")  # Ⅰ, kana, kanji, punctuation
    neutral = {"{file}: {field}: {old} → {new}"}  # the same in both languages: names, values and an arrow
    assert [mid for mid, text in entries() if not japanese.search(text) and mid not in neutral] == []


def test_the_check_sees_an_id_missing_from_the_catalog(tmp_path: Path) -> None:
    tool = catalog_tool()
    trimmed = tmp_path / "tokku_slides.po"
    text = PO.read_text(encoding="utf-8")
    first = text.index('msgid "', text.index('msgid "') + 1)  # the first entry after the header
    end = text.index("\n\n", first)
    trimmed.write_text(text[:first] + text[end + 2:], encoding="utf-8")
    found = tool.problems("ja", trimmed)
    assert any("no entry for" in line for line in found)
    assert any("not the .po compiled" in line for line in found)


@pytest.mark.parametrize(("requested", "environ", "expected"), [
    (None, {}, "ja"),
    ("en", {}, "en"),
    (None, {"TOKKU_LANG": "en"}, "en"),
    (None, {"TOKKU_LANG": "en_US.UTF-8"}, "en"),
    ("ja", {"TOKKU_LANG": "en"}, "ja"),
    (None, {"TOKKU_LANG": "ja-JP"}, "ja"),
    (None, {"TOKKU_LANG": "fr"}, "ja"),
])
def test_the_language_is_the_option_else_the_environment_else_japanese(
    requested: str | None, environ: dict[str, str], expected: str
) -> None:
    assert i18n.resolve_language(requested, environ) == expected


def test_messages_follow_the_language_in_use() -> None:
    i18n.set_language("ja")
    assert i18n._("nothing was written") == "ファイルは何も書き込んでいません。"
    i18n.set_language("en")
    assert i18n._("nothing was written") == "nothing was written"


def test_japanese_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(i18n.LANGUAGE_ENV)
    assert i18n.set_language() == "ja"
    assert i18n._("nothing was written") == "ファイルは何も書き込んでいません。"
