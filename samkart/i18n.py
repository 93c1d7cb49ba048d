"""One mechanism for every message a person reads: GNU gettext catalogues.

The command line, the validation messages, the report and the web registry translate through one
mechanism and two catalogues per language in ``samkart/locale/<language>/LC_MESSAGES/``:
``django.po`` (the interface: CLI, validation, web; the domain is Django's so that the web reads it
through ``LOCALE_PATHS``) and ``report.po`` (the report's text, which is long and has its own
translators). :func:`gettext` looks in both. The source strings are Norwegian bokmål, the language of
the users and of the contracts; ``nn`` (nynorsk) and ``en`` (English) are translations of them.
``tools/messages.py`` extracts the strings and compiles the catalogues; a test fails when a string
lacks a translation.

Conventions for code:

* ``from samkart.i18n import gettext as _`` and wrap every message a person reads: ``_("tekst")``,
  with named placeholders filled *after* translation: ``_("{n} ordninger").format(n=n)``;
* ``ngettext`` for counts, ``pgettext`` where one bokmål word needs different translations
  (code labels use the code list's name as context);
* nothing is translated at import time, except the command line's help, which is made after the
  run's language is set; Django code uses Django's own ``gettext_lazy`` (same catalogue);
* the language is a setting of the run or the request (:func:`activate`, :func:`using`), never
  guessed from the text. Codes of the contracts (``iks``, ``hoyere``) are never translated, only
  their labels.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAINS = ("django", "report")
DEFAULT = "nb"
LANGUAGES: dict[str, str] = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
"""The languages samkart speaks, each named in itself."""

_current: ContextVar[str] = ContextVar("samkart_language", default=DEFAULT)


def normalise(code: str | None) -> str | None:
    """``nb``, ``nn`` or ``en`` from a language code or locale name (``nn_NO.UTF-8``, ``en-GB``,
    ``no``); None when it is none of them."""
    if not code:
        return None
    base = code.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    if base in ("nb", "no", "nob"):
        return "nb"
    if base in ("nn", "nno"):
        return "nn"
    if base in ("en", "eng"):
        return "en"
    return None


@cache
def catalogue(language: str) -> _gettext.NullTranslations:
    """The compiled catalogues of ``language``, the interface's first and the report's behind it
    (bokmål is the source: no catalogue needed)."""
    if language == DEFAULT:
        return _gettext.NullTranslations()
    first, *rest = (_gettext.translation(domain, LOCALE_DIR, languages=[language], fallback=True)
                    for domain in DOMAINS)
    for other in rest:
        first.add_fallback(other)
    return first


def get_language() -> str:
    return _current.get()


def activate(language: str) -> Token[str]:
    """Make ``language`` the language of this run (or request, or task); returns a token for
    :func:`deactivate`."""
    chosen = normalise(language)
    if chosen is None:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    return _current.set(chosen)


def deactivate(token: Token[str]) -> None:
    _current.reset(token)


@contextmanager
def using(language: str) -> Iterator[None]:
    """Translate into ``language`` inside the block."""
    token = activate(language)
    try:
        yield
    finally:
        deactivate(token)


def gettext(message: str) -> str:
    return catalogue(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined as data (a table of headings, of
    names); it is translated where it is shown, with :func:`gettext`."""
    return message


# The same marker under the name Django's extraction (makemessages) knows, for data defined
# outside the report (the report's extraction, Babel's, knows N_): its messages land in the
# interface catalogue, which gettext reads as well.
gettext_noop = N_


class Translated(dict):
    """A mapping whose values are bokmål messages (marked with :func:`N_`), translated into the
    active language when looked up."""

    def __getitem__(self, key: object) -> str:
        return gettext(super().__getitem__(key))

    def get(self, key: object, default: object = None):
        value = super().get(key)
        return default if value is None else gettext(value)


def pgettext(context: str, message: str) -> str:
    return catalogue(_current.get()).pgettext(context, message)
