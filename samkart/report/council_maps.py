"""A council map per county for the subregion section: each council's members filled with its
pattern, a number in a circle at the council's middle (moved apart until no two overlap) and a
legend below the map naming each number's council with its count, so nothing rests on a tooltip
(paper has none) or on names written over one another."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from samkart.reference import Outlines
from samkart.report.maps import PATTERNS, WIDTH, Frame, _shapes, _svg_open, centroid

LEGEND_LINE = 26.0  # height of a legend line in the SVG's units


def numbered_council_map(outlines: Outlines, council_of: Mapping[str, str],
                         legend: list[tuple[str, str]], scope: set[str], label: str,
                         grouped: bool = False, prefix: str = "rad") -> str:
    """Municipalities of ``scope`` filled by council; ``legend`` is (council id, text) in the
    order numbered 1, 2, …; councils not in it are drawn white. ``prefix`` makes the pattern ids
    unique in a page with several maps."""
    drawn = {k: outlines.rings[k] for k in scope if k in outlines.rings}
    order = [cid for cid, _ in legend if any(council_of.get(k) == cid for k in drawn)]
    if not drawn or not order:
        return ""
    frame = Frame.around([r for rings in drawn.values() for r in rings])
    # A tall county (Nordland) is drawn small on the page: markers and legend grow with the
    # drawing's height so they print at about the same size as the body text.
    unit = max(1.0, frame.height / 650)
    # The legend's lines must fit the width: its size is the markers' unless a long name needs
    # less (about 0.62 em a character).
    texts = dict(legend)
    longest = max(len(f"{len(order)} {texts[c]}") for c in order)
    lunit = min(unit, (WIDTH - 16) / (24 + 0.62 * 13 * longest))
    line = LEGEND_LINE * lunit
    # One council a line: names run up to fifty characters ("Nordmøre interkommunale politiske
    # råd (ORKidé)"), too long for two columns.
    rows = len(order)
    extra = rows * line + 16 * lunit
    pattern = {cid: (f"{prefix}-{PATTERNS[i % len(PATTERNS)][0]}",)
               for i, cid in enumerate(order)}
    out = [_svg_open(frame, label, extra), "<defs>"]
    for pid, body, bg in PATTERNS:
        out.append(f'<pattern id="{prefix}-{pid}" width="6" height="6" '
                   'patternUnits="userSpaceOnUse">'
                   f'<rect width="6" height="6" fill="{bg}"/>{body}</pattern>')
    out.append("</defs>")
    shapes = []
    for k, rings in sorted(drawn.items()):
        cid = council_of.get(k)
        fill = f"url(#{pattern[cid][0]})" if cid in pattern else "#ffffff"
        text = texts.get(cid, "ingen") if cid is not None else "ingen"
        shapes.append((rings, fill, f"{outlines.names.get(k, k)}: {text}"))
    out.extend(_shapes(frame, shapes, "0.5", grouped))
    r = 11.0 * unit
    spots = []
    for cid in order:
        points = [centroid(drawn[k]) for k in sorted(drawn) if council_of.get(k) == cid]
        mx = sum(p[0] for p in points) / len(points)
        my = sum(p[1] for p in points) / len(points)
        # On the member nearest the council's middle: the middle of a council in two parts
        # (across a fjord) can lie in another council.
        near = min(points, key=lambda p: (p[0] - mx) ** 2 + (p[1] - my) ** 2)
        spots.append(list(frame.point(*near)))
    _spread(spots, 2 * r + 2, frame.height)
    for i, (x, y) in enumerate(spots, start=1):
        out.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="{r:.0f}" fill="#fff" stroke="#222" '
                   f'stroke-width="{unit:.1f}"/><text x="{x:.0f}" y="{y + 4.5 * unit:.0f}" '
                   f'font-size="{13 * unit:.0f}" text-anchor="middle" '
                   f'font-weight="bold">{i}</text>')
    top = frame.height + 12 * lunit
    for i, cid in enumerate(order):
        x = 8.0
        y = top + i * line
        out.append(f'<rect x="{x:.0f}" y="{y:.0f}" width="{18 * lunit:.0f}" '
                   f'height="{18 * lunit:.0f}" fill="url(#{pattern[cid][0]})" stroke="#333" '
                   f'stroke-width="0.6"/><text x="{x + 24 * lunit:.0f}" '
                   f'y="{y + 14 * lunit:.0f}" font-size="{13 * lunit:.0f}">'
                   f'<tspan font-weight="bold">{i + 1}</tspan> {escape(texts[cid])}</text>')
    out.append("</svg>")
    return "".join(out)


def _spread(spots: list[list[float]], gap: float, height: float) -> None:
    """Push the markers apart until each pair is at least ``gap`` apart (a few rounds of pairwise
    pushes; markers stay on the map)."""
    for _ in range(200):
        moved = False
        for i in range(len(spots)):
            for j in range(i + 1, len(spots)):
                a, b = spots[i], spots[j]
                dx, dy = b[0] - a[0], b[1] - a[1]
                d = (dx * dx + dy * dy) ** 0.5
                if d >= gap:
                    continue
                moved = True
                if d == 0:
                    dx, dy, d = 0.0, 1.0, 1.0
                push = (gap - d) / 2 + 0.5
                a[0] -= dx / d * push
                a[1] -= dy / d * push
                b[0] += dx / d * push
                b[1] += dy / d * push
        for p in spots:
            p[0] = min(max(p[0], gap / 2), WIDTH - gap / 2)
            p[1] = min(max(p[1], gap / 2), height - gap / 2)
        if not moved:
            return
