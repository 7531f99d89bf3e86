"""Keep the message catalog in step with the code: extract, merge, compile.

    python tools/catalog.py            # extract every _() / N_() / ngettext() id from src/, merge it into
                                       # locale/ja/LC_MESSAGES/tokku_slides.po, compile the .mo beside it
    python tools/catalog.py --check    # exit 1 when the .po lacks an id, keeps an unused one, has an
                                       # untranslated entry, or the .mo is not the .po compiled

New ids arrive with an empty translation (and are listed): write the Japanese, then run it again.
Needs Babel (in the test extras).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "tokku_slides"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
FIXED_DATE = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
CATALOGS = {"ja": PACKAGE / "locale" / "ja" / "LC_MESSAGES" / "tokku_slides.po"}


def extracted() -> dict[str | tuple[str, str], list[str]]:
    """Every message id in the package's code, with the files it is used in."""
    found: dict[str | tuple[str, str], list[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS,
    ):
        found.setdefault(message, [])
        if filename not in found[message]:
            found[message].append(filename)
    return found


def load(po: Path, language: str) -> Catalog:
    if po.exists():
        with po.open("rb") as handle:
            return read_po(handle, locale=language)
    return Catalog(locale=language, project="tokku-slides", domain="tokku_slides")


def merged(catalog: Catalog, ids: dict[str | tuple[str, str], list[str]]) -> Catalog:
    out = Catalog(locale=catalog.locale, project="tokku-slides", domain="tokku_slides",
                  header_comment="# Japanese texts of tokku-slides' messages. Edit msgstr; run tools/catalog.py.")
    out.creation_date = out.revision_date = FIXED_DATE  # the same catalog gives the same bytes
    out.fuzzy = False  # a fuzzy header would be left out of the .mo, and with it the charset
    for message_id in sorted(ids, key=lambda m: m if isinstance(m, str) else m[0]):
        old = catalog.get(message_id)
        key = message_id
        string = old.string if old is not None else ("", "") if isinstance(message_id, tuple) else ""
        out.add(key, string, locations=[(f, None) for f in ids[message_id]])  # type: ignore[arg-type]
    return out


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_lineno=False, sort_output=True, omit_header=False)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def problems(language: str, po: Path) -> list[str]:
    """What is out of step for one catalog (empty: all is well)."""
    catalog = load(po, language)
    ids = extracted()
    out = []
    have = {m.id for m in catalog if m.id}
    out += [f"{po.name}: no entry for {m!r}" for m in ids if m not in have]
    out += [f"{po.name}: unused entry {m!r}" for m in have if m not in ids]
    out += [f"{po.name}: not translated: {m!r}" for m in untranslated(catalog)]
    mo = po.with_suffix(".mo")
    if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
        out.append(f"{mo.name}: not the .po compiled (run python tools/catalog.py)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="extract, merge and compile the message catalog")
    parser.add_argument("--check", action="store_true", help="only report what is out of step")
    options = parser.parse_args(argv)
    status = 0
    for language, po in CATALOGS.items():
        if options.check:
            found = problems(language, po)
            for line in found:
                print(line)
            status |= bool(found)
            continue
        catalog = merged(load(po, language), extracted())
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_bytes(po_bytes(catalog))
        po.with_suffix(".mo").write_bytes(mo_bytes(load(po, language)))
        for message_id in untranslated(catalog):
            print(f"{po.name}: to translate: {message_id!r}")
    return status


if __name__ == "__main__":
    sys.exit(main())
