"""``samkart report --docx`` (rapport.docx, python-docx), the report profile and ``--language``."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from samkart.cli import app
from samkart.report import build_report
from samkart.report.document import FigureBlock, Paragraph, TableBlock
from samkart.report.profile import ProfileError, contrast, load_profile
from tests.golden import write_golden
from tests.helpers import load_ok

docx = pytest.importorskip("docx")



def _png() -> bytes:
    """A small PNG, as a logo."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "#00509e").save(out, "PNG")
    return out.getvalue()


def _report_with(tmp_path, *extra: str):
    golden = write_golden(tmp_path / "g")
    out = tmp_path / "r"
    result = CliRunner().invoke(app, ["report", str(golden), "--year", "2013", "--compare", "2012",
                                      "--out", str(out), "--no-pdf", *extra])
    return golden, out, result


def test_docx_has_the_reports_headings_tables_figures_and_texts(tmp_path):
    golden, out, result = _report_with(tmp_path, "--docx")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "rapport.docx"]
    report = build_report(load_ok(golden), 2013, 2012, source_name=golden.name)
    document = docx.Document(str(out / "rapport.docx"))

    # Real heading styles, numbered as in the report: chapters Heading 1, sections Heading 2.
    headings = [(p.style.name, p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    assert [p.text for p in document.paragraphs if p.style.name == "TOC Heading"] == ["Innhold"]
    expected = []
    for ch in report.chapters:
        expected.append(("Heading 1", f"{ch.number} {ch.title}"))
        expected += [("Heading 2", f"{s.number} {s.title}") for s in ch.sections]
    assert headings == expected
    assert document.core_properties.title == report.title

    blocks = [b for ch in report.chapters for s in ch.sections for b in s.blocks]
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    figures = [b for b in blocks if isinstance(b, FigureBlock)]
    # The cover's key figures, then every table, with its header row repeated on each page and
    # every row of the register (Word gets the whole list, as the HTML does).
    assert len(document.tables) == 1 + len(tables)
    for block, table in zip(tables, document.tables[1:], strict=True):
        heads = [head for _, head, _ in block.columns()]
        assert [c.text for c in table.rows[0].cells] == heads
        assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")
        assert len(table.rows) == 1 + len(block.table.rows)
    # Every figure is a picture with its caption as alternative text.
    assert len(document.inline_shapes) == len(figures)
    for block, shape in zip(figures, document.inline_shapes, strict=True):
        assert shape._inline.docPr.get("descr").startswith(block.caption)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == ([f"Figur {b.number} {b.caption}" if isinstance(b, FigureBlock)
                         else f"Tabell {b.number} {b.caption}"
                         for b in blocks if isinstance(b, (TableBlock, FigureBlock))])
    # The texts, notes in their own style.
    texts = {p.text for p in document.paragraphs}
    for block in blocks:
        if isinstance(block, Paragraph):
            assert str(block.text) in texts
    notes = [p.text for p in document.paragraphs if p.style.name == "Merknad"]
    assert notes == [str(b.text) for b in blocks if isinstance(b, Paragraph) and b.kind == "note"]


def test_profile_beside_the_register_is_used_by_html_and_docx(tmp_path):
    golden = write_golden(tmp_path / "g")
    (golden / "logo.png").write_bytes(_png())
    (golden / "rapportprofil.toml").write_text(
        'utgiver = "Statsforvalteren i Testfylke"\nlogo = "logo.png"\nfarge = "#00509E"\n',
        "utf-8")
    out = tmp_path / "r"
    result = CliRunner().invoke(app, ["report", str(golden), "--year", "2013", "--out", str(out),
                                      "--no-pdf", "--docx"])
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text("utf-8")
    assert '<p class="publisher">Statsforvalteren i Testfylke</p>' in html
    assert "--accent: #00509e;" in html
    assert 'src="data:image/png;base64,' in html
    document = docx.Document(str(out / "rapport.docx"))
    assert document.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0x00, 0x50, 0x9E)
    assert "Statsforvalteren i Testfylke" in [p.text for p in document.paragraphs]
    assert document.core_properties.author == "Statsforvalteren i Testfylke"
    logo = document.inline_shapes[0]
    assert logo._inline.docPr.get("descr") == "Logo: Statsforvalteren i Testfylke"


def test_site_profile_from_the_environment(tmp_path, monkeypatch):
    site = tmp_path / "site.toml"
    site.write_text('utgiver = "Nettstedet"\n', "utf-8")
    monkeypatch.setenv("SAMKART_RAPPORTPROFIL", str(site))
    _, out, result = _report_with(tmp_path)
    assert result.exit_code == 0, result.output
    assert '<p class="publisher">Nettstedet</p>' in (out / "index.html").read_text("utf-8")


@pytest.mark.parametrize(("text", "message"), [
    ('farge = "#ffff00"\n', "farge: #ffff00 har kontrast 1,1:1"),
    ('farge = "blå"\n', "farge: 'blå' er ikke en farge"),
    ('utgivar = "x"\n', "utgivar: ukjent nøkkel"),
    ('logo = "logo.gif"\n', "logo: logo.gif må være PNG, JPEG eller SVG"),
    ('logo = "finnes-ikke.png"\n', "logo: finnes-ikke.png kan ikke leses"),
    ('logo = "tom.png"\n', "logo: tom.png er ikke et PNG-bilde"),
    ("utgiver = \n", "ikke gyldig TOML"),
])
def test_a_bad_profile_is_refused_with_its_place(tmp_path, text, message):
    path = tmp_path / "rapportprofil.toml"
    path.write_text(text, "utf-8")
    (tmp_path / "tom.png").write_bytes(b"not a picture")
    with pytest.raises(ProfileError, match=re.escape(message)):
        load_profile(path)


def test_a_bad_profile_stops_the_report_before_anything_is_written(tmp_path):
    golden = write_golden(tmp_path / "g")
    (golden / "rapportprofil.toml").write_text('farge = "#eeeeee"\n', "utf-8")
    out = tmp_path / "r"
    result = CliRunner().invoke(app, ["report", str(golden), "--year", "2013", "--out", str(out),
                                      "--no-pdf"])
    assert result.exit_code == 1
    assert "rapportprofil.toml: farge" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_contrast():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#1f3b57", "#ffffff") > 4.5


def test_language_option_sets_the_reports_language(tmp_path):
    _, out, result = _report_with(tmp_path, "--language", "en")
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text("utf-8")
    assert '<html lang="en">' in html
    # Numbers follow the language: English writes a decimal point.
    assert re.search(r'data-v="\d+\.\d"[^>]*>\d+\.\d<', html)
    bad = CliRunner().invoke(app, ["report", "x", "--year", "2013", "--out", str(tmp_path / "n"),
                                   "--language", "de"])
    assert bad.exit_code == 2
