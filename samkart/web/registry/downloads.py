"""Tables as file downloads (CSV with a BOM, or xlsx), for every page that offers one."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from samkart.register.spreadsheets import csv_rows, xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(header: Sequence[str], rows: Iterable[Sequence], filename: str,
                 delimiter: str = ",") -> HttpResponse:
    """A CSV download in UTF-8 with a BOM, so that Excel opens it with æ, ø and å intact (None
    is written as an empty cell; text that Excel would run as a formula is escaped)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(csv_rows(rows))
    return _attachment(HttpResponse("\ufeff" + buffer.getvalue(),
                                    content_type="text/csv; charset=utf-8"), filename)


def xlsx_response(header: Sequence[str], rows: Iterable[Sequence], filename: str,
                  sheet: str) -> HttpResponse:
    """An xlsx download of one sheet (Excel allows 31 characters in a sheet's name)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.append(list(header))
    for row in rows:
        worksheet.append(xlsx_row(worksheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX), filename)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
