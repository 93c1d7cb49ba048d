"""Extract the translatable messages of samkart and compile the catalogues.

    python tools/messages.py            # extract into samkart/locale/{nn,en}, then compile
    python tools/messages.py --compile  # compile only (after translating the .po files)
    python tools/messages.py --check    # exit 1 when a catalogue is out of date or incomplete

Extraction is Django's ``makemessages`` (it reads Python, Django templates and the report's Jinja2
template, whose ``_("…")`` calls it understands, and needs GNU gettext's xgettext); compiling is
Babel's, so that a machine without GNU gettext can compile. The source language is bokmål: a
catalogue per translation, nynorsk and English (see ``samkart/i18n.py``).
"""

from __future__ import annotations

import argparse
import io
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
IGNORE = ("migrations/*", "locale/*", "*/node_modules/*")


def extract(locale_dir: Path = LOCALE) -> None:
    """Run makemessages over the package into ``locale_dir`` (a copy, for --check)."""
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
        args = [sys.executable, "-m", "django", "makemessages", "--no-obsolete",
                "--no-wrap", "--add-location=file", "-e", "html,py"]
        for pattern in IGNORE:
            args += ["--ignore", pattern]
        for lang in TRANSLATIONS:
            args += ["-l", lang]
        subprocess.run(args, cwd=view, env=env, check=True, stdout=subprocess.DEVNULL)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def compiled(po: Path) -> bytes:
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=po.parts[-3])
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_all() -> None:
    for lang in TRANSLATIONS:
        po = LOCALE / lang / "LC_MESSAGES" / "django.po"
        po.with_suffix(".mo").write_bytes(compiled(po))


def problems(locale_dir: Path = LOCALE) -> list[str]:
    """What is missing: messages without a translation or marked fuzzy, and .mo files that do
    not match their .po."""
    out = []
    for lang in TRANSLATIONS:
        po = locale_dir / lang / "LC_MESSAGES" / "django.po"
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
        if not mo.exists() or mo.read_bytes() != compiled(po):
            out.append(f"{lang}: {mo.relative_to(ROOT)} is not compiled from its .po")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compile", action="store_true", help="compile only")
    parser.add_argument("--check", action="store_true", help="check only")
    args = parser.parse_args()
    if args.check:
        found = problems()
        print("\n".join(found) or "catalogues complete")
        return 1 if found else 0
    if not args.compile:
        extract()
    compile_all()
    found = problems()
    if found:
        print(f"{len(found)} messages need translating:", *found[:50], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
