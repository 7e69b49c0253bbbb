"""The county report as files: a typeset PDF (WeasyPrint), an Excel workbook (openpyxl) and the
API's JSON, all from the same `CountyReport` the page shows, in Swedish whatever the reader's
language."""

import hashlib
import io
from decimal import Decimal

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from samsyn.core.exports import spreadsheet_safe
from samsyn.core.services import cache_expired_delete
from samsyn.followup.report import CountyReport

SHEET_NAME_MAX = 31
# A typeset PDF is kept for the HTML it was made from; the HTML holds the day of its figures,
# so a day's keeping is all it can be used for.
PDF_KEPT_SECONDS = 24 * 60 * 60


def typeset_pdf(html: str) -> bytes:
    """The PDF of the HTML, typeset once for each distinct HTML (issue 16).

    Typesetting costs about a second of CPU for the annual report (WeasyPrint's layout of nine
    pages, its charts and fonts), several times the page's own work. The figures are always
    computed afresh and the HTML drawn from them; only the typesetting of an HTML already
    typeset is skipped. The key is the HTML's SHA-256, so a changed figure, text or day is a
    new PDF: what is kept can never be older than what the page shows."""
    import weasyprint  # noqa: PLC0415 - heavy; loaded only for a download

    digest = hashlib.sha256(f"{weasyprint.__version__}\n{html}".encode()).hexdigest()
    key = f"followup:pdf:{digest}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = weasyprint.HTML(string=html).write_pdf()
        cache_expired_delete()  # yesterday's PDFs go as today's come (decision 0032)
        cache.set(key, pdf, PDF_KEPT_SECONDS)
    return pdf


def report_pdf(report: CountyReport) -> bytes:
    with translation.override("sv"):
        html = render_to_string("followup/report_pdf.html", {"report": report})
    return typeset_pdf(html)


def _cell(value):
    """Text (and lazy text) defused for the spreadsheet; numbers and dates as they are."""
    return spreadsheet_safe(str(value)) if isinstance(value, str | Promise) else value


def _sheet(workbook: Workbook, title, header: list, rows: list[list]) -> None:
    sheet = workbook.create_sheet(str(title)[:SHEET_NAME_MAX])
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    sheet.column_dimensions["A"].width = 48


def _summary_rows(report: CountyReport) -> list[list]:
    year = report.filters.year
    v, b = report.volume, report.volume_before
    return [
        [gettext("The municipalities"), v.municipalities, b.municipalities],
        [gettext("The region"), v.region, b.region],
        [gettext("In all"), v.total, b.total],
        [gettext("The municipalities' reports per report of the region"), v.ratio, b.ratio],
        [gettext("Reports of good cooperation (apart)"), v.good_cooperation, b.good_cooperation],
        [gettext("Change against the year before, %"), report.change_percent, None],
        [],
        *[[text] for text in report.conclusions],
        [],
        [gettext("Year of the event"), year, year - 1],
    ]


def _share_rows(report: CountyReport) -> list[list]:
    c, s = report.counts, report.shares
    return [
        [gettext("Classified “Annat” now"), c["other"], s["other"]],
        [gettext("Classified “Annat” as reported"), c["other_reported"], s["other_reported"]],
        [gettext("Re-coded by an analyst"), c["recoded"], None],
        [gettext("An explained “other” consequence"), c["ovrigt"], s["ovrigt"]],
        [gettext("Closed"), c["closed"], None],
        [
            gettext("Closed with a reasoned “no measure” (of the closed)"),
            c["no_measure_reasoned"],
            s["no_measure_reasoned"],
        ],
        [
            gettext("Closed with a measure carried out (of the closed)"),
            c["measures_done"],
            s["measures_done"],
        ],
        [
            gettext("Answered after the deadline or still due (of those with a deadline)"),
            c["overdue"],
            s["overdue"],
        ],
        [gettext("Description disputed by the receiver, in part or whole"), c["disputed"], None],
        [gettext("Answer questioned by the reporting side"), c["questioned"], None],
        [gettext("Sent back as wrong receiver"), c["wrong_receiver"], None],
        [gettext("Lex Maria: reported to IVO"), c["lex_maria_reported"], None],
        [gettext("Lex Maria: not reported, with a reason"), c["lex_maria_not_reported"], None],
        [gettext("Lex Maria: being investigated"), c["lex_maria_investigating"], None],
        [gettext("Lex Maria: assessment overdue"), c["lex_maria_overdue"], None],
    ]


def _area_rows(report: CountyReport) -> list[list]:
    rows = []
    for a in report.areas:
        if a.reflection is None:
            reflection = gettext("Missing")
        else:
            reflection = timezone.localdate(a.reflection.submitted_at)
        rows.append(
            [
                a.area.name,
                a.cases,
                a.rate,
                reflection,
                gettext("Yes") if a.reflection_late else gettext("No"),
                gettext("Yes") if a.complete else gettext("No"),
            ]
        )
    return rows


def _disagreement_rows(report: CountyReport) -> list[list]:
    d = report.disagreements
    return [
        [gettext("Registered"), d["registered"]],
        [gettext("Of which disputes"), d["disputes"]],
        [gettext("Resolved"), d["resolved"]],
        *[
            [gettext("Resolved at step {step}").format(step=step), n]
            for step, n in d["resolved_at_step"].items()
        ],
        [gettext("Economic settlements"), d["settlements"]],
        [gettext("Economic settlements, sum (SEK)"), d["settlements_total"]],
        [gettext("Referred to a general court"), d["court"]],
        [gettext("Lessons published"), d["lessons"]],
        [gettext("Adopted by a council"), report.registry["approved"]],
        [gettext("Not adopted by a council"), report.registry["rejected"]],
        [gettext("Notices of termination"), report.registry["terminations"]],
    ]


def _volume_data(volume) -> dict:
    return {
        "municipalities": volume.municipalities,
        "region": volume.region,
        "good_cooperation": volume.good_cooperation,
        "total": volume.total,
        "ratio": volume.ratio,
    }


def _plain(value):
    """JSON's kinds: lazy text as text, amounts as numbers, dict keys as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def report_data(report: CountyReport) -> dict:
    """The report for the API (`GET /api/v1/reports/annual/{year}`): every figure of the page,
    the tables with their rows (a missing area or municipality listed as zero, never left out)."""
    with translation.override("sv"):
        return _plain(
            {
                "county": report.county.name,
                "year": report.filters.year,
                "as_of": report.as_of,
                "volume": _volume_data(report.volume),
                "volume_year_before": _volume_data(report.volume_before),
                "change_percent": report.change_percent,
                "year_before_from": report.before_from,
                "counts": report.counts,
                "shares": report.shares,
                "times": [
                    {"label": t.label, "count": t.count, "median": t.median, "p90": t.p90}
                    for t in report.times
                ],
                "tables": [
                    {
                        "key": key,
                        "title": table.title,
                        "columns": table.columns,
                        "rows": [
                            {"name": r.name, "values": r.values, "missing": r.missing}
                            for r in table.rows
                        ],
                    }
                    for key, table in report.tables.items()
                ],
                "areas": [
                    {
                        "id": a.area.pk,
                        "name": a.area.name,
                        "cases": a.cases,
                        "rate": a.rate,
                        "reflection_submitted": a.reflection is not None,
                        "reflection_late": a.reflection_late,
                        "complete": a.complete,
                    }
                    for a in report.areas
                ],
                "population_year": report.population_year,
                "disagreements": report.disagreements,
                "registry": report.registry,
                "reflection_deadline": report.reflection_deadline,
                "conclusions": report.conclusions,
            }
        )


def report_xlsx(report: CountyReport) -> bytes:
    """One sheet per part of the report, each a plain table that sums and sorts in Excel."""
    with translation.override("sv"):
        workbook = Workbook()
        workbook.remove(workbook.active)
        year = report.filters.year
        _sheet(workbook, gettext("Summary"), ["", year, year - 1], _summary_rows(report))
        _sheet(
            workbook,
            gettext("Areas"),
            [
                gettext("Cooperation area"),
                gettext("Cases"),
                gettext("Per 10,000 inhabitants"),
                gettext("Reflection"),
                gettext("After the deadline"),
                gettext("Complete"),
            ],
            _area_rows(report),
        )
        for table in report.tables.values():
            _sheet(
                workbook,
                table.title,
                [gettext("Name"), *table.columns],
                [[row.name, *row.values] for row in table.rows],
            )
        _sheet(workbook, gettext("Shares"), ["", gettext("Cases"), "%"], _share_rows(report))
        _sheet(
            workbook,
            gettext("Times"),
            [gettext("Step"), gettext("Cases"), gettext("Median"), gettext("90th percentile")],
            [[str(t.label), t.count, t.median, t.p90] for t in report.times],
        )
        _sheet(
            workbook,
            gettext("Disagreements"),
            ["", gettext("Number")],
            _disagreement_rows(report),
        )
        out = io.BytesIO()
        workbook.save(out)
    return out.getvalue()


def compilation_pdf(compilation) -> bytes:
    """A care provider's compilation (issue 20 item 5) as a typeset PDF."""
    with translation.override("sv"):
        html = render_to_string("followup/compilation_pdf.html", {"c": compilation})
    return typeset_pdf(html)


def compilation_xlsx(compilation) -> bytes:
    """A care provider's compilation as a workbook: one sheet per table."""
    with translation.override("sv"):
        workbook = Workbook()
        workbook.remove(workbook.active)
        c = compilation
        m = c.measures
        _sheet(
            workbook,
            gettext("Summary"),
            ["", gettext("As reporter"), gettext("As receiver")],
            [
                [gettext("Care provider"), c.provider.name, None],
                [gettext("From"), c.filters.first_day, None],
                [gettext("To"), c.filters.last_day, None],
                [gettext("Reports (good cooperation apart)"), *c.total],
                [gettext("Open measures of the provider today"), m["open"], None],
                [gettext("Of which overdue"), m["overdue"], None],
                [gettext("Measures carried out in the period"), m["done"], None],
                [gettext("Lessons published from its disagreements"), c.lessons, None],
            ],
        )
        for table in (c.types, c.units, c.handling):
            _sheet(
                workbook,
                table.title,
                [gettext("Name"), *table.columns],
                [[row.name, *row.values] for row in table.rows],
            )
        _sheet(
            workbook,
            gettext("Times"),
            [gettext("Step"), gettext("Cases"), gettext("Median"), gettext("90th percentile")],
            [[str(t.label), t.count, t.median, t.p90] for t in c.times],
        )
        out = io.BytesIO()
        workbook.save(out)
    return out.getvalue()
