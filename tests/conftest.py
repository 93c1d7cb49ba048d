"""Test-wide setup: the web registry's data folder (secret key, SQLite file) in a temporary folder,
never in the working tree; and the cache of validated registers off (a command in the test process
would fork to write it), except where tests/register/test_cache.py and the CLI's cache test turn
it on in a folder of their own."""

import os
import tempfile

os.environ.setdefault("SAMKART_DATA_DIR", tempfile.mkdtemp(prefix="samkart-test-"))
os.environ["SAMKART_NO_CACHE"] = "1"
# Messages in bokmål, whatever the machine's locale (tests that need another language set it).
os.environ["SAMKART_LANG"] = "nb"
