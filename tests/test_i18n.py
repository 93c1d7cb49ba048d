"""Three languages, one mechanism (issue 15, item 5): the catalogues hold a translation of every
message the code has, validation speaks the user's language, and the web offers all three."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from samkart import i18n

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import messages  # noqa: E402  (tools/messages.py, not a package)


def test_every_message_of_the_code_is_translated(tmp_path):
    # Extract afresh from the code into a copy of the catalogues: a message wrapped in the code
    # but missing from a catalogue, or left untranslated, fails here.
    locale = tmp_path / "locale"
    shutil.copytree(messages.LOCALE, locale)
    messages.add_code_labels(locale, messages.extract(locale))
    messages.extract_report(locale)
    assert messages.problems(locale, compiled_too=False) == []


def test_the_compiled_catalogues_are_those_of_the_po_files():
    assert [p for p in messages.problems() if "compiled" in p] == []


@pytest.mark.parametrize(("language", "expected"), [
    ("nb", "finnes ikke"), ("nn", "finst ikkje"), ("en", "does not exist")])
def test_validation_speaks_the_users_language(tmp_path, language, expected):
    result = subprocess.run([sys.executable, "-m", "samkart", "validate", str(tmp_path / "ingen")],
                            env={**os.environ, "SAMKART_LANG": language}, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 1
    # The place stays the contract's (TABLE:ROW:COLUMN), the message is translated.
    assert result.stdout.startswith("error register:0:: ") and expected in result.stdout


def test_code_labels_come_from_the_catalogue():
    from samkart.domain.codes import LegalForm

    form = LegalForm.AVTALE
    with i18n.using("nn"):
        nynorsk = form.label
    with i18n.using("en"):
        english = form.label
    assert form.code == "avtale"  # codes are never translated
    assert "tenester" in nynorsk and english == form.en and form.label == form.nb
