"""Benchmark of the register core (issue: register core). Prints figures; it is not a test.

For each size it generates a register (CSV folder), then measures:

* in one process: load + validate, and the four tables from one YearView (what the report does);
  and the same with the register from the cache of validated registers (a second command);
* as a user runs it: ``samkart validate`` and the four ``samkart table`` calls, each its own
  process: the first reads and validates the register (and writes the cache behind it), the
  first table finds it in the cache and computes the year's four tables, the others print them;
  then the four as JSON, the four of the year before (computing that year), and all five again
  on the unchanged register;
* a plain DuckDB SQL query over the same CSV files computing the municipality totals, for scale.

Peak memory is the maximum resident set size of the measuring process.

Usage: python bench/bench_core.py [--sizes small,large] [--year 2014]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = {
    # name: (municipalities, arrangements, participations, own municipalities table?)
    "small": (400, 5_000, 50_000, False),
    "large": (9_000, 100_000, 1_000_000, True),
}
FORMS = ["avtale"] * 6 + ["vertskommune"] * 3 + ["iks", "as", "styre", "vertskommune_nemnd"]
SECTORS = ["administrasjon", "helse", "sosial", "oppvekst", "kultur", "teknisk",
           "brann_beredskap", "plan_miljo_landbruk", "naering", "regionalt_samarbeid"]
FIELDS = ["renovasjon", "revisjon", "legevakt", "ppt", "ikt", "barnevern", "brannvesen", "havn"]


def generate(folder: Path, n_mun: int, n_arr: int, n_part: int, own: bool, seed: int = 1) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    if own:
        numbers = [f"{1000 + i}" for i in range(n_mun)]
        with open(folder / "kommuner.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["kommunenummer", "navn", "fylkesnummer", "innbyggere"])
            for k in numbers:
                w.writerow([k, f"Kommune {k}", k[:2], rng.randint(200, 200_000)])
    else:
        from samkart.reference import load_reference

        # municipalities valid over the whole span the generator draws years from
        index = load_reference().municipalities
        numbers = sorted(m.kommunenummer for m in index.valid_in(2014)
                         if index.valid(m.kommunenummer, 1990) is not None)[:n_mun]
    # councils of ten neighbours (by number), the register's own
    with open(folder / "regionrad.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "navn", "type"])
        for c in range(0, len(numbers), 10):
            w.writerow([f"R{c // 10}", f"Regionråd {c // 10}", "regionrad"])
    with open(folder / "regionrad_medlemmer.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["regionrad_id", "kommunenummer", "fra", "til"])
        for i, k in enumerate(numbers):
            w.writerow([f"R{i // 10}", k, "", ""])
    per = n_part / n_arr
    with open(folder / "ordninger.csv", "w", newline="", encoding="utf-8") as fo, \
            open(folder / "deltakere.csv", "w", newline="", encoding="utf-8") as fd:
        wo, wd = csv.writer(fo), csv.writer(fd)
        wo.writerow(["id", "navn", "tilknytningsform", "sektor", "oppgavefelt", "vertskommune",
                     "etablert", "avviklet", "kommunal_eierandel", "type"])
        wd.writerow(["ordning_id", "kommunenummer", "fra", "til", "rolle"])
        written = 0
        for a in range(n_arr):
            remaining = n_part - written
            size = max(2, min(remaining - 2 * (n_arr - a - 1), round(rng.expovariate(1 / per))))
            size = min(size, 40, len(numbers)) if a < n_arr - 1 else max(2, remaining)
            start = rng.randrange(len(numbers))
            spread = rng.choice([size, size * 2, size * 20])
            members: list[str] = []
            chosen: set[str] = set()
            while len(members) < size:
                k = numbers[(start + rng.randrange(spread)) % len(numbers)]
                if k not in chosen:
                    chosen.add(k)
                    members.append(k)
            form = rng.choice(FORMS)
            etablert = rng.randint(1990, 2014)
            avviklet = etablert + rng.randint(1, 10) if rng.random() < 0.1 else ""
            share = rng.choice([30, 51, 80, 100]) if form == "as" else ""
            kind = "formell" if rng.random() < 0.95 else rng.choice(["nettverk", "prosjekt"])
            wo.writerow([f"O{a}", f"Ordning {a}", form, rng.choice(SECTORS),
                         ";".join(rng.sample(FIELDS, rng.randint(0, 2))), members[0], etablert,
                         avviklet, share, kind])
            for j, k in enumerate(members):
                fra = etablert + rng.randint(0, 3) if rng.random() < 0.1 else ""
                wd.writerow([f"O{a}", k, fra, "", "vertskommune" if j == 0 else "deltaker"])
            written += size


IN_PROCESS = """
import json, resource, sys, time
t0 = time.perf_counter()
from samkart.register.cache import load_cached
from samkart.analysis.yearview import YearView
from samkart.analysis import tables
reg, problems = load_cached(sys.argv[1])
t1 = time.perf_counter()
assert reg is not None, [p.line() for p in problems if p.severity.value == 'error'][:5]
view = YearView(reg, int(sys.argv[2]))
out = [tables.municipalities_table(view), tables.counties_table(view),
       tables.arrangements_table(view), tables.task_fields_table(view)]
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "tables": t2 - t1, "total": t2 - t0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": [len(t.rows) for t in out]}))
"""


def _env(cache: Path | None) -> dict[str, str]:
    # Bytecode is written and read as in an installation (pip compiles it when it installs);
    # PYTHONDONTWRITEBYTECODE, set on some machines, would compile samkart anew on every call.
    env = {k: v for k, v in os.environ.items()
           if k not in ("SAMKART_NO_CACHE", "PYTHONDONTWRITEBYTECODE")}
    if cache is None:
        env["SAMKART_NO_CACHE"] = "1"
    else:
        env["SAMKART_CACHE_DIR"] = str(cache)
    return env


def in_process(folder: Path, year: int, cache: Path | None) -> dict:
    proc = subprocess.run([sys.executable, "-c", IN_PROCESS, str(folder), str(year)],
                          capture_output=True, text=True, check=True, env=_env(cache))
    return json.loads(proc.stdout)


def _wait_for_cache(cache: Path, timeout: float = 120) -> None:
    """The first call writes the cache behind itself, in a child process: wait for it."""
    deadline = time.monotonic() + timeout
    while not list(cache.glob("*.pickle")) and time.monotonic() < deadline:
        time.sleep(0.05)


def cli_calls(folder: Path, year: int, cache: Path | None, fmt: str = "csv"
              ) -> tuple[list[float], float]:
    """The wall time of each of the five calls, and the peak RSS of any of them."""
    exe = [sys.executable, "-m", "samkart.cli"]
    calls = [["validate", str(folder)]] + [
        ["table", t, str(folder), "--year", str(year), "--format", fmt]
        for t in ("municipalities", "counties", "arrangements", "task-fields")
    ]
    times, peak = [], 0.0
    for i, call in enumerate(calls):
        t0 = time.perf_counter()
        subprocess.run(exe + call, capture_output=True, check=False, env=_env(cache))
        times.append(time.perf_counter() - t0)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        if i == 0 and cache is not None:
            _wait_for_cache(cache)
    return times, peak / 1024


DUCK_SQL = """
WITH o AS (SELECT * FROM read_csv('{d}/ordninger.csv', all_varchar=true)),
     p AS (SELECT * FROM read_csv('{d}/deltakere.csv', all_varchar=true)),
     act AS (
       SELECT p.ordning_id, p.kommunenummer FROM p JOIN o ON o.id = p.ordning_id
       WHERE coalesce(try_cast(o.etablert AS INT), 0) <= {y}
         AND (o.avviklet IS NULL OR {y} < try_cast(o.avviklet AS INT))
         AND coalesce(try_cast(p.fra AS INT), try_cast(o.etablert AS INT), 0) <= {y}
         AND (p.til IS NULL OR {y} < try_cast(p.til AS INT))),
     counted AS (
       SELECT a.ordning_id FROM act a JOIN o ON o.id = a.ordning_id
       WHERE coalesce(o.type, 'formell') = 'formell'
         AND (o.tilknytningsform <> 'as' OR try_cast(o.kommunal_eierandel AS DOUBLE) > 50)
       GROUP BY a.ordning_id HAVING count(DISTINCT a.kommunenummer) >= 2)
SELECT a.kommunenummer, count(*) AS sum FROM act a JOIN counted c USING (ordning_id)
GROUP BY a.kommunenummer ORDER BY sum DESC
"""


def duckdb_time(folder: Path, year: int) -> float | None:
    try:
        import duckdb
    except ImportError:
        return None
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(DUCK_SQL.format(d=folder, y=year)).fetchall()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="small,large")
    ap.add_argument("--year", type=int, default=2014)
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    for name in args.sizes.split(","):
        n_mun, n_arr, n_part, own = SIZES[name]
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / name
            t0 = time.perf_counter()
            generate(folder, n_mun, n_arr, n_part, own)
            gen = time.perf_counter() - t0
            cache = Path(tmp) / "cache"
            r = in_process(folder, args.year, None)
            subprocess.run([sys.executable, "-m", "samkart.cli", "--help"], env=_env(None),
                           capture_output=True, check=True)  # bytecode, as installed
            cold, cold_peak = cli_calls(folder, args.year, cache)
            other, other_peak = cli_calls(folder, args.year, cache, fmt="json")
            next_year, next_peak = cli_calls(folder, args.year - 1, cache, fmt="json")
            warm, warm_peak = cli_calls(folder, args.year, cache)
            cached = in_process(folder, args.year, cache)
            duck = duckdb_time(folder, args.year)
            print(f"\n[{name}] {n_mun} municipalities, {n_arr} arrangements, {n_part} "
                  f"participations (generated in {gen:.1f} s)")
            print(f"  in one process: load+validate {r['load']:.2f} s, four tables "
                  f"{r['tables']:.2f} s, total {r['total']:.2f} s, peak RSS {r['rss_mb']:.0f} MB")
            print(f"  in one process, register from the cache: load {cached['load']:.2f} s, "
                  f"four tables {cached['tables']:.2f} s, total {cached['total']:.2f} s")
            print("  five CLI calls (validate + 4 tables), first round (the first table reads "
                  "the register from the cache and computes the year; the others print the "
                  "year's kept tables): " + ", ".join(f"{t:.2f}" for t in cold)
                  + f" s (sum {sum(cold):.2f} s), peak RSS {cold_peak:.0f} MB")
            print("  the four tables as JSON (new answers, the year's tables kept): "
                  + ", ".join(f"{t:.2f}" for t in other[1:])
                  + f" s (slowest {max(other[1:]):.2f} s), peak RSS {other_peak:.0f} MB")
            print(f"  the four tables of {args.year - 1} as JSON (the first computes that year, "
                  "register from the cache): " + ", ".join(f"{t:.2f}" for t in next_year[1:])
                  + f" s, peak RSS {next_peak:.0f} MB")
            print("  the same five again, register unchanged (answers kept): "
                  + ", ".join(f"{t:.2f}" for t in warm) + f" s (slowest {max(warm):.2f} s), "
                  f"peak RSS {warm_peak:.0f} MB")
            if duck is not None:
                print(f"  DuckDB SQL, municipality totals only: {duck:.2f} s; samkart / DuckDB: "
                      f"{r['total'] / duck:.1f}x, from the cache {cached['total'] / duck:.1f}x")


if __name__ == "__main__":
    main()
