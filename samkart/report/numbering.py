"""Numbers the chapters, sections, figures and tables of a report, and writes its cross-references.

Chapters are numbered 1, 2, … in their order, appendices A, B, … after them; a section is
``<chapter>.<k>``, and figures and tables are counted per chapter (``<chapter>.<k>``). No number is
typed anywhere: a chapter added or left out renumbers the others, and text that refers to a part of
the report holds an :class:`~samkart.report.document.Xref` to the part (or its
:class:`~samkart.report.document.Label`) rather than a number, so it still names the right one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from string import ascii_uppercase

from samkart.analysis.tables import Table
from samkart.report.document import (
    Block,
    Chapter,
    FigureBlock,
    Label,
    Paragraph,
    Section,
    TableBlock,
    Xref,
)

Numbered = Chapter | Section | FigureBlock | TableBlock


def number_chapters(chapters: Sequence[Chapter], first: int = 1) -> None:
    """Number ``chapters`` (the first main chapter gets ``first``), their sections, figures and
    tables, give every figure and table a label, and replace each :class:`Xref` by its text."""
    labels: dict[str, Numbered] = {}
    main, appendix = first - 1, 0
    for chapter in chapters:
        if chapter.unnumbered:
            # Front matter has no number; its sections and any figures are not numbered.
            _label(labels, chapter.id, chapter)
            continue
        if chapter.appendix:
            chapter.number = ascii_uppercase[appendix]
            appendix += 1
        else:
            main += 1
            chapter.number = str(main)
        _label(labels, chapter.id, chapter)
        counts = {FigureBlock: 0, TableBlock: 0}
        for k, section in enumerate(chapter.sections, start=1):
            section.number = f"{chapter.number}.{k}"
            _label(labels, f"{chapter.id}-{section.id}", section)
            in_section = {FigureBlock: 0, TableBlock: 0}
            for block in section.blocks:
                if isinstance(block, (FigureBlock, TableBlock)):
                    kind = type(block)
                    counts[kind] += 1
                    in_section[kind] += 1
                    block.number = f"{chapter.number}.{counts[kind]}"
                    if not block.label:
                        # Stable for the same report: its section and its place among the
                        # section's figures (or tables), not the number, which depends on
                        # everything before it.
                        word = "figur" if kind is FigureBlock else "tabell"
                        block.label = f"{chapter.id}-{section.id}-{word}-{in_section[kind]}"
                    _label(labels, block.label, block)
    numbered = {id(x) for x in labels.values() if x.number}
    for chapter in chapters:
        for block in _blocks(chapter):
            if isinstance(block, Paragraph):
                block.text = _written(block.text, labels, numbered)
            elif isinstance(block, FigureBlock):
                block.caption = _written(block.caption, labels, numbered)
                block.description = _written(block.description, labels, numbered)
            elif isinstance(block, TableBlock):
                block.caption = _written(block.caption, labels, numbered)
                block.table = _table_written(block.table, labels, numbered)


def reference(target: Numbered) -> str:
    """How the text names a numbered part: "kapittel 2.3", "figur 4.1", "tabell 2.2"."""
    if isinstance(target, FigureBlock):
        return f"figur {target.number}"
    if isinstance(target, TableBlock):
        return f"tabell {target.number}"
    return f"kapittel {target.number}"


def _label(labels: dict[str, Numbered], label: str, target: Numbered) -> None:
    if label in labels:
        raise ValueError(f"two parts of the report are labelled {label!r}")
    labels[label] = target


def _blocks(chapter: Chapter) -> Iterator[Block]:
    for section in chapter.sections:
        yield from section.blocks


def _written(text: str | Xref, labels: dict[str, Numbered], numbered: set[int]) -> str:
    if not isinstance(text, Xref):
        return text
    out = []
    for part in text.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        target = labels.get(part.name) if isinstance(part, Label) else part
        # A reference to something not in this report would print a number of nothing.
        if target is None or id(target) not in numbered:
            raise ValueError(f"a reference in {text.parts!r} is to no part of the report: {part!r}")
        out.append(reference(target))
    return "".join(out)


def _table_written(table: Table, labels: dict[str, Numbered], numbered: set[int]) -> Table:
    """The table with the Xref cells written (a row type's fields keep their order)."""
    if not any(isinstance(cell, Xref) for row in table.rows for cell in row):
        return table
    rows = []
    for row in table.rows:
        cells = [_written(c, labels, numbered) if isinstance(c, Xref) else c for c in row]
        rows.append(row._make(cells) if hasattr(row, "_make") else tuple(cells))
    return Table(table.columns, rows)
