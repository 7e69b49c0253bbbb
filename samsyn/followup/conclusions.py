"""Short conclusions in words beside the county report's figures (issue 20 item 2): each one a
rule over numbers the report already holds, never free text; a rule whose numbers are missing
says nothing."""

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, ngettext


def _n(value, decimals: int = 1) -> str:
    return number_format(value, decimals)


def _ratio(report) -> str | None:
    now, before = report.volume.ratio, report.volume_before.ratio
    if now is None:
        return None
    if before is None:
        return gettext(
            "The municipalities reported {ratio} times as many deviations as the region."
        ).format(ratio=_n(now))
    return gettext(
        "The municipalities reported {ratio} times as many deviations as the region "
        "({year}: {before})."
    ).format(ratio=_n(now), year=report.filters.year - 1, before=_n(before))


def partial_year_text(report) -> str | None:
    """Why the year before is not compared: it covers only from a month on (the page's and
    the PDF's note under the volume table says the same)."""
    if report.before_from is None:
        return None
    return gettext("{year} covers only the cases from {month}: no comparison is made.").format(
        year=report.filters.year - 1, month=date_format(report.before_from, "F")
    )


def _change(report) -> str | None:
    if partial := partial_year_text(report):
        return partial
    change = report.change_percent
    if change is None:
        return None
    year = report.filters.year - 1
    if change > 0:
        text = gettext("The deviations increased by {change} % against {year}.")
    elif change < 0:
        text = gettext("The deviations decreased by {change} % against {year}.")
    else:
        return gettext("As many deviations as in {year}.").format(year=year)
    return text.format(change=_n(abs(change)), year=year)


def _top_category(report) -> str | None:
    rows = [r for r in report.tables["categories"].rows if r.values[0]]
    if not rows:
        return None
    top = max(rows, key=lambda r: r.values[0])
    return gettext("The most common category was “{name}” ({n} of {total}).").format(
        name=top.name, n=top.values[0], total=report.volume.total
    )


def _other(report) -> str | None:
    share = report.shares["other"]
    if share is None:
        return None
    return gettext("{share} % were classified “Annat”.").format(share=_n(share))


def _overdue(report) -> str | None:
    share = report.shares["overdue"]
    if share is None:
        return None
    return gettext("{share} of the answers came after their deadline or are still due.").format(
        share=f"{_n(share)} %"
    )


def _missing_areas(report) -> str | None:
    missing = report.missing_areas
    if not missing:
        return gettext("Every cooperation area has cases and a reflection on time.")
    return ngettext(
        "{n} of {total} cooperation areas lack data or a reflection: {names}.",
        "{n} of {total} cooperation areas lack data or a reflection: {names}.",
        len(missing),
    ).format(n=len(missing), total=len(report.areas), names=", ".join(a.area.name for a in missing))


RULES = [_ratio, _change, _top_category, _other, _overdue, _missing_areas]


def conclusions_for(report) -> list[str]:
    return [text for rule in RULES if (text := rule(report))]
