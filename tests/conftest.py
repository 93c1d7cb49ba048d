"""Test-wide setup: the web registry's data folder (secret key, SQLite file) in a temporary folder,
never in the working tree."""

import os
import tempfile

os.environ.setdefault("SAMKART_DATA_DIR", tempfile.mkdtemp(prefix="samkart-test-"))
