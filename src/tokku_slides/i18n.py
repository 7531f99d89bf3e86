"""Every text the user reads comes from here: gettext catalogs, Japanese by default, English on request.

Message ids are the English texts, written in the code as ``_("...")`` (translated at once) or
``N_("...")`` (marked for the catalog, translated where it is shown). The Japanese catalog is
``locale/ja/LC_MESSAGES/tokku_slides.po``, compiled to the ``.mo`` beside it, both shipped in the
package; ``python tools/catalog.py`` extracts the ids from the code, merges them into the ``.po`` and
compiles it (tests/test_i18n.py fails when the catalog lags behind the code). English is the ids
themselves.

The language is chosen once per run by :func:`set_language`: ``--lang``, else ``TOKKU_LANG``, else
Japanese. Placeholders are named (``{field}``) and filled with ``str.format`` after translation, so
a translation may put them in any order.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files

DOMAIN = "tokku_slides"
LANGUAGES = ("ja", "en")
"""The languages there are catalogs for; the first is the default."""
DEFAULT_LANGUAGE = LANGUAGES[0]
LANGUAGE_ENV = "TOKKU_LANG"
"""The environment variable that chooses the language when ``--lang`` is not given."""


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language`` (English: the message ids themselves)."""
    if language == "en":
        return gettext.NullTranslations()
    mo = files("tokku_slides") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


_current: list[gettext.NullTranslations] = []
_language: list[str] = []


def resolve_language(requested: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``requested`` if given, else ``TOKKU_LANG``, else Japanese; an unknown name means Japanese
    (``ja_JP.UTF-8`` and ``ja-JP`` are Japanese, ``en_US`` English)."""
    environ = os.environ if environ is None else environ
    for candidate in (requested, environ.get(LANGUAGE_ENV)):
        if candidate:
            short = candidate.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
            if short in LANGUAGES:
                return short
    return DEFAULT_LANGUAGE


def set_language(requested: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Use the language resolved from ``requested`` and the environment from now on; returns it."""
    language = resolve_language(requested, environ)
    _current[:] = [translations(language)]
    _language[:] = [language]
    return language


def language() -> str:
    """The language in use ("ja" or "en")."""
    if not _language:
        set_language()
    return _language[0]


def _(message: str) -> str:
    """``message`` in the language in use."""
    if not _current:
        set_language()
    return _current[0].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the language in use (Japanese has one form)."""
    if not _current:
        set_language()
    return _current[0].ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (a table of texts shown later)."""
    return message


def listing(items: Iterable[str]) -> str:
    """``items`` as a list in running text: ``a, b, c`` in English, ``a、b、c`` in Japanese."""
    return _(", ").join(items)
