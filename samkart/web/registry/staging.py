"""Uploaded files between the preview and the confirmation.

A register file is checked when it is uploaded and read again when the user confirms, so it is kept
in between: in ``SAMKART_DATA_DIR/uploads`` (readable by the server's user only), under a random
name, and removed when the import is done or after :data:`KEPT_FOR` seconds, whichever comes first.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

KEPT_FOR = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
SUFFIXES = (".xlsx", ".json", ".zip")


def _folder() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def sweep(now: float | None = None) -> int:
    """Remove staged files older than :data:`KEPT_FOR`; returns how many."""
    now = time.time() if now is None else now
    removed = 0
    for file in _folder().iterdir():
        try:
            if now - file.stat().st_mtime > KEPT_FOR:
                file.unlink()
                removed += 1
        except FileNotFoundError:  # removed by another process meanwhile
            pass
    return removed


def stage(upload: UploadedFile, suffix: str) -> tuple[str, Path]:
    """Keep an uploaded file; returns its token and path."""
    if suffix not in SUFFIXES:
        raise ValueError(suffix)
    sweep()
    token = secrets.token_urlsafe(24)
    path = _folder() / f"{token}{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return token, path


def staged(token: str | None) -> Path | None:
    """The file kept under ``token``, if it is still there."""
    if not token or not _TOKEN.match(token):
        return None
    for suffix in SUFFIXES:
        path = _folder() / f"{token}{suffix}"
        if path.is_file() and time.time() - path.stat().st_mtime <= KEPT_FOR:
            return path
    return None


def discard(token: str | None) -> None:
    path = staged(token)
    if path is not None:
        path.unlink(missing_ok=True)
