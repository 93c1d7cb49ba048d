"""Load benchmark of the web registry (issue: web registry). Prints figures; it is not a test.

Sets up a fresh database with the demo register (SQLite in a temporary folder, or DATABASE_URL),
starts the default server (``samkart serve``: gunicorn, a process per core with threads, DEBUG
off), and runs wrk (Debian package ``wrk``):
50 connections for 60 seconds against municipality pages, arrangement pages and the API, the URL
of each request drawn in turn from a list of real pages. Prints requests per second, errors and
the latency percentiles (target: 0 errors, p95 under 150 ms on this 2-core machine).

Anonymous public pages are served from the page cache keyed on the data version (see
``samkart/web/registry/cache.py``); ``--uncached`` sends every request as a logged-in analyst (a
real session, and the CSRF cookie a browser holds), so that no page comes from the page cache:
each is made for that user (their menu, rights, forms and tokens) around the parts every reader
sees alike, which are kept per data version (``cache.kept_fragment``, ``layout.site_page``), as
the site does for logged-in users.

Usage: python bench/bench_web.py [--seconds 60] [--connections 50] [--workers 0] [--uncached]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

LUA = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local i = 0
%(headers)s
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format("requests %%d\\nerrors %%d\\nnon2xx %%d\\n", summary.requests, errors,
                         summary.errors.status))
  for _, p in ipairs({50, 90, 95, 99}) do
    io.write(string.format("p%%d %%.1f\\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("max %%.1f\\nrps %%.1f\\n", latency.max / 1000,
                         summary.requests / (summary.duration / 1e6)))
end
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core (the default)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--uncached", action="store_true",
                        help="as a logged-in analyst: no page from the page cache, each made "
                             "for the user around the parts kept per data version")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt install wrk)")
    tmp = Path(tempfile.mkdtemp(prefix="samkart-bench-web-"))
    env = {**os.environ, "SAMKART_DATA_DIR": str(tmp), "DJANGO_SETTINGS_MODULE":
           "samkart.web.settings", "SAMKART_DEBUG": "0"}
    bin_dir = Path(sys.executable).parent
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; database: {env.get('DATABASE_URL', 'SQLite')}")
    t = time.perf_counter()
    cookies = subprocess.run([sys.executable, "-c", SETUP], env=env, check=True,
                             capture_output=True, text=True).stdout.splitlines()[-1]
    print(f"database with the demo register: {time.perf_counter() - t:.1f} s")
    paths = subprocess.run([sys.executable, "-c", PATHS], env=env, check=True,
                           capture_output=True, text=True).stdout.split()
    random.Random(1).shuffle(paths)
    (tmp / "paths.txt").write_text("\n".join(paths) + "\n")
    # A logged-in analyst's session: no page from the page cache.
    headers = f'wrk.headers["Cookie"] = "{cookies}"' if args.uncached else ""
    (tmp / "bench.lua").write_text(LUA % {"paths": tmp / "paths.txt", "headers": headers})
    server = subprocess.Popen(
        [str(bin_dir / "samkart"), "serve", "--port", str(args.port), "--workers",
         str(args.workers)], env=env)
    try:
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/kommuner/", timeout=5)
                break
            except OSError:
                time.sleep(0.3)
        # Warm the workers' caches, as on a running site (every page once, a few times over, so
        # that each worker sees them).
        cookie = {"Cookie": cookies} if args.uncached else {}
        for p in paths * 2:
            urllib.request.urlopen(urllib.request.Request(base + p, headers=cookie),
                                   timeout=30).read()
        kinds = {"municipality pages": sum(p.startswith("/kommuner/") for p in paths),
                 "arrangement pages": sum(p.startswith("/ordninger/") for p in paths),
                 "API": sum(p.startswith("/api/") for p in paths)}
        print(f"{len(paths)} URLs: " + ", ".join(f"{v} {k}" for k, v in kinds.items()))
        print(f"wrk: {args.connections} connections, {args.seconds} s, 2 threads; samkart serve "
              f"({args.workers or os.cpu_count()} processes x 4 threads); "
              f"{'logged in: no page cache' if args.uncached else 'anonymous: page cache'}")
        out = subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s",
                              "--timeout", "10s", "-s", str(tmp / "bench.lua"), base],
                             capture_output=True, text=True, check=True).stdout
        figures = dict(line.split() for line in out.splitlines()
                       if line.split() and line.split()[0] in
                       ("requests", "errors", "non2xx", "p50", "p90", "p95", "p99", "max", "rps"))
        print(f"requests {figures['requests']}, {figures['rps']} per second, errors "
              f"{figures['errors']} (non-2xx {figures['non2xx']})")
        print(f"latency ms: p50 {figures['p50']}, p90 {figures['p90']}, p95 {figures['p95']} "
              f"(target 150), p99 {figures['p99']}, max {figures['max']}")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from samkart.demo import generate_demo
from samkart.web.registry import changes
register = generate_demo()
changes.load_into_empty_database(register, "bench")
# A logged-in analyst for Nordland, and a session of theirs for the requests.
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from samkart.web.registry.models import Profile
user = get_user_model().objects.create_user("bench-analytiker", password="bench-passord-42")
Profile.objects.create(user=user, role=Profile.ANALYST, counties="18")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "samkart.web.registry.users.ProfileBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
# and the CSRF cookie the browser holds after its first page (the pages' forms carry tokens of it)
from django.utils.crypto import get_random_string
print(f"sessionid={session.session_key}; csrftoken={get_random_string(32)}")
"""

PATHS = """
import django
django.setup()
from samkart.web.registry import store
from samkart.analysis.yearview import YearView
register = store.current_register()
view = YearView(register, 2014)
numbers = sorted({k for s in view.counted() for k in s.participants})
keys = sorted(register.arrangements)[::5]
paths = [f"/kommuner/{k}/?ar=2014" for k in numbers]
paths += [f"/ordninger/{k}/?ar=2014" for k in keys]
paths += [f"/api/arrangements/{k}?year=2014" for k in keys[::2]]
paths += [f"/api/municipalities?year=2014&county={c}&limit=50" for c in ("15", "16", "17", "18")]
paths += [f"/api/arrangements?year=2014&county={c}&limit=50" for c in ("15", "16", "17", "18")]
print("\\n".join(paths))
"""


if __name__ == "__main__":
    main()
