"""The mapping report: chapters 4-7 of the seed and the county summaries, as HTML and PDF."""

from samkart.report.build import build_report
from samkart.report.render import render_html
from samkart.report.write import write_report

__all__ = ["build_report", "render_html", "write_report"]
