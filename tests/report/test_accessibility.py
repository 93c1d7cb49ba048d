"""The report's HTML in a real browser: axe-core (WCAG 2.1 A and AA) finds no violation on a wide
and a phone-sized screen, the page requests nothing from the network, and the tables sort.

Runs ``tests/a11y/axe.mjs`` with Node, playwright-core and Debian's Chromium. On a developer machine
without them the test is skipped; in CI (``CI=true``) it fails instead, so a missing browser cannot
pass unnoticed. ``make test`` installs the Node packages; ``.ci/run`` installs Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from samkart.demo import generate_demo
from samkart.report import build_report, write_report

A11Y = Path(__file__).resolve().parents[1] / "a11y"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not (A11Y / "node_modules" / "axe-core").exists():
        return "tests/a11y/node_modules is missing (npm ci --prefix tests/a11y)"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt install chromium)"
    return None


def test_report_has_no_axe_violations(tmp_path):
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    out = tmp_path / "rapport"
    write_report(build_report(generate_demo(), 2014, compare=2010, county="18"), out, pdf=False)
    result = subprocess.run(["node", str(A11Y / "axe.mjs"), (out / "index.html").as_uri()],
                            capture_output=True, text=True, timeout=300, check=False)
    pages = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(pages) == 2, result.stderr
    for page in pages:
        assert page["violations"] == [], page
        assert page["external"] == [], page
        assert page["sorted"], page
    assert result.returncode == 0
