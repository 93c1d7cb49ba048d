"""Extract the translatable messages of samkart and compile the catalogues.

    python tools/messages.py            # extract into samkart/locale/{nn,en}, then compile
    python tools/messages.py --compile  # compile only (after translating the .po files)
    python tools/messages.py --check    # exit 1 when a catalogue is out of date or incomplete
    python tools/messages.py --todo nn > todo.json   # untranslated messages as JSON
    python tools/messages.py --fill nn done.json     # translations (same shape) into the .po
    (--domain report for the report's catalogue with --todo and --fill)

Two catalogues per language (see ``samkart/i18n.py``): ``django`` for the interface (everything but
the report), extracted by Django's ``makemessages`` (Python and Django templates; it needs GNU
gettext's xgettext), and ``report`` for the report (``samkart/report``: Python and its Jinja2
template), extracted by Babel. Compiling is Babel's, so that a machine without GNU gettext can
compile. The source language is bokmål; the translations are nynorsk and English.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "samkart"
LOCALE = PACKAGE / "locale"
TRANSLATIONS = ("nn", "en")
IGNORE = ("migrations/*", "locale/*", "*/node_modules/*", "report/*")
DOMAINS = ("django", "report")


def extract(locale_dir: Path = LOCALE) -> dict[str, dict[tuple[str | None, str], str]]:
    """Run makemessages over the package into ``locale_dir`` (a copy, for --check). Returns the
    interface catalogues' translations as they were before, for :func:`add_code_labels`: the
    data labels are not in the code, so makemessages takes them for obsolete, and its fuzzy
    matching may hand their translations to new messages before they can be put back."""
    earlier = {lang: {(m.context, m.id): m.string for m in _read(locale_dir, lang)
                      if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}
               for lang in TRANSLATIONS}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "samkart.web.settings",
           "SAMKART_DATA_DIR": tempfile.mkdtemp(prefix="samkart-messages-")}
    workdir = Path(tempfile.mkdtemp(prefix="samkart-extract-"))
    try:
        # makemessages writes into ./locale of the folder it runs in: run it on a view of the
        # package whose locale folder is the target.
        view = workdir / "samkart"
        shutil.copytree(PACKAGE, view, ignore=shutil.ignore_patterns(
            "locale", "__pycache__", "node_modules", "migrations"))
        (view / "locale").symlink_to(locale_dir.resolve(), target_is_directory=True)
        # Obsolete entries are kept (#~) so that the code labels, which extraction cannot see,
        # keep their translations; add_code_labels brings them back and drops the rest.
        args = [sys.executable, "-m", "django", "makemessages",
                "--no-wrap", "--add-location=file", "-e", "html,py"]
        for pattern in IGNORE:
            args += ["--ignore", pattern]
        for lang in TRANSLATIONS:
            args += ["-l", lang]
        subprocess.run(args, cwd=view, env=env, check=True, stdout=subprocess.DEVNULL)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return earlier


def extract_report(locale_dir: Path = LOCALE) -> None:
    """The report's messages (Python and the Jinja2 template) into ``report.po`` of each
    translation, keeping what is translated."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import write_po

    template = Catalog(project="samkart", charset="utf-8")
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for filename, lineno, message, comments, context in extract_from_dir(
            PACKAGE / "report", method_map, options_map=options,
            keywords={"_": None, "gettext": None, "N_": None, "ngettext": (1, 2),
                      "pgettext": ((1, "c"), 2)}):
        template.add(message, locations=[(f"report/{filename}", lineno)],
                     auto_comments=comments, context=context)
    for lang in TRANSLATIONS:
        po = locale_dir / lang / "LC_MESSAGES" / "report.po"
        if po.exists():
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
        else:
            catalog = Catalog(locale=lang, project="samkart", charset="utf-8")
            catalog.update(template, no_fuzzy_matching=True)
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as fh:
            write_po(fh, catalog, width=0, include_previous=False, omit_header=False)


def code_labels() -> list[tuple[str, str, str]]:
    """(context, bokmål label, English gloss) of every code list member and size class: labels
    are data, not calls in the code, so extraction cannot find them (see CodeList.label)."""
    import samkart.domain.codes as codes
    from samkart.domain.sizes import SIZE_CLASSES, UNKNOWN

    out = []
    for name in dir(codes):
        cls = getattr(codes, name)
        if isinstance(cls, type) and issubclass(cls, codes.CodeList) and cls is not codes.CodeList:
            out += [(cls.__name__, m.value.nb, m.value.en) for m in cls]
    out += [("SizeClass", c.nb, "") for c in (*SIZE_CLASSES, UNKNOWN)]
    return out


def column_labels() -> list[tuple[str | None, str, str]]:
    """(no context, bokmål label, no gloss) of every declared register column: the editing
    form's labels (samkart/register/schema.py), data like the code labels."""
    from samkart.register.schema import TABLES

    labels = dict.fromkeys(c.label for spec in TABLES.values() for c in spec.spec)
    return [(None, label, "") for label in labels]


def law_texts() -> list[tuple[str | None, str, str]]:
    """(context, bokmål text, no gloss) of the legal forms' labels and legal bases by year
    (``lovformer.csv``) and the 2018 Act's rules' messages (``lovregler.csv``)."""
    from samkart.domain.codes import LegalForm
    from samkart.reference.lawrules import LABEL_CONTEXT, RULE_CONTEXT, form_labels, law_rules

    labels = dict.fromkeys(text for f in form_labels() for text in (f.label, f.legal_basis))
    labels.update(dict.fromkeys(f.value.legal_basis for f in LegalForm if f.value.legal_basis))
    messages = dict.fromkeys(text for rule in law_rules() for text in (rule.message, rule.paragraph))
    return ([(LABEL_CONTEXT, text, "") for text in labels]
            + [(RULE_CONTEXT, text, "") for text in messages])


def _read(locale_dir: Path, lang: str):
    po = locale_dir / lang / "LC_MESSAGES" / "django.po"
    if not po.exists():
        return []
    with po.open("rb") as fh:
        return read_po(fh, locale=lang)


def add_code_labels(locale_dir: Path = LOCALE,
                    earlier: dict[str, dict[tuple[str | None, str], str]] | None = None) -> None:
    """Put the code labels, the column labels and the law's words into the interface catalogue
    of each translation, with their translations from before the extraction (``earlier``, what
    :func:`extract` returns) or its obsolete entries; English gets the gloss the code list
    carries, unless a translator has written another."""
    from babel.messages.pofile import write_po

    for lang in TRANSLATIONS:
        po = locale_dir / lang / "LC_MESSAGES" / "django.po"
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        kept = {(m.context, m.id): m.string for m in catalog.obsolete.values()}
        kept.update((earlier or {}).get(lang, {}))
        catalog.obsolete.clear()  # messages the code no longer has
        data = [(entry, "a code list's label (samkart/domain)") for entry in code_labels()]
        data += [(entry, "a register column's label (samkart/register/schema.py)")
                 for entry in column_labels()]
        data += [(entry, "the law's words (samkart/reference/data/lovformer.csv, lovregler.csv)")
                 for entry in law_texts()]
        for (context, label, english), comment in data:
            message = catalog.get(label, context=context)
            before = kept.get((context, label)) or (english if lang == "en" else "")
            if message is None:
                catalog.add(label, string=before, context=context, auto_comments=[comment])
            elif not message.string or message.fuzzy:
                message.string = before
                message.flags.discard("fuzzy")
        with po.open("wb") as fh:
            write_po(fh, catalog, width=0, include_previous=False)


def compiled(po: Path) -> bytes:
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=po.parts[-3])
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_all() -> None:
    for lang in TRANSLATIONS:
        for domain in DOMAINS:
            po = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
            if po.exists():
                po.with_suffix(".mo").write_bytes(compiled(po))


def problems(locale_dir: Path = LOCALE, compiled_too: bool = True) -> list[str]:
    """What is missing: messages without a translation or marked fuzzy, and (``compiled_too``)
    .mo files that do not match their .po."""
    out = []
    for lang, domain in ((lang, domain) for lang in TRANSLATIONS for domain in DOMAINS):
        po = locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"
        if not po.exists():
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            text = message.id if isinstance(message.id, str) else message.id[0]
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                out.append(f"{lang}: {'fuzzy' if message.fuzzy else 'untranslated'}: {text!r}")
        mo = po.with_suffix(".mo")
        if compiled_too and (not mo.exists() or mo.read_bytes() != compiled(po)):
            out.append(f"{lang}: {mo.relative_to(locale_dir)} is not compiled from its .po")
    return out


def _catalog(lang: str, domain: str):
    with (LOCALE / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def todo(lang: str, domain: str = "django") -> dict[str, str | list[str]]:
    """Untranslated messages: msgid -> "" (or, with a plural, msgid -> [msgid_plural, ""...])."""
    out: dict[str, str | list[str]] = {}
    for message in _catalog(lang, domain):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if message.fuzzy or not all(message.string):
                out[message.id[0]] = [message.id[1], *([""] * len(message.string))]
        elif message.fuzzy or not message.string:
            key = f"{message.context}\x04{message.id}" if message.context else message.id
            out[key] = ""
    return out


def fill(lang: str, translations: dict[str, str | list[str]], domain: str = "django") -> int:
    """Write translations (the shape :func:`todo` gives, filled in) into the catalogue."""
    from babel.messages.pofile import write_po

    catalog = _catalog(lang, domain)
    done = 0
    for key, text in translations.items():
        context, _, msgid = key.rpartition("\x04")
        for message in catalog:
            mid = message.id[0] if isinstance(message.id, tuple) else message.id
            if mid == msgid and (message.context or "") == context and text:
                message.string = tuple(text[1:]) if isinstance(text, list) else text
                message.flags.discard("fuzzy")
                done += 1
    with (LOCALE / lang / "LC_MESSAGES" / f"{domain}.po").open("wb") as fh:
        write_po(fh, catalog, width=0, include_previous=False)
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compile", action="store_true", help="compile only")
    parser.add_argument("--check", action="store_true", help="check only")
    parser.add_argument("--todo", metavar="LANG", help="print untranslated messages as JSON")
    parser.add_argument("--fill", nargs=2, metavar=("LANG", "JSON"),
                        help="write translations from a JSON file into the catalogue")
    parser.add_argument("--domain", choices=DOMAINS, default="django",
                        help="the catalogue of --todo and --fill (default django)")
    args = parser.parse_args()
    if args.todo:
        print(json.dumps(todo(args.todo, args.domain), ensure_ascii=False, indent=1))
        return 0
    if args.fill:
        count = fill(args.fill[0], json.loads(Path(args.fill[1]).read_text("utf-8")),
                     args.domain)
        compile_all()
        print(f"{count} translations written")
        return 0
    if args.check:
        found = problems()
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    if not args.compile:
        add_code_labels(earlier=extract())
        extract_report()
    compile_all()
    found = problems()
    if found:
        print(f"{len(found)} messages need translating:", *found[:50], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
