"""Benchmark of the mapping report (issue: the mapping report). Prints figures; it is not a test.

Generates a national-scale register (400 real municipalities of 2014 in some 18 counties, 5,000
arrangements, 50,000 participations; the generator of ``bench_core.py``), then measures

* every analysis function on that register (best of three runs; target: each under 200 ms);
* the whole report as ``samkart report`` makes it: load, analyses and figures, HTML, PDF
  (laid out in pieces, one process per core), and the number of PDF pages; then the wall time of
  the command itself, five times (target: under 10 s in all);
* the same for the demo register (four counties, the size of the seed's mapping).

Usage: python bench/bench_report.py [--year 2014] [--compare 2010]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import generate

from samkart.analysis import content, geography, organisation, quality, scope
from samkart.analysis.tables import (
    counties_table,
    municipalities_table,
    task_fields_table,
)
from samkart.analysis.yearview import YearView
from samkart.demo import generate_demo
from samkart.register import read_register
from samkart.register.write import write_csv_folder
from samkart.report.build import build_report
from samkart.report.workers import Workers
from samkart.report.write import write_report


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def analyses(register, year: int, compare: int) -> list[tuple[str, float]]:
    view = YearView(register, year)
    before = YearView(register, compare)
    counties = sorted(view.participating_counties())
    first = counties[0]
    top = municipalities_table(view).rows[0].kommunenummer
    calls = {
        "YearView (as-of rules, definition, levels)": lambda: YearView(register, year),
        "table municipalities": lambda: municipalities_table(view),
        "table counties (4.1)": lambda: counties_table(view),
        "table task-fields": lambda: task_fields_table(view),
        "scope.levels_by_county": lambda: scope.levels_by_county(view),
        "scope.growth_between": lambda: scope.growth_between(before, view),
        "scope.establishment_years + peaks": lambda: scope.peak_periods(
            scope.establishment_years(view, first)),
        "scope.municipality_summary": lambda: scope.municipality_summary(view),
        "scope.by_size_class": lambda: scope.by_size_class(view),
        "scope.size_rank + size_correlation": lambda: scope.size_correlation(view),
        "content.sector_shares (fine, all counties)": lambda: content.sector_shares(
            view, counties, fine=True),
        "content.task_fields_by_county": lambda: content.task_fields_by_county(view, counties),
        "content.task_fields_by_size": lambda: content.task_fields_by_size(view, counties),
        "content.changes_between": lambda: content.changes_between(before, view),
        "content.municipality_profile": lambda: content.municipality_profile(view, str(top)),
        "organisation.legal_forms": lambda: organisation.legal_forms(view),
        "organisation.council_governance": lambda: organisation.council_governance(view),
        "organisation.host_load": lambda: organisation.host_load(view),
        "geography.county_crossings": lambda: geography.county_crossings(view),
        "quality.excluded": lambda: quality.excluded(view),
        "quality.missing_values": lambda: quality.missing_values(register),
        "quality.inconsistencies": lambda: quality.inconsistencies(view),
    }
    return [(name, best(fn)) for name, fn in calls.items()]


def whole_report(folder: Path, year: int, compare: int, county: str | None, out: Path) -> dict:
    """The report as ``samkart report`` makes it, in this process, timed by phase: the worker
    processes (charts, PDF layout) are started first and get ready while the register is read."""
    marks = [("start", time.perf_counter())]
    with Workers() as workers:
        register = read_register(folder)
        marks.append(("load", time.perf_counter()))
        document = build_report(register, year, compare, county, workers=workers)
        marks.append(("analyses + figures", time.perf_counter()))
        write_report(document, out, workers=workers,
                     step=lambda text: marks.append((text, time.perf_counter())))
        marks.append(("pdf", time.perf_counter()))
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(out / "rapport.pdf"))
    figures = {name: t - marks[i][1] for i, (name, t) in enumerate(marks[1:])}
    figures = {"load": figures["load"], "analyses + figures": figures["analyses + figures"],
               "html": figures["setter PDF (A4)"], "pdf": figures["pdf"],
               "total": marks[-1][1] - marks[0][1], "pages": len(pdf),
               "workers": workers.count}
    pdf.close()
    return figures


def cli_report(folder: Path, year: int, compare: int, county: str | None,
               out: Path) -> tuple[float, float]:
    """Wall time and CPU time (all processes) of ``samkart report`` as a user runs it, with the
    interpreter's start and the imports. The CPU time shows how busy the machine was: the same
    work took from 13 to 19 CPU seconds between runs on the project machine."""
    command = [sys.executable, "-m", "samkart", "report", str(folder), "--year", str(year),
               "--compare", str(compare), "--out", str(out)]
    if county:
        command += ["--county", county]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _runs(runs: list[tuple[float, float]]) -> str:
    walls = sorted(w for w, _ in runs)
    return (f"median {statistics.median(walls):.2f} s (from {walls[0]:.2f} to {walls[-1]:.2f} s; "
            f"CPU {statistics.median(c for _, c in runs):.1f} s)")


def _show(figures: dict) -> str:
    return ", ".join(f"{k} {v:.2f} s" if isinstance(v, float) else f"{k} {v}"
                     for k, v in figures.items())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=2014)
    parser.add_argument("--compare", type=int, default=2010)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory() as tmp:
        national = Path(tmp) / "national"
        generate(national, 400, 5_000, 50_000, own=False)
        register = read_register(national)
        print(f"\nnational register: {len(register.arrangements)} arrangements, "
              f"{len(register.participations)} participations")
        rows = analyses(register, args.year, args.compare)
        for name, seconds in rows:
            flag = "" if seconds < 0.2 else "  (over 200 ms)"
            print(f"  {name:<46} {seconds * 1000:7.1f} ms{flag}")
        print(f"  slowest: {max(s for _, s in rows) * 1000:.1f} ms (target 200 ms each)")
        out = Path(tmp) / "out-national"
        figures = whole_report(national, args.year, args.compare, None, out)
        print("\nfull report, national register, in one process: " + _show(figures))
        runs = [cli_report(national, args.year, args.compare, None, out) for _ in range(5)]
        print(f"  `samkart report` on it, five runs: {_runs(runs)} (target: under 10 s)")
        demo = Path(tmp) / "demo"
        write_csv_folder(generate_demo(), demo)
        for county in (None, "18"):
            out = Path(tmp) / f"out-demo-{county}"
            year, compare = (2013, 2009) if county is None else (2014, 2010)
            figures = whole_report(demo, year, compare, county, out)
            scope = "four counties 2013" if county is None else "Nordland 2014"
            print(f"\nfull report, demo register, {scope}: " + _show(figures))
            runs = [cli_report(demo, year, compare, county, out) for _ in range(3)]
            print(f"  `samkart report`, three runs: {_runs(runs)}")


if __name__ == "__main__":
    main()
