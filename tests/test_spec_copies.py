"""``docs/spec/`` holds copies of the public contracts in ``shared/spec`` (the authority), so that
the docstrings can point inside the repository. The copies must stay equal to it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COPIES = REPO / "docs" / "spec"
SHARED = REPO.parent / "shared" / "spec"
# CI always has shared/ beside the clone: there a missing folder is a failure, not a skip.
needs_shared = pytest.mark.skipif(
    not SHARED.exists() and os.environ.get("CI") != "true",
    reason="shared/spec is not beside the repository",
)


@needs_shared
def test_the_copies_equal_shared_spec():
    contracts = sorted(p.name for p in SHARED.glob("*.md"))
    assert contracts, "shared/spec holds no contract"
    assert sorted(p.name for p in COPIES.glob("*.md") if p.name != "README.md") == contracts
    for name in contracts:
        assert (COPIES / name).read_bytes() == (SHARED / name).read_bytes(), (
            f"docs/spec/{name} differs from shared/spec/{name}: copy it again")


def test_docstrings_point_to_the_copies():
    # A contract named in the code is one a reader can open in the repository.
    named = set()
    for path in (REPO / "samkart").rglob("*.py"):
        text = path.read_text("utf-8")
        for name in ("cli.md", "register-format.md", "survey-format.md"):
            for line in text.splitlines():
                if name in line:
                    assert f"docs/spec/{name}" in line, f"{path.relative_to(REPO)}: {line.strip()}"
                    named.add(name)
    assert named == {"cli.md", "register-format.md", "survey-format.md"}
    assert all((COPIES / name).exists() for name in named)
