"""The report's A4 PDF, laid out in pieces on all cores.

WeasyPrint lays out some five A4 pages a second in one thread, so a national report of sixty pages
would take most of the ten-second budget on its own. The report is cut where a page starts anyway
(a chapter; a section or block marked ``new_page``: the maps, each county's list, the profile)
into one piece per core, of about equal work, and each piece is laid out in its own process; the
pages come out exactly as in one run. What ties pages across pieces is put back afterwards:

* **page numbers** – the pieces are laid out without the footer; a document of blank pages that
  carry only the footer ("Side X av N", from the same ``@page`` rules) is laid over the result;
* **the table of contents** – the cover and contents are laid out last, with the page numbers the
  pieces report for their anchors written in, and each entry is made a link to its page;
* **outline and metadata** – the outline is rebuilt from the chapters and sections; the cover's
  title and language are the document's.

The processes are those of :class:`samkart.report.workers.Workers`; what they run (WeasyPrint's
layout of a piece, of the cover and contents, of the footers) is in ``layout.py``. With one core,
or a report of one piece, the whole HTML is laid out in one go
(:func:`samkart.report.layout.render_pdf`). ``tests/report/test_pdf.py`` checks that both give the
same pages.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from samkart import i18n
from samkart.i18n import gettext as _
from samkart.report.document import (
    Block,
    Chapter,
    FigureBlock,
    Paragraph,
    Report,
    Section,
    TableBlock,
    runs_on,
)
from samkart.report.layout import Piece, lay_out, lay_out_front, render_pdf, stamp_pages
from samkart.report.render import list_entries, render_html, render_part, report_css
from samkart.report.workers import Workers

if TYPE_CHECKING:
    import pikepdf

# Pieces leave the page number to the overlay; a piece's first page is a chapter's first page and
# keeps its running head (the report's first page, the cover, has none).
PIECE_CSS = ("@page { @bottom-center { content: none; } } "
             "@page :first { @top-right { content: string(chapter); } }")
FRONT_CSS = "@page { @bottom-center { content: none; } }"
PX_TO_PT = 0.75  # WeasyPrint measures in CSS pixels (1/96 in), PDF in points (1/72 in)


def write_pdf(report: Report, target: Path, workers: Workers | int | None = None) -> None:
    """Write the report's PDF to ``target``, laid out by ``workers`` (a running pool, or how many
    processes to start; default: one per core)."""
    if not isinstance(workers, Workers):
        with Workers(workers) as pool:
            write_pdf(report, target, pool)
        return
    groups = split(report, workers.count)
    if not workers.parallel or len(groups) < 2:
        render_pdf(render_html(report, for_print=True), target)
        return
    last = len(groups) - 1
    futures = [workers.submit(lay_out, render_part(report, front=False, chapters=g,
                                                   back=i == last, part_css=PIECE_CSS))
               for i, g in enumerate(groups)]
    # How many pages the cover and contents take does not hang on the page numbers, so a free
    # process finds out meanwhile, with placeholders of the same width.
    placeholders = {name: 999 for name in _toc_anchors(report)}
    front = workers.submit(lay_out_front, _front_html(report, placeholders))
    pieces = [f.result() for f in futures]
    front_pages = front.result()[1]
    for _attempt in range(3):  # the contents could take another page once the numbers are in
        anchors = _place(pieces, front_pages)
        numbers = {n: anchors[n][0] + 1 for n in _toc_anchors(report) if n in anchors}
        front = workers.submit(lay_out_front, _front_html(report, numbers))
        stamp = workers.submit(stamp_pages, front_pages + sum(p.pages for p in pieces),
                               report_css(), i18n.get_language())
        front_pdf, pages, links = front.result()
        if pages == front_pages:
            break
        front_pages = pages
    else:  # the numbers kept moving the contents across a page: lay it all out in one go
        render_pdf(render_html(report, for_print=True), target)
        return
    target.write_bytes(assemble(report, pieces, front_pdf, links, stamp.result(), anchors))


def _place(pieces: Sequence[Piece], front_pages: int) -> dict[str, tuple[int, float, float]]:
    """Anchor -> (page in the whole PDF, x, y), the first place each anchor occurs."""
    anchors: dict[str, tuple[int, float, float]] = {}
    offset = front_pages
    for piece in pieces:
        for name, (page, x, y) in piece.anchors.items():
            anchors.setdefault(name, (offset + page, x, y))
        offset += piece.pages
    return anchors


def assemble(report: Report, pieces: Sequence[Piece], front: bytes,
             links: list[tuple[int, str, tuple[float, ...]]], stamp: bytes,
             anchors: dict[str, tuple[int, float, float]]) -> bytes:
    """The whole PDF: the cover and contents (``front``, with its internal ``links``), then the
    pieces, with the footers of ``stamp`` laid over, the contents' entries linked to the
    ``anchors`` and the outline rebuilt."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(front))  # its metadata and language are the document's
    sources = [pikepdf.open(io.BytesIO(piece.pdf)) for piece in pieces]
    for source in sources:
        first = len(pdf.pages)
        pdf.pages.extend(source.pages)
        _join_structure(pdf, source, pdf.pages[first:])
    _share_fonts(pdf)
    overlays = pikepdf.open(io.BytesIO(stamp))
    for page, overlay in zip(pdf.pages, overlays.pages, strict=True):
        # rect=None (the whole page) is the default, but pikepdf's stub declares no default.
        page.add_overlay(overlay, None)
        _mark_last_content_as_artifact(pdf, page)
    height = float(pdf.pages[0].mediabox[3])
    titles = {name: title for name, title in _toc_titles(report)}

    def place(name: str) -> tuple[int, float]:
        page, _, y = anchors[name]
        return page, height - y * PX_TO_PT

    # The entries of the contents and of the lists of tables and figures are Link elements in
    # the front's structure tree already; each new link annotation is hung on its entry's
    # element (by order: the front's links and Link elements run in the order of its entries,
    # which is _toc_anchors'), so that assistive technology finds the link with its text.
    elements = _front_link_elements(pdf, len(pdf.pages) - sum(p.pages for p in pieces))
    names = [name for i, (_p, name, _r) in enumerate(links)
             if i == 0 or links[i - 1][1] != name]
    element_of = (dict(zip(names, elements, strict=True))
                  if names == _toc_anchors(report) and len(names) == len(elements) else {})
    for page_index, name, (x, y, w, h) in links:
        if name not in anchors:
            continue
        target, top = place(name)
        link = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Border=[0, 0, 0],
            Contents=pikepdf.String(titles.get(name, name)),
            Rect=[x * PX_TO_PT, height - (y + h) * PX_TO_PT, (x + w) * PX_TO_PT,
                  height - y * PX_TO_PT],
            Dest=[pdf.pages[target].obj, pikepdf.Name.XYZ, 0, top, 0]))
        page_obj = pdf.pages[page_index].obj
        if "/Annots" not in page_obj:
            page_obj.Annots = pdf.make_indirect(pikepdf.Array())
        page_obj.Annots.append(link)
        if name in element_of:
            _tag_link(pdf, link, page_obj, element_of[name])
    with pdf.open_outline() as outline:
        # The same tree WeasyPrint makes of the headings: contents, chapters, their sections.
        outline.root.clear()
        outline.root.append(pikepdf.OutlineItem(_("Innhold"), min(1, len(pdf.pages) - 1)))
        for ch in report.chapters:
            if ch.id not in anchors:
                continue
            page_no, top = place(ch.id)
            item = pikepdf.OutlineItem(f"{ch.number} {ch.title}", page_no, "XYZ", top=top)
            for section in ch.sections:
                name = _section_anchor(ch, section)
                if name in anchors:
                    page_no, top = place(name)
                    item.children.append(pikepdf.OutlineItem(f"{section.number} {section.title}",
                                                             page_no, "XYZ", top=top))
            outline.root.append(item)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _join_structure(pdf: pikepdf.Pdf, source: pikepdf.Pdf, pages: Sequence[pikepdf.Page]) -> None:
    """Carry a piece's tags (its structure tree, ``pdf_tags``) over to the whole document: its
    elements go under the document's, in reading order, and its marked-content keys (``/StructParents``
    of pages, ``/StructParent`` of annotations, the parent tree's numbers) move past those in use.
    The pages were copied before, so the copied elements' ``/Pg`` point at the pages in ``pdf``
    (pikepdf copies each object of one source once)."""
    import pikepdf

    if "/StructTreeRoot" not in source.Root or "/StructTreeRoot" not in pdf.Root:
        return
    root = pdf.Root.StructTreeRoot
    theirs = source.Root.StructTreeRoot
    nums = root.ParentTree.Nums
    offset = int(root.get("/ParentTreeNextKey", 0))
    offset = max(offset, max((int(nums[i]) + 1 for i in range(0, len(nums), 2)), default=0))
    copied = _copy(pdf, theirs.ParentTree.Nums)
    for i in range(0, len(copied), 2):
        nums.append(int(copied[i]) + offset)
        nums.append(copied[i + 1])
    highest = max((int(copied[i]) for i in range(0, len(copied), 2)), default=-1)
    root.ParentTreeNextKey = offset + highest + 1
    for page in pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annot in page.obj.get("/Annots", []):
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + offset
    # Both trees are a Document element (WeasyPrint's); the piece's children join the
    # document's, their parent becoming it.
    ours = _document_element(root)
    for element in _copy(pdf, _document_element(theirs).K):
        if isinstance(element, pikepdf.Dictionary):
            element.P = ours
        ours.K.append(element)


def _front_link_elements(pdf: pikepdf.Pdf, front_pages: int) -> list[pikepdf.Object]:
    """The entries' Link elements of the structure tree on the front pages (cover, contents,
    lists of tables and figures), in reading order, one per entry: WeasyPrint makes a Link
    element for each line an entry's link runs over (all under the entry's list item), and
    nests more Link elements in it for the page number; the first line's element stands for
    the entry."""
    import pikepdf

    if "/StructTreeRoot" not in pdf.Root:
        return []
    front = {pdf.pages[i].obj.objgen for i in range(front_pages)}
    found: list[pikepdf.Object] = []

    def walk(element: pikepdf.Object | None) -> None:  # None: a missing /K
        if not isinstance(element, pikepdf.Dictionary):
            return
        if element.get("/S") == "/Link" and "/Pg" in element and element.Pg.objgen in front:
            # A further line of the entry before has the same parent (its LBody).
            if not (found and "/P" in element and "/P" in found[-1]
                    and element.P.objgen == found[-1].P.objgen):
                found.append(element)
            return
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def _tag_link(pdf: pikepdf.Pdf, link: pikepdf.Object, page: pikepdf.Object,
              element: pikepdf.Object) -> None:
    """Make the annotation ``link`` part of the Link ``element`` (an object reference in its
    kids, and a parent tree entry pointing back)."""
    import pikepdf

    root = pdf.Root.StructTreeRoot
    key = int(root.get("/ParentTreeNextKey", 0))
    nums = root.ParentTree.Nums
    key = max(key, max((int(nums[i]) + 1 for i in range(0, len(nums), 2)), default=0))
    link.StructParent = key
    nums.append(key)
    nums.append(element)
    root.ParentTreeNextKey = key + 1
    kids = element.get("/K")
    if not isinstance(kids, pikepdf.Array):
        element.K = kids = pikepdf.Array([] if kids is None else [kids])
    kids.append(pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=link, Pg=page))
    page.Tabs = pikepdf.Name.S  # tab through annotations in structure order


def _copy(pdf: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` of another PDF in ``pdf``: indirect objects copied (once per source), direct
    arrays and dictionaries rebuilt around them (pikepdf copies only indirect objects)."""
    import pikepdf

    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return pdf.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(pdf, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(pdf, value) for key, value in obj.items()})
    return obj


def _document_element(root: pikepdf.Object) -> pikepdf.Object:
    import pikepdf

    kids = root.K
    return kids[0] if isinstance(kids, pikepdf.Array) else kids


def _mark_last_content_as_artifact(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """The footer just laid over a page ("Side 3 av 40") is page furniture: marked as an
    artifact, so that a screen reader does not read it as part of the text."""
    import pikepdf

    contents = page.obj.Contents
    if not isinstance(contents, pikepdf.Array):
        return
    last = contents[len(contents) - 1]
    contents[len(contents) - 1] = pdf.make_stream(
        b"/Artifact BMC\n" + last.read_bytes() + b"\nEMC\n")


def _toc_titles(report: Report) -> list[tuple[str, str]]:
    """The front's entries in order as (anchor, the entry's text): the text is what the entry's
    link says (``/Contents``) to a reader who cannot see it."""
    contents = [(name, title) for ch in report.chapters
                for name, title in ((ch.id, f"{ch.number} {ch.title}"),
                                    *((_section_anchor(ch, s), f"{s.number} {s.title}")
                                      for s in ch.sections))]
    lists = [(name, f"{number} {text}") for entries in list_entries(report).values()
             for name, number, text in entries]
    return contents + lists


def _share_fonts(pdf: pikepdf.Pdf) -> None:
    """Point every piece's copy of an embedded font file at one copy (each piece embeds the whole
    fonts, byte for byte the same)."""
    import hashlib

    import pikepdf

    seen: dict[tuple[str, bytes], pikepdf.Object] = {}
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != pikepdf.Name.FontDescriptor:
            continue
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            stream = obj.get(key)
            if stream is None:
                continue
            digest = hashlib.sha256(stream.read_raw_bytes()).digest()
            first = seen.setdefault((key, digest), stream)
            if first.objgen != stream.objgen:
                obj[key] = first


# A place in the report: (chapter, section, block); section -1 is the chapter's heading and
# introduction, block -1 a section's heading.
Item = tuple[int, int, int]


def split(report: Report, parts: int) -> list[list[Chapter]]:
    """Cut the report, in order, into at most ``parts`` pieces of about equal layout work (the
    piece with the most work as small as it can be), at places where a page starts anyway: a
    chapter, or a section or block marked ``new_page``. Each piece is a list of chapters holding
    only its sections and blocks, marked ``continued`` where the heading is in an earlier piece."""
    segments: list[list[Item]] = []
    costs: list[float] = []
    for item, starts, cost in _items(report):
        if starts or not segments:
            segments.append([])
            costs.append(0.0)
        segments[-1].append(item)
        costs[-1] += cost
    groups = _partition(costs, parts)
    return [_subset(report, [i for seg in segments[a:b] for i in seg]) for a, b in groups]


def _items(report: Report):
    """(item, whether a page starts there, estimated layout work in ms) in reading order. The
    estimates were measured on a national report: a printed table cell ~1.1 ms, a figure ~0.1 s
    plus 1 ms per thousand characters of SVG, a paragraph ~1 ms per hundred characters."""
    for ci, chapter in enumerate(report.chapters):
        # A short chapter follows the one before it on its page: no place to cut there.
        yield (ci, -1, -1), not runs_on(chapter), 20 + len(chapter.intro) / 50
        for si, section in enumerate(chapter.sections):
            yield (ci, si, -1), section.new_page, 5.0
            for bi, block in enumerate(section.blocks):
                yield (ci, si, bi), getattr(block, "new_page", False), _block_cost(block)


def _block_cost(block: Block) -> float:
    if isinstance(block, TableBlock):
        rows = len(block.table.rows)
        if block.print_limit:
            rows = min(rows, block.print_limit)
        return 10 + 1.1 * rows * (len(block.columns()) + 1)  # + 1: the caption and rules
    if isinstance(block, FigureBlock):
        return 100 + len(block.print_svg or block.svg) / 1000
    # str(): a paragraph's text is a str once the report is numbered (as runs_on counts it).
    return 2 + len(str(block.text) if isinstance(block, Paragraph) else block.html) / 100


def _partition(costs: list[float], parts: int) -> list[tuple[int, int]]:
    """Contiguous runs ``[a, b)`` of ``costs`` in ``parts`` groups minimising the largest sum
    (the linear partition problem, by dynamic programming)."""
    n = len(costs)
    parts = min(parts, n)
    if parts <= 1:
        return [(0, n)] if n else []
    prefix = list(itertools.accumulate(costs, initial=0.0))
    inf = float("inf")
    # best[k][i]: the smallest largest sum of the first i costs in k groups; cut[k][i] its last cut
    best = [[inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                value = max(best[k - 1][j], prefix[i] - prefix[j])
                if value < best[k][i]:
                    best[k][i], cut[k][i] = value, j
    runs = []
    i = n
    for k in range(parts, 0, -1):
        runs.append((cut[k][i], i))
        i = cut[k][i]
    return [r for r in reversed(runs) if r[0] < r[1]]


def _without_break(block: Block) -> Block:
    """The block without its page break. A piece starts at a block only where the block starts a
    page (``new_page``), which only figures and tables have."""
    if isinstance(block, (FigureBlock, TableBlock)):
        return replace(block, new_page=False)
    return block


def _subset(report: Report, items: list[Item]) -> list[Chapter]:
    """The chapters, sections and blocks of ``items``, as copies. The piece's first page is new
    anyway; a break asked before its first section or block would leave a blank page."""
    chapters: list[Chapter] = []
    present = set(items)
    first = items[0]
    for ci in sorted({i[0] for i in items}):
        chapter = report.chapters[ci]
        sections = []
        for si in sorted({i[1] for i in items if i[0] == ci and i[1] >= 0}):
            section = chapter.sections[si]
            blocks = [_without_break(section.blocks[bi]) if (c, s, bi) == first
                      else section.blocks[bi]
                      for c, s, bi in items if (c, s) == (ci, si) and bi >= 0]
            sections.append(replace(section, blocks=blocks,
                                    continued=(ci, si, -1) not in present,
                                    new_page=section.new_page and (ci, si, -1) != first))
        chapters.append(replace(chapter, sections=sections,
                                continued=(ci, -1, -1) not in present))
    return chapters


def _toc_anchors(report: Report) -> list[str]:
    """The anchors the front pages give page numbers for, in the front's order: chapters and
    sections (the contents), then the tables, then the figures (the lists of tables and
    figures). The order is the order of the front's links and Link elements (``assemble``)."""
    return [name for name, _title in _toc_titles(report)]


def _section_anchor(chapter: Chapter, section: Section) -> str:
    return f"{chapter.id}-{section.id}"  # the id report.html gives a section


def _front_html(report: Report, numbers: dict[str, int]) -> str:
    return render_part(report, front=True, chapters=[], back=False, toc_pages=numbers,
                       part_css=FRONT_CSS)
