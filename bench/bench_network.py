"""Benchmark of the cooperation network (issue 13). Prints figures; it is not a test.

On the national register of ``bench_core.py`` (400 municipalities, 5,000 arrangements, 50,000
participations, councils of ten neighbours): the network, the functional regions with the swing
municipalities (Louvain, the default; Leiden for comparison when installed) and the cross-border
pull, each timed in one
process after the register is read, as ``samkart table network`` / ``table regions`` and the web
compute them. Target: network, regions and swing together under 2 s.

Usage: python bench/bench_network.py [--year 2014] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_core import SIZES, generate

IN_PROCESS = """
import json, sys, time
t0 = time.perf_counter()
from samkart.register import load_register
from samkart.analysis.yearview import YearView
from samkart.analysis.network import cooperation_network, network_table
from samkart.analysis.regions import (MissingLeiden, RegionSettings, functional_regions, regions_table,
                                      cross_border_pull)
reg, problems = load_register(sys.argv[1])
view = YearView(reg, int(sys.argv[2]))
t1 = time.perf_counter()
network = cooperation_network(view)
table = network_table(view, network)
t2 = time.perf_counter()
regions = functional_regions(view, network)
rows = regions_table(regions)
t3 = time.perf_counter()
pull = cross_border_pull(view, network, regions)
t4 = time.perf_counter()
try:
    leiden = len(functional_regions(view, network, RegionSettings(method="leiden")).regions)
except MissingLeiden:  # the optional GPL extra is not installed
    leiden = None
t5 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "network": t2 - t1, "regions": t3 - t2, "border": t4 - t3,
                  "leiden": t5 - t4, "ties": len(table.rows), "rows": len(rows.rows),
                  "regions_n": len(regions.regions), "leiden_n": leiden,
                  "swing": len(regions.swing())}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--year", type=int, default=2014)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    n_mun, n_arr, n_part, own = SIZES["small"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "national"
        generate(folder, n_mun, n_arr, n_part, own)
        runs = []
        for _ in range(args.repeat):
            proc = subprocess.run([sys.executable, "-c", IN_PROCESS, str(folder), str(args.year)],
                                  capture_output=True, text=True, check=True)
            runs.append(json.loads(proc.stdout))
        cli = []
        for command in ("network", "regions"):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "samkart.cli", "table", command, str(folder),
                            "--year", str(args.year), "--format", "csv"],
                           capture_output=True, check=True)
            cli.append(time.perf_counter() - t0)
    best = min(runs, key=lambda r: r["network"] + r["regions"])
    together = best["network"] + best["regions"]
    print(f"\n[national] {n_mun} municipalities, {n_arr} arrangements, {n_part} participations, "
          f"{args.year}: {best['ties']} ties, {best['regions_n']} regions (Leiden "
          f"{best['leiden_n']}), {best['swing']} swing municipalities; best of {args.repeat}")
    print(f"  network (pairs and table) {best['network']:.2f} s, regions + swing (Louvain, incl. "
          f"import) {best['regions']:.2f} s: together {together:.2f} s (target 2 s)")
    print(f"  cross-border pull {best['border']:.2f} s; Leiden for comparison "
          f"{best['leiden']:.2f} s; reading the register {best['load']:.2f} s")
    print(f"  as CLI calls (incl. start and reading): table network {cli[0]:.2f} s, "
          f"table regions {cli[1]:.2f} s")


if __name__ == "__main__":
    main()
