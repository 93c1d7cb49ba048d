"""Maps as inline SVG from the bundled outlines (figures 4.1-4.3 of the seed).

Written by hand rather than through a plotting library: the SVG stays small, each municipality is a
path with its name and value as a ``<title>`` (read by screen readers and shown on hover), and the
shapes print in grey levels and patterns, with council names written on the map, so that nothing
depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from samkart.i18n import gettext as _
from samkart.i18n import ngettext
from samkart.reference import Outlines
from samkart.report.numbers import number

WIDTH = 600.0
# Light to dark: the lightness falls monotonically, so the classes survive greyscale print.
SEQUENTIAL = ("#f1f4f8", "#c6d3e2", "#8fa8c4", "#4f7197", "#1f3b57")
INK = ("#000", "#000", "#000", "#fff", "#fff")
PATTERNS = (
    ("p0", '<path d="M0,6 L6,0" stroke="#333" stroke-width="0.7"/>', "#ffffff"),
    ("p1", '<circle cx="3" cy="3" r="0.9" fill="#333"/>', "#e8edf2"),
    ("p2", '<path d="M0,0 L6,6" stroke="#333" stroke-width="0.7"/>', "#ffffff"),
    ("p3", '<path d="M3,0 L3,6" stroke="#333" stroke-width="0.7"/>', "#d5dee8"),
    ("p4", '<path d="M0,3 L6,3" stroke="#333" stroke-width="0.7"/>', "#ffffff"),
    ("p5", "", "#b8c7d6"),
    ("p6", '<path d="M0,6 L6,0 M0,0 L6,6" stroke="#333" stroke-width="0.5"/>', "#ffffff"),
    ("p7", "", "#eef1f4"),
)


@dataclass(frozen=True, slots=True)
class Frame:
    """Projection of EPSG:25833 metres onto the SVG's coordinate space (y grows downwards)."""

    minx: float
    maxy: float
    scale: float
    height: float

    @classmethod
    def around(cls, rings: list[list[tuple[int, int]]]) -> Frame:
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        pad = 0.03 * max(max(xs) - min(xs), max(ys) - min(ys))
        minx, maxx, miny, maxy = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
        scale = WIDTH / (maxx - minx)
        return cls(minx, maxy, scale, (maxy - miny) * scale)

    def path(self, rings: list[list[tuple[int, int]]], resolution: float = 0.8) -> str:
        """SVG path data; points closer than ``resolution`` units to the last kept one are
        dropped (invisible at the drawn size, and they cost the PDF renderer dearly)."""
        parts = []
        for ring in rings:
            kept: list[tuple[float, float]] = []
            for x, y in ring:
                px, py = (x - self.minx) * self.scale, (self.maxy - y) * self.scale
                if kept and abs(px - kept[-1][0]) < resolution and abs(py - kept[-1][1]) < resolution:
                    continue
                kept.append((px, py))
            if len(kept) >= 3:
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
        return "".join(parts)

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.minx) * self.scale, (self.maxy - y) * self.scale


def centroid(rings: list[list[tuple[int, int]]]) -> tuple[float, float]:
    """Area-weighted centroid of the largest ring (the municipality's mainland, not an island):
    where a label or a network's node goes."""
    ring = max(rings, key=len)
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return float(ring[0][0]), float(ring[0][1])
    return cx / (3 * a), cy / (3 * a)


def _inside(ring: list[tuple[int, int]], x: float, y: float) -> bool:
    """Whether (x, y) lies inside ``ring`` (even-odd rule)."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def label_point(rings: list[list[tuple[int, int]]]) -> tuple[float, float]:
    """A point inside the largest ring to write a label at: its centroid when that is inside
    (most municipalities), else the middle of the widest stretch of the ring along the
    centroid's latitude (a fjord-cut or crescent-shaped municipality)."""
    ring = max(rings, key=len)
    cx, cy = centroid([ring])
    if _inside(ring, cx, cy):
        return cx, cy
    crossings = sorted(
        x0 + (cy - y0) * (x1 - x0) / (y1 - y0)
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
        if (y0 > cy) != (y1 > cy))
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return cx, cy
    a, b = max(spans, key=lambda span: span[1] - span[0])
    return (a + b) / 2, cy


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _overlaps(box: Box, placed: list[Box], gap: float = 1.0) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] + gap and b[0] < x1 + gap and y0 < b[3] + gap and b[1] < y1 + gap
               for b in placed)


def place_labels(points: list[tuple[float, float, float, float]], bounds: tuple[float, float],
                 obstacles: list[Box] | None = None) -> list[tuple[float, float, bool]]:
    """Centres for labels of (x, y, width, height) at points, in order, so that no two labels
    overlap, nor a label and one of ``obstacles`` (boxes already drawn, e.g. a network's nodes):
    each stays at its point when it can, else moves to the nearest free place on rings around it
    (then it needs a leader line: the third value is True). ``bounds`` (width, height) keeps them
    on the drawing."""
    placed: list[Box] = list(obstacles or [])
    out = []
    for x, y, w, h in points:
        best = None
        for step in range(0, 40):
            radius = step * h * 0.6
            tries = [(0.0, 0.0)] if step == 0 else [
                (radius * dx, radius * dy) for dx, dy in
                ((0, 1), (0, -1), (1, 0), (-1, 0), (0.7, 0.7), (-0.7, 0.7), (0.7, -0.7),
                 (-0.7, -0.7))]
            for dx, dy in tries:
                cx = min(max(x + dx, w / 2), bounds[0] - w / 2)
                cy = min(max(y + dy, h / 2), bounds[1] - h / 2)
                box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
                if not _overlaps(box, placed):
                    best = (cx, cy, box)
                    break
            if best:
                break
        if best is None:  # nowhere free nearby: at its point, overlapping
            best = (x, y, (x - w / 2, y - h / 2, x + w / 2, y + h / 2))
        cx, cy, box = best
        placed.append(box)
        out.append((cx, cy, abs(cx - x) > w / 2 or abs(cy - y) > h / 2))
    return out


def class_breaks(values: list[int], classes: int = 5) -> list[int]:
    """Upper bounds of equal-count classes over the values (at most ``classes``, distinct)."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds: list[int] = []
    for i in range(1, classes + 1):
        bound = ordered[min(len(ordered) - 1, round(i * len(ordered) / classes) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def _svg_open(frame: Frame, label: str, extra_height: float) -> str:
    return (f'<svg role="img" aria-label="{escape(label)}" class="map" '
            'xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {WIDTH:.0f} {frame.height + extra_height:.0f}">')


def _shapes(frame: Frame, shapes: list[tuple[list[list[tuple[int, int]]], str, str]],
            stroke_width: str, grouped: bool) -> list[str]:
    """SVG paths for (rings, fill, title) shapes: one path per shape with its title as a tooltip,
    or, ``grouped``, one path per fill and no titles. The grouped drawing looks the same in print
    and costs the PDF renderer about half as much (each path, and each use of a pattern, has a
    fixed cost there)."""
    style = f'stroke="#333" stroke-width="{stroke_width}"'
    if not grouped:
        return [f'<path d="{frame.path(rings)}" fill="{fill}" {style}>'
                f"<title>{escape(title)}</title></path>" for rings, fill, title in shapes]
    by_fill: dict[str, list[str]] = {}
    for rings, fill, _title in shapes:
        by_fill.setdefault(fill, []).append(frame.path(rings))
    return [f'<path d="{"".join(paths)}" fill="{fill}" {style}/>'
            for fill, paths in by_fill.items()]


def choropleth(outlines: Outlines, values: Mapping[str, int], names: Mapping[str, str],
               label: str, grouped: bool = False,
               numbered: Mapping[str, int] | None = None) -> tuple[str, list[str]]:
    """Municipalities shaded by their number of arrangements in equal-count classes. Returns the
    SVG and the numbers of municipalities that have a value but no outline on this map.
    ``grouped`` draws for print (see :func:`_shapes`); ``numbered`` writes each municipality's
    key number on it (paper has no tooltips; the key is printed beside the map)."""
    drawn = {k: outlines.rings[k] for k in values if k in outlines.rings}
    missing = sorted(k for k in values if k not in outlines.rings)
    if not drawn:
        return "", missing
    frame = Frame.around([r for rings in drawn.values() for r in rings])
    bounds = class_breaks([values[k] for k in drawn])
    # Legend text scaled to the map: a tall county is shrunk to the page width.
    fs = max(11.0, frame.height / 55)
    legend_h = fs * (2.6 + 1.5 * len(bounds))
    out = [_svg_open(frame, label, legend_h)]
    shapes = []
    for k, rings in sorted(drawn.items()):
        cls = next(i for i, b in enumerate(bounds) if values[k] <= b)
        fill = SEQUENTIAL[cls + len(SEQUENTIAL) - len(bounds)]
        shapes.append((rings, fill, ngettext("{name}: {n} ordning", "{name}: {n} ordninger",
                                             values[k]).format(name=names.get(k, k),
                                                               n=number(values[k]))))
    out.extend(_shapes(frame, shapes, "0.4", grouped))
    if numbered:
        out.extend(_number_labels(frame, drawn, numbered))
    y = frame.height + fs * 1.2
    out.append(f'<text x="4" y="{y:.0f}" font-size="{fs:.0f}" font-weight="bold">'
               f'{escape(_("Antall ordninger per kommune"))}</text>')
    low = min(values[k] for k in drawn)
    for i, b in enumerate(bounds):
        fill = SEQUENTIAL[i + len(SEQUENTIAL) - len(bounds)]
        top = y + fs * (0.5 + 1.5 * i)
        start = low if i == 0 else bounds[i - 1] + 1
        text = f"{number(start)}–{number(b)}" if start != b else number(b)
        out.append(f'<rect x="4" y="{top:.0f}" width="{fs * 1.6:.0f}" height="{fs * 1.1:.0f}" '
                   f'fill="{fill}" stroke="#333" stroke-width="0.5"/><text x="{fs * 2.2 + 4:.0f}" '
                   f'y="{top + fs:.0f}" font-size="{fs:.0f}">{text}</text>')
    out.append("</svg>")
    return "".join(out), missing


def council_map(outlines: Outlines, council_of: Mapping[str, str], council_names: Mapping[str, str],
                scope: set[str], label: str, grouped: bool = False) -> str:
    """Municipalities of ``scope`` filled by council (pattern and grey), each council's name written
    at the middle of its members; municipalities in no council are left white. ``grouped`` draws
    for print (see :func:`_shapes`)."""
    drawn = {k: outlines.rings[k] for k in scope if k in outlines.rings}
    if not drawn:
        return ""
    frame = Frame.around([r for rings in drawn.values() for r in rings])
    fs = max(10.0, frame.height / 70)
    councils = sorted({council_of[k] for k in drawn if k in council_of})
    pattern = {cid: PATTERNS[i % len(PATTERNS)] for i, cid in enumerate(councils)}
    out = [_svg_open(frame, label, 0), "<defs>"]
    for pid, body, bg in PATTERNS:
        out.append(f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                   f'<rect width="6" height="6" fill="{bg}"/>{body}</pattern>')
    out.append("</defs>")
    shapes = []
    for k, rings in sorted(drawn.items()):
        cid = council_of.get(k)
        fill = f"url(#{pattern[cid][0]})" if cid else "#ffffff"
        council = council_names.get(cid, cid) if cid else _("ikke i regionråd")
        shapes.append((rings, fill, f"{outlines.names.get(k, k)}: {council}"))
    out.extend(_shapes(frame, shapes, "0.5", grouped))
    wanted = []
    for cid in councils:
        points = [label_point(drawn[k]) for k in drawn if council_of.get(k) == cid]
        x, y = frame.point(sum(p[0] for p in points) / len(points),
                           sum(p[1] for p in points) / len(points))
        name = council_names.get(cid, cid)
        wanted.append((x, y, 0.68 * fs * len(name) + fs * 0.6, fs * 1.35))
    # Neighbouring councils' names would cover each other: each plate is moved to a free place
    # near its council, with a line back to it when moved.
    places = place_labels(wanted, (WIDTH, frame.height))
    for cid, (x, y, w, h), (px, py, moved) in zip(councils, wanted, places, strict=True):
        name = council_names.get(cid, cid)
        if moved:
            out.append(f'<path d="M{x:.0f},{y:.0f}L{px:.0f},{py:.0f}" stroke="#333" '
                       'stroke-width="0.8"/>')
        # A white plate behind the name (paint-order halos are not supported by every renderer).
        out.append(f'<rect x="{px - w / 2:.0f}" y="{py - h / 2:.0f}" width="{w:.0f}" '
                   f'height="{h:.0f}" rx="{fs / 4:.0f}" fill="#fff" fill-opacity="0.9" '
                   f'stroke="#333" stroke-width="0.5"/>')
        out.append(f'<text x="{px:.0f}" y="{py + fs * 0.35:.0f}" font-size="{fs:.0f}" '
                   f'text-anchor="middle" font-weight="bold">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def _number_labels(frame: Frame, drawn: Mapping[str, list[list[tuple[int, int]]]],
                   numbered: Mapping[str, int]) -> list[str]:
    """Each municipality's key number on a small white plate at a point inside it; the largest
    are placed first, so small ones that would cover a neighbour's number move aside with a line
    to their own shape."""
    fs = max(9.0, frame.height / 95)
    order = sorted((k for k in drawn if k in numbered),
                   key=lambda k: -max(len(r) for r in drawn[k]))
    wanted = []
    for k in order:
        x, y = frame.point(*label_point(drawn[k]))
        wanted.append((x, y, 0.62 * fs * len(str(numbered[k])) + fs * 0.4, fs * 1.15))
    out = []
    for k, (x, y, w, h), (px, py, moved) in zip(
            order, wanted, place_labels(wanted, (WIDTH, frame.height)), strict=True):
        if moved:
            out.append(f'<path d="M{x:.1f},{y:.1f}L{px:.1f},{py:.1f}" stroke="#000" '
                       'stroke-width="0.6"/>')
        out.append(f'<rect x="{px - w / 2:.1f}" y="{py - h / 2:.1f}" width="{w:.1f}" '
                   f'height="{h:.1f}" fill="#fff" fill-opacity="0.85"/>'
                   f'<text x="{px:.1f}" y="{py + fs * 0.36:.1f}" font-size="{fs:.1f}" '
                   f'text-anchor="middle">{numbered[k]}</text>')
    return out
