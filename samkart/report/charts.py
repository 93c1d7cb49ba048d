"""Charts of the report as inline SVG (matplotlib, no pyplot state).

Made for black-and-white print: series differ by grey level *and* hatch pattern, every bar carries
its value, and text stays text in the SVG (searchable, scalable, read by screen readers through the
figure's description).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("svg")  # no display; must precede the figure import on some installs

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from samkart.i18n import gettext as _
from samkart.report import numbers

matplotlib.rcParams.update({
    "svg.fonttype": "none",
    "svg.hashsalt": "samkart",  # stable ids: the same data gives the same SVG
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
})

__all__ = ["bar_chart", "diverging", "histogram", "rank_chart", "scatter"]

# Grey levels and hatches in series order; distinguishable without colour.
FILLS = ("#1f3b57", "#7f9db9", "#d9e2ec", "#4a6b8a", "#b0c4d6")
HATCHES = ("", "//", "--", "xx", "\\\\")  # line hatches: dots cost 10x the SVG size
TEXT_ON = ("white", "black", "black", "white", "black")


def _number(value: float, decimals: int) -> str:
    return numbers.number(float(value), decimals)


def _tick(value: float, _pos: int | None = None) -> str:
    """A tick label in the report's language: "2,5" and "1 000", not "2.5" and "1000"."""
    if abs(value - round(value)) < 1e-9:
        return numbers.number(round(value))
    return numbers.number(value, 2 if abs(value * 10 - round(value * 10)) > 1e-9 else 1)


def _number_ticks(ax: Axes, *axes: str) -> None:
    """Norwegian (or the report language's) number format on the value axes ``axes``."""
    for name in axes:
        getattr(ax, f"{name}axis").set_major_formatter(FuncFormatter(_tick))


def _svg(fig: Figure, label: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    # Scale with the page: keep the viewBox, drop the fixed size.
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r"<svg\1", svg, count=1)
    # matplotlib names its clip paths and glyphs the same in every figure; several figures in one
    # HTML page need distinct ids (duplicate ids break clipping and accessibility).
    # The prefix comes from the drawing itself, so that charts drawn in different processes
    # (workers.py) cannot clash and the same chart always gives the same SVG.
    prefix = "c" + hashlib.sha1((label + svg).encode()).hexdigest()[:10] + "-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'(url\(#|href="#)([^)"]+)', lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg", f'<svg role="img" aria-label="{label}" class="chart"', 1)


def bar_chart(
    categories: Sequence[str],
    series: dict[str, Sequence[float]],
    label: str,
    *,
    horizontal: bool = False,
    stacked: bool = False,
    percent: bool = False,
    decimals: int = 0,
    width: float = 6.3,
    height: float | None = None,
    limit: float | None = None,
) -> str:
    """Grouped or stacked bars, each labelled with its value. ``limit`` fixes the value axis at
    0..limit, so that charts meant to be read side by side share one scale (the task-field
    bands: 16 % must look shorter than 39 %)."""
    n = len(categories)
    names = list(series)
    if height is None:
        height = max(1.7 if stacked else 2.4,
                     0.28 * n * (1 if stacked else max(1, len(names))) + 1.0) if horizontal \
            else 3.2
    fig = Figure(figsize=(width, height))
    ax = fig.add_subplot()
    positions = list(range(n))
    thickness = 0.8 if stacked else 0.8 / max(1, len(names))
    base = [0.0] * n
    for i, name in enumerate(names):
        values = [float(v) for v in series[name]]
        offset = 0.0 if stacked else (i - (len(names) - 1) / 2) * thickness
        where = [p + offset for p in positions]
        color, hatch = FILLS[i % len(FILLS)], HATCHES[i % len(HATCHES)]
        if horizontal:
            bars = ax.barh(where, values, thickness, left=base if stacked else None, color=color,
                           hatch=hatch, edgecolor="#222222", linewidth=0.5, label=name)
        else:
            bars = ax.bar(where, values, thickness, bottom=base if stacked else None, color=color,
                          hatch=hatch, edgecolor="#222222", linewidth=0.5, label=name)
        texts = [(numbers.percent(v, decimals) if percent else _number(v, decimals)) if v else ""
                 for v in values]
        if stacked:
            ax.bar_label(bars, labels=texts, label_type="center", fontsize=7.5,
                         color=TEXT_ON[i % len(TEXT_ON)],
                         bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                               "edgecolor": "none", "alpha": 0.85} if HATCHES[i % len(HATCHES)]
                         else None)
            base = [b + v for b, v in zip(base, values, strict=True)]
        else:
            ax.bar_label(bars, labels=texts, padding=2, fontsize=7.5)
    unit = _("Prosent") if percent else _("Antall")
    if horizontal:
        ax.set_yticks(positions, categories)
        ax.invert_yaxis()
        ax.set_xlabel(unit)
        ax.margins(x=0.12)
        if limit is not None:
            ax.set_xlim(0, limit)
        _number_ticks(ax, "x")
    else:
        ax.set_xticks(positions, categories, rotation=0 if n <= 6 else 35,
                      ha="center" if n <= 6 else "right")
        ax.set_ylabel(unit)
        ax.margins(y=0.12)
        if limit is not None:
            ax.set_ylim(0, limit)
        _number_ticks(ax, "y")
    if len(names) > 1:
        ax.legend(frameon=False, fontsize=8, loc="upper center",
                  bbox_to_anchor=(0.5, -0.3 if horizontal else -0.12), ncol=min(3, len(names)),
                  columnspacing=2.0, handlelength=2.2)
    return _svg(fig, label)


def histogram(years: Sequence[int], counts: Sequence[int], label: str,
              peaks: Sequence[tuple[int, int, int]] = ()) -> str:
    """Establishments per year; the peak periods shaded and named."""
    fig = Figure(figsize=(6.3, 2.8))
    ax = fig.add_subplot()
    top = max(counts) if counts else 1
    for i, (first, last, total) in enumerate(peaks):
        ax.axvspan(first - 0.5, last + 0.5, color="#e6ebf0", zorder=0)
        # Alternate heights so that labels of neighbouring periods do not collide.
        ax.text((first + last) / 2, top * (1.32 if i % 2 else 1.14),
                f"{first}–{last}: {numbers.number(total)}",
                ha="center", fontsize=7.5)
    bars = ax.bar(list(years), list(counts), 0.8, color=FILLS[0], edgecolor="#222222",
                  linewidth=0.4, zorder=2)
    ax.bar_label(bars, labels=[numbers.number(c) if c else "" for c in counts], padding=1,
                 fontsize=6.5)
    ax.set_ylabel(_("Nye ordninger"))
    _number_ticks(ax, "y")
    ax.set_ylim(0, top * 1.45 + 0.5)
    step = 1 if len(years) <= 16 else 2 if len(years) <= 32 else 5
    ax.set_xticks([y for y in years if y % step == 0])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: numbers.year(round(v))))
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    return _svg(fig, label)


def rank_chart(names: Sequence[str], totals: Sequence[int], label: str) -> str:
    """Figures 4.6-4.7: arrangements per municipality, municipalities ordered by population."""
    fig = Figure(figsize=(6.3, max(2.8, 0.16 * len(names) + 1.0)))
    ax = fig.add_subplot()
    positions = list(range(len(names)))
    bars = ax.barh(positions, list(totals), 0.7, color=FILLS[1], edgecolor="#222222",
                   linewidth=0.4)
    ax.bar_label(bars, labels=[numbers.number(t) for t in totals], padding=2, fontsize=6.5)
    ax.set_yticks(positions, [f"{i + 1}. {n}" for i, n in enumerate(names)], fontsize=6.5)
    ax.invert_yaxis()
    ax.set_xlabel(_("Antall ordninger (kommunene ordnet etter innbyggertall, størst øverst)"))
    ax.margins(x=0.1)
    _number_ticks(ax, "x")
    return _svg(fig, label)



def scatter(populations: Sequence[int], totals: Sequence[int], label: str) -> str:
    """Arrangements per municipality against population (log scale), for many municipalities."""
    fig = Figure(figsize=(6.3, 3.4))
    ax = fig.add_subplot()
    ax.scatter(list(populations), list(totals), s=12, facecolor=FILLS[1], edgecolor="#222222",
               linewidth=0.4)
    ax.set_xscale("log")
    ax.set_xlabel(_("Innbyggere (logaritmisk skala)"))
    ax.set_ylabel(_("Antall ordninger"))
    _number_ticks(ax, "x", "y")
    return _svg(fig, label)


def diverging(questions: Sequence[str], shares: Sequence[Sequence[float]], label: str,
              categories: Sequence[str]) -> str:
    """Figure 7.1: per question the shares of five ordered answers as a bar centred on the middle
    answer (poor to the left, good to the right), each segment labelled, greys and hatches in
    order so that the scale reads without colour."""
    fig = Figure(figsize=(6.3, max(2.4, 0.42 * len(questions) + 1.2)))
    ax = fig.add_subplot()
    fills = ("#1f3b57", "#7f9db9", "#eeeeee", "#b0c4d6", "#4a6b8a")
    hatches = ("xx", "//", "", "--", "")
    ink = ("white", "black", "black", "black", "white")
    for i, row in enumerate(shares):
        left = -(row[0] + row[1] + row[2] / 2)
        for j, value in enumerate(row):
            ax.barh([i], [value], 0.6, left=[left], color=fills[j], hatch=hatches[j],
                    edgecolor="#222222", linewidth=0.5, label=categories[j] if i == 0 else None)
            if value >= 4:
                ax.text(left + value / 2, i, _number(value, 0), ha="center", va="center",
                        fontsize=7, color=ink[j],
                        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white",
                              "edgecolor": "none", "alpha": 0.8} if hatches[j] else None)
            left += value
    ax.axvline(0, color="#222222", linewidth=0.8)
    ax.set_yticks(range(len(questions)), questions)
    ax.invert_yaxis()
    ax.set_xlabel(_("Prosent av dem som vurderte (dårlige til venstre, gode til høyre)"))
    ax.set_xlim(-100, 100)
    # Shares either side of the middle: the ticks read 100 50 0 50 100.
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, pos: _tick(abs(v), pos)))
    ax.legend(frameon=False, fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.18),
              ncol=5, columnspacing=1.2, handlelength=1.8)
    return _svg(fig, label)
