"""The one error a source raises: input that cannot be read, with where and why."""

from __future__ import annotations


class SourceError(Exception):
    """Unreadable input (a file, a document or an answer from the API). ``str(error)`` is a
    message for the user that says where (file and element or line, or the URL) and why; the
    caller writes nothing and exits 1."""
