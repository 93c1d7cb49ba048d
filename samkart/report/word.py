"""The report as a Word document (``rapport.docx``, python-docx), for an office that finishes
reports in its own template: the same chapters, sections, texts, tables and figures as the HTML
and the PDF, written with Word's own styles (Title, Heading 1-2, Caption, a table style, and three
named paragraph styles of samkart's: "Merknad", "Kilde" and "Liten tekst"), so that applying
another template restyles all of it. Headings carry their numbers as text, as the references in the
text do ("se tabell 2.3").

* tables have a header row that repeats on every page, every row of the register (no print cut),
  numeric columns aligned right;
* figures are PNG pictures (drawn from the report's SVG with CairoSVG) with the caption and
  description as their alternative text;
* the contents are a Word TOC field, filled in when the document is opened (Word asks to update
  fields; LibreOffice updates on its own);
* the report profile's publisher, logo and colour (``profile.py``) are on the cover and in the
  headings.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from samkart import i18n
from samkart.i18n import gettext as _
from samkart.report.document import Chapter, FigureBlock, Paragraph, Report, TableBlock

if TYPE_CHECKING:
    from docx.document import Document

FIGURE_WIDTH_CM = 16.0  # A4 less Word's default margins (2.5 cm each side)
PNG_WIDTH = 1400  # pixels across a figure: about 220 dpi at the width above
LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}


def svg_to_png(svg: str, width: int = PNG_WIDTH) -> bytes:
    """A figure's SVG as a PNG ``width`` pixels wide on white (runs in a worker process)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width,
                            background_color="white")


def figures_as_png(report: Report, submit: Callable | None = None) -> dict[int, bytes]:
    """Every figure of the report as PNG, by ``id`` of its block; ``submit`` (a
    :meth:`~samkart.report.workers.Workers.submit`) draws them in parallel."""
    figures = [b for ch in report.chapters for s in ch.sections for b in s.blocks
               if isinstance(b, FigureBlock) and (b.print_svg or b.svg)]
    if submit is None:
        return {id(f): svg_to_png(f.print_svg or f.svg) for f in figures}
    futures = {id(f): submit(svg_to_png, f.print_svg or f.svg) for f in figures}
    return {key: future.result() for key, future in futures.items()}


def write_docx(report: Report, target: Path, pngs: dict[int, bytes] | None = None) -> None:
    """Write the report as ``target`` (.docx); ``pngs`` are the figures drawn beforehand
    (:func:`figures_as_png`), else they are drawn here."""
    from docx import Document as new_document

    if pngs is None:
        pngs = figures_as_png(report)
    doc = new_document()
    _styles(doc, report)
    _cover(doc, report)
    _contents(doc)
    for chapter in report.chapters:
        _chapter(doc, chapter, pngs)
    doc.add_paragraph(_("Metoden følger NIVI Analyses kartlegginger av formalisert "
                        "interkommunalt samarbeid. Kart: kommunegrenser fra Kartverket. Laget med "
                        "samkart."), style="Kilde")
    doc.save(str(target))


def _styles(doc: Document, report: Report) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    props = doc.core_properties
    props.title = report.title
    props.subject = report.subtitle
    props.author = report.profile.publisher if report.profile and report.profile.publisher \
        else "samkart"
    language = LANGUAGE_TAGS.get(i18n.get_language(), "nb-NO")
    props.language = language
    # The language of the text (spelling, hyphenation, screen readers), on the base style.
    normal = doc.styles["Normal"]
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    rpr.append(lang)
    colour = report.profile.colour if report.profile and report.profile.colour else ""
    if colour:
        for name in ("Title", "Heading 1", "Heading 2"):
            doc.styles[name].font.color.rgb = RGBColor.from_string(colour[1:].upper())
    styles = doc.styles
    note = styles.add_style("Merknad", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.italic = True
    note.paragraph_format.left_indent = Pt(12)
    source = styles.add_style("Kilde", WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = styles["Normal"]
    source.font.size = Pt(8)
    source.font.color.rgb = RGBColor(0x4A, 0x4A, 0x4A)
    small = styles.add_style("Liten tekst", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = styles["Normal"]
    small.font.size = Pt(8)
    # Word asks to update fields on opening: the contents are filled in then.
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _cover(doc: Document, report: Report) -> None:
    from docx.shared import Cm

    profile = report.profile
    if profile and profile.logo and profile.logo_type != "image/svg+xml":
        doc.add_picture(io.BytesIO(profile.logo), height=Cm(2))
        _alt(doc.inline_shapes[-1], _("Logo: {publisher}").format(
            publisher=profile.publisher or _("utgiveren")))
    elif profile and profile.logo:  # Word takes no SVG on its own: drawn as PNG
        doc.add_picture(io.BytesIO(svg_to_png(profile.logo.decode("utf-8"), 600)), height=Cm(2))
        _alt(doc.inline_shapes[-1], _("Logo: {publisher}").format(
            publisher=profile.publisher or _("utgiveren")))
    if profile and profile.publisher:
        doc.add_paragraph(profile.publisher).runs[0].bold = True
    if report.demo:
        doc.add_paragraph(_("Demodata. Syntetiske data kalibrert til NIVI Analyses publiserte "
                            "tall – ikke en ekte kartlegging."), style="Merknad")
    doc.add_paragraph(_("Kartlegging av interkommunalt samarbeid"), style="Subtitle")
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(report.subtitle, style="Subtitle")
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in report.key_figures:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    doc.add_paragraph(_("Laget med samkart {date}. {source}.").format(
        date=report.generated, source=report.source), style="Kilde")
    doc.add_page_break()


def _contents(doc: Document) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    # Word's own heading for contents: looks like a heading, is not listed in the contents.
    doc.add_paragraph(_("Innhold"), style="TOC Heading")
    paragraph = doc.add_paragraph()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), 'TOC \\o "1-2" \\h \\z \\u')
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = _("Innholdsfortegnelsen fylles inn når feltene oppdateres (F9 i Word).")
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    doc.add_page_break()


def _chapter(doc: Document, chapter: Chapter, pngs: dict[int, bytes]) -> None:
    doc.add_heading(f"{chapter.number} {chapter.title}", level=1)
    if chapter.intro:
        doc.add_paragraph(chapter.intro)
    for section in chapter.sections:
        doc.add_heading(f"{section.number} {section.title}", level=2)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                style = {"note": "Merknad", "small": "Liten tekst", "key": "Liten tekst"}.get(
                    block.kind)
                doc.add_paragraph(str(block.text), style=style)
            elif isinstance(block, TableBlock):
                _table(doc, block)
            elif isinstance(block, FigureBlock):
                _figure(doc, block, pngs.get(id(block)))


def _caption(doc: Document, kind: str, number: str, text: str) -> None:
    paragraph = doc.add_paragraph(style="Caption")
    paragraph.add_run(f"{kind} {number} ").bold = True
    paragraph.add_run(text)


def _table(doc: Document, block: TableBlock) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _caption(doc, _("Tabell"), block.number, block.caption)
    columns = block.columns()
    rows = block.rows()
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    header = table.rows[0]
    # The header row repeats at the top of every page the table runs onto, and is read as the
    # table's header by screen readers.
    header_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for cell, (_j, head, numeric) in zip(header.cells, columns, strict=True):
        cell.text = head
        cell.paragraphs[0].runs[0].bold = True
        if numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in rows:
        cells = table.add_row().cells
        for cell, (j, _head, numeric) in zip(cells, columns, strict=True):
            cell.text = block.text(row[j], j)
            if numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"{block.source}. {block.n}.", style="Kilde")


def _figure(doc: Document, block: FigureBlock, png: bytes | None) -> None:
    from docx.shared import Cm

    if png:
        doc.add_picture(io.BytesIO(png), width=Cm(FIGURE_WIDTH_CM))
        _alt(doc.inline_shapes[-1], " ".join(
            part for part in (block.caption, str(block.description or "")) if part))
    _caption(doc, _("Figur"), block.number, block.caption)
    if block.description:
        doc.add_paragraph(str(block.description), style="Kilde")
    doc.add_paragraph(f"{block.source}. {block.n}.", style="Kilde")


def _alt(shape, text: str) -> None:
    """The alternative text of a picture (what Word shows as "Alt Text")."""
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", text)
    doc_pr.set("title", text[:120])
