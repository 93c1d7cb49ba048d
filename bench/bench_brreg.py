"""Benchmark of ``samkart import brreg`` on the bulk files: streaming a roles file of 3 million
roles. Prints figures; it is not a test.

It writes realistic bulk files with ``tools/brreg_bulk.py`` (gzip-compressed, as Brønnøysund
serves them): every municipality, the synthetic cooperation units, ``--units`` other units and
people's roles up to ``--roles`` roles in all. Then it runs, each in its own process as a user
would:

* ``samkart import brreg --enheter … --roller … --county 18 --out DIR`` (read both files, map,
  write the register and the candidates), and
* the roles file alone streamed through ``read_roles`` (the part that grows with the file),

and prints the wall time and the peak resident memory (maximum RSS) of each process.

Usage: python bench/bench_brreg.py [--roles 3000000] [--units 200000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import brreg_bulk  # noqa: E402

STREAM_ROLES = """
import sys, time
from samkart.sources.brreg.bulk import read_roles
start = time.perf_counter()
read = read_roles(sys.argv[1], set(sys.argv[2].split(",")))
print(f"{read.units} {read.roles_total} {len(read.roles)} {time.perf_counter() - start:.2f}")
"""


MEASURE = """
import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
sys.stdout.write(proc.stdout)
sys.stderr.write(proc.stderr)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)
sys.exit(proc.returncode)
"""


def run(cmd: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS in MB of the command's process, and its standard
    output. A fresh parent per command, so that its children's figures are that command's."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True,
                          check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    cpu, peak_kb = proc.stderr.strip().splitlines()[-1].split()
    return wall, float(cpu), int(peak_kb) / 1024, proc.stdout


def uncompressed_size(path: Path) -> int:
    total = 0
    with gzip.open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            total += len(chunk)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", type=int, default=3_000_000)
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="samkart-brreg-bench-"))
    samkart = str(Path(sys.executable).with_name("samkart"))
    try:
        start = time.perf_counter()
        units, roles = brreg_bulk.write(folder / "filer", day=1, noise_units=args.units,
                                        total_roles=args.roles)
        made = time.perf_counter() - start
        raw = uncompressed_size(roles)
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}, {platform.system()} {platform.release()}")
        print(f"files written in {made:.1f} s: units {units.stat().st_size / 1e6:.1f} MB gzip "
              f"({args.units + 391} units), roles {roles.stat().st_size / 1e6:.1f} MB gzip, "
              f"{raw / 1e6:.0f} MB as JSON")

        wall, cpu, peak, out = run([sys.executable, "-c", STREAM_ROLES, str(roles),
                                    "970711007"])
        n_units, n_roles, _kept, inner = out.split()
        print(f"stream roles (read_roles): {int(n_roles):,} roles of {int(n_units):,} units in "
              f"{float(inner):.1f} s ({int(n_roles) / float(inner) / 1e6:.2f} M roles/s, "
              f"{raw / float(inner) / 1e6:.0f} MB JSON/s); process {wall:.1f} s wall, "
              f"{cpu:.1f} s CPU, peak RSS {peak:.0f} MB")
        real = 2.8e9
        print(f"  at that speed the real roles file (2.8 GB as JSON) takes about "
              f"{real / (raw / float(inner)) / 60:.1f} min")
        load = os.getloadavg()[0]
        if load > (os.cpu_count() or 1):
            print(f"  (load average {load:.1f} on {os.cpu_count()} cores: other work slowed "
                  f"this down; CPU time is the steadier figure)")

        out_dir = folder / "nordland"
        shutil.rmtree(out_dir, ignore_errors=True)
        wall, cpu, peak, _ = run([samkart, "import", "brreg", "--enheter", str(units),
                                  "--roller", str(roles), "--county", "18", "--out",
                                  str(out_dir)])
        print(f"samkart import brreg --county 18 --out: {wall:.1f} s wall, {cpu:.1f} s CPU, "
              f"peak RSS {peak:.0f} MB (target 500 MB)")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
