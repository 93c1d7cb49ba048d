"""The cooperation network of one county as an inline SVG, and the data its page script needs.

No Django here (only the analyses, the reference outlines and the report's map helpers), so the
report can draw the same figure. Each municipality sits at the middle of its own outline on the
bundled map, so the picture reads as a map; municipalities the map lacks (an own ``kommuner`` table,
or numbers of another map year) are placed by a seeded spring layout beside their partners.

Readable in print and in grey: ties are dark lines whose *width* carries the number of shared
arrangements; regions are told apart by the node's *shape* and grey level and named in a legend,
never by colour alone. Every municipality is a link (to its row in the page's text table, so the
figure works without script), with its name, region and number of partners as its accessible name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

from samkart.analysis.network import Network, SharedArrangement
from samkart.analysis.regions import Regions
from samkart.i18n import gettext, ngettext
from samkart.reference import Outlines
from samkart.report.maps import centroid, place_labels

WIDTH = 640.0
RADIUS = 8.0
# (shape, fill): grey levels from light to dark with a dark outline, so shapes and fills both
# survive greyscale print; the text beside a node is always black on white.
STYLES = (
    ("circle", "#ffffff"), ("square", "#9a9a9a"), ("triangle", "#d9d9d9"), ("diamond", "#5a5a5a"),
    ("circle", "#5a5a5a"), ("square", "#ffffff"), ("triangle", "#7a7a7a"), ("diamond", "#d9d9d9"),
)


def positions(network: Network, drawn: list[str], outlines: Outlines) -> dict[str, tuple[float, float]]:
    """SVG coordinates of ``drawn`` (width :data:`WIDTH`, y down): the map position where the
    outline is known, else a seeded spring layout among the known ones."""
    known = {k: centroid(outlines.rings[k]) for k in drawn if k in outlines.rings}
    unknown = [k for k in drawn if k not in known]
    points: dict[str, tuple[float, float]] = dict(known)
    if unknown:
        import networkx as nx

        graph = network.graph().subgraph(drawn)
        if known:
            xs = [p[0] for p in known.values()]
            ys = [p[1] for p in known.values()]
            span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
            start = {k: ((x - min(xs)) / span, (y - min(ys)) / span) for k, (x, y) in known.items()}
            layout = nx.spring_layout(graph, pos=start, fixed=list(start) or None, seed=1,
                                      weight="weight")
            points.update({k: (min(xs) + layout[k][0] * span, min(ys) + layout[k][1] * span)
                           for k in unknown})
        else:
            layout = nx.spring_layout(graph, seed=1, weight="weight")
            points = {k: (float(x), float(y)) for k, (x, y) in layout.items()}
    xs = [p[0] for p in points.values()]
    ys = [p[1] for p in points.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    margin = 60.0
    scale = (WIDTH - 2 * margin) / span
    # north up: the map's y grows northwards, the SVG's downwards
    return {k: (margin + (x - min(xs)) * scale, margin + (max(ys) - y) * scale)
            for k, (x, y) in points.items()}


def _shape(kind: str, x: float, y: float, fill: str, r: float = RADIUS) -> str:
    style = f'fill="{fill}" stroke="#000" stroke-width="1.4"'
    if kind == "square":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" '
                f'height="{2 * r:.1f}" {style}/>')
    if kind == "triangle":
        h = r * 1.2
        return (f'<polygon points="{x:.1f},{y - h:.1f} {x - h:.1f},{y + r * 0.8:.1f} '
                f'{x + h:.1f},{y + r * 0.8:.1f}" {style}/>')
    if kind == "diamond":
        h = r * 1.25
        return (f'<polygon points="{x:.1f},{y - h:.1f} {x + h:.1f},{y:.1f} {x:.1f},{y + h:.1f} '
                f'{x - h:.1f},{y:.1f}" {style}/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/>'


def _label_places(drawn: list[str], at: Mapping[str, tuple[float, float]],
                  names: Mapping[str, str], fs: float,
                  bottom: float) -> dict[str, tuple[float, float, bool]]:
    """Where each municipality's name goes: under its node when free, else moved aside (with a
    leader line: True) so that no name covers another or a node. Nodes with the longest names
    are placed first, as they have the fewest free places."""
    order = sorted(drawn, key=lambda k: (-len(names[k]), names[k]))
    nodes = [(x - RADIUS - 2, y - RADIUS - 2, x + RADIUS + 2, y + RADIUS + 2)
             for x, y in (at[k] for k in drawn)]
    # Just under the node, clear of its box (and of _overlaps' gap of 1).
    wanted = [(at[k][0], at[k][1] + RADIUS + 0.6 * fs + 3.5, 0.6 * fs * len(names[k]) + 4, fs * 1.2)
              for k in order]
    places = place_labels(wanted, (WIDTH, bottom), obstacles=nodes)
    return {k: place for k, place in zip(order, places, strict=True)}


def region_styles(region_numbers: list[int]) -> dict[int, tuple[str, str]]:
    """A shape and grey for each region shown, in the order given."""
    return {r: STYLES[i % len(STYLES)] for i, r in enumerate(region_numbers)}


def network_svg(network: Network, regions: Regions, drawn: list[str], names: Mapping[str, str],
                region_names: Mapping[int, str], outlines: Outlines, label: str,
                link_prefix: str | None = "#kommune-", min_weight: int = 1) -> str:
    """The ties among ``drawn`` (a county's municipalities in the network) as an SVG. Each node
    links to ``link_prefix`` + its number; with None (print) nodes are not links. Pairs sharing
    fewer than ``min_weight`` arrangements are not drawn (a dense county on paper), and the legend
    says so."""
    if not drawn:
        return ""
    at = positions(network, drawn, outlines)
    inside = set(drawn)
    ties = sorted(((a, b, w) for (a, b), w in network.weights.items()
                   if a in inside and b in inside and w >= min_weight), key=lambda t: t[2])
    heaviest = max((w for _, _, w in ties), default=1)
    shown = sorted({regions.members[k].region for k in drawn})
    styles = region_styles(shown)
    fs = 14.0
    legend_rows = math.ceil(len(shown) / 2)
    height = max(y for _, y in at.values()) + 50 + fs + fs * 1.8 * (legend_rows + 3)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="network" role="group" '
           f'aria-label="{escape(label)}" viewBox="0 0 {WIDTH:.0f} {height:.0f}">',
           '<g class="ties">']
    for a, b, w in ties:
        (x1, y1), (x2, y2) = at[a], at[b]
        width = 0.6 + 5.4 * w / heaviest
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                   f'stroke="#222" stroke-opacity="0.35" stroke-width="{width:.2f}" '
                   f'data-a="{a}" data-b="{b}"><title>{escape(names[a])}–{escape(names[b])}: '
                   f'{w}</title></line>')
    out.append('</g><g class="nodes">')
    # Names stay above the legend, which starts 40 + fs units under the lowest node.
    labels = _label_places(drawn, at, names, fs, max(y for _, y in at.values()) + 34)
    for k in sorted(drawn, key=lambda k: names[k]):
        x, y = at[k]
        m = regions.members[k]
        shape, fill = styles[m.region]
        partners = len(network.adjacency[k])
        text = (ngettext("{name}: {region}, {n} partner", "{name}: {region}, {n} partnere",
                         partners).format(name=names[k], region=region_names[m.region], n=partners)
                + (gettext(", vippekommune") if m.vippekommune else ""))
        # a swing municipality gets a second, dashed ring: visible in grey as well
        ring = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS + 4:.1f}" fill="none" '
                f'stroke="#000" stroke-width="1.2" stroke-dasharray="3 2"/>'
                if m.vippekommune else "")
        lx, ly, moved = labels[k]
        leader = (f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{lx:.1f}" y2="{ly:.1f}" stroke="#000" '
                  'stroke-width="0.6"/>' if moved else "")
        node = (f'{leader}{ring}{_shape(shape, x, y, fill)}<text x="{lx:.1f}" '
                f'y="{ly + fs * 0.35:.1f}" font-size="{fs:.0f}" '
                f'text-anchor="middle">{escape(names[k])}</text>')
        if link_prefix is None:
            out.append(f'<g class="node"><title>{escape(text)}</title>{node}</g>')
        else:
            out.append(f'<a href="{link_prefix}{k}" class="node" data-k="{k}" '
                       f'aria-label="{escape(text)}">{node}</a>')
    out.append("</g>")
    top = max(y for _, y in at.values()) + 40 + fs
    out.append(f'<g class="legend" aria-hidden="true"><text x="8" y="{top:.0f}" '
               f'font-size="{fs + 1:.0f}" font-weight="bold">'
               f'{escape(gettext("Funksjonelle regioner"))}</text>')
    for i, r in enumerate(shown):
        col, row = i % 2, i // 2
        x = 14 + col * WIDTH / 2
        y = top + fs * 1.8 * (row + 1)
        shape, fill = styles[r]
        out.append(_shape(shape, x, y - fs / 3, fill, RADIUS - 1))
        out.append(f'<text x="{x + 14:.0f}" y="{y:.0f}" font-size="{fs:.0f}">'
                   f'{escape(region_names[r])}</text>')
    y = top + fs * 1.8 * (legend_rows + 1)
    out.append(f'<circle cx="14" cy="{y - fs / 3:.1f}" r="{RADIUS + 2:.0f}" fill="none" '
               f'stroke="#000" stroke-dasharray="3 2"/><text x="28" y="{y:.0f}" '
               f'font-size="{fs:.0f}">'
               + escape(gettext("vippekommune; strekens tykkelse: antall felles ordninger "
                                "(høyst {most})").format(most=heaviest)) + '</text>')
    if min_weight > 1:
        out.append(f'<text x="28" y="{y + fs * 1.6:.0f}" font-size="{fs:.0f}">'
                   + escape(gettext("par med færre enn {n} felles ordninger er ikke tegnet")
                            .format(n=min_weight)) + '</text>')
    out.append('</g>')
    out.append("</svg>")
    return "".join(out)


def panel_data(network: Network, regions: Regions, drawn: list[str], names: Mapping[str, str],
               region_names: Mapping[int, str], council_names: Mapping[str, str],
               county_names: Mapping[str, str],
               shared: Mapping[tuple[str, str], list[SharedArrangement]]) -> dict:
    """What the page script shows when a municipality is chosen: its region and council, and
    each partner (in the county or not) with the arrangements they share. Arrangements are listed
    once and referred to by index, so the page stays small."""
    arrangements: dict[str, int] = {}
    listed: list[list[str]] = []
    municipalities: dict[str, dict] = {}
    for k in drawn:
        m = regions.members[k]
        partners = []
        for p, w in sorted(network.adjacency[k].items(), key=lambda pw: (-pw[1], names[pw[0]])):
            refs = []
            for a in shared.get((min(k, p), max(k, p)), ()):
                if a.id not in arrangements:
                    arrangements[a.id] = len(listed)
                    listed.append([a.id, a.navn])
                refs.append(arrangements[a.id])
            partners.append([p, w, refs])
        municipalities[k] = {
            "region": region_names[m.region],
            "council": council_names.get(m.regionrad, "") if m.regionrad else "",
            "swing": m.vippekommune,
            "partners": partners,
        }
    others = {p for k in drawn for p in network.adjacency[k]} - set(drawn)
    return {"municipalities": municipalities, "names": {k: names[k] for k in set(drawn) | others},
            "counties": dict(county_names), "arrangements": listed}
