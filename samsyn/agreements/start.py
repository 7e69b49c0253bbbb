"""The registry's section on the start page: for county administrators, who still has to decide."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samsyn.agreements.selectors import adoption_documents, adoption_overview
from samsyn.core.access import grant_for
from samsyn.core.selectors import ORDER_DECIDE


def adoption_start_section(actor) -> list[dict]:
    """County administrators see how many parties have not decided on the agreement yet."""
    county_ids = grant_for(actor, "agreements.edit").county_ids
    sections = []
    for county_id in sorted(county_ids):
        document = adoption_documents(county_id=county_id).first()
        if document is None:
            continue
        overview = adoption_overview(document=document)
        waiting = overview.waiting
        text = ngettext(
            "{approved} of {total} principal has approved {title}.",
            "{approved} of {total} principals have approved {title}.",
            overview.total.total,
        ).format(approved=overview.total.approved, total=overview.total.total, title=document.title)
        sections.append(
            {
                "title": _("Decisions on the agreement"),
                "text": text,
                "items": [
                    {
                        "label": _("{name} has not decided").format(name=party.name),
                        "url": reverse("agreements:decision_record") + f"?huvudman={party.pk}",
                    }
                    for party, _decision in waiting[:10]
                ],
                "links": [(_("See where the decisions stand"), reverse("agreements:overview"))],
                "primary": (_("See where the decisions stand"), reverse("agreements:overview")),
                "order": ORDER_DECIDE,
            }
        )
    return sections
