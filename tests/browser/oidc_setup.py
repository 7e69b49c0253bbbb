"""Set up the story's identity providers in the live server's database (run by
test_oidc_story.py as `manage.py shell -c` with the live server's settings): the rows for the
two test providers, Inera's assignment mapping, and the ids of cases the story opens."""

import json
import os


def setup(config: dict) -> dict:
    from django.db.models import Q

    from samsyn.deviations.models import Deviation
    from samsyn.identity.models import ClaimMapping, IdentityProvider
    from samsyn.parties.models import CareProvider, Role

    boras = CareProvider.objects.get(name="Borås Stad")
    sas = CareProvider.objects.get(name="Södra Älvsborgs Sjukhus")
    for row in config["providers"]:
        provider, _ = IdentityProvider.objects.update_or_create(
            slug=row["slug"],
            defaults={
                key: row[key]
                for key in (
                    "name",
                    "issuer",
                    "client_id",
                    "secret_env",
                    "scopes",
                    "claim_id",
                    "claim_assignments",
                    "roles_from_claims",
                    "order",
                )
            },
        )
        provider.parties.set([boras.party if row["party"] == "boras" else sas.party])
        for value in row.get("mappings", []):
            ClaimMapping.objects.get_or_create(
                provider=provider, value=value, care_provider=sas, role=Role.HANDLER
            )
    # The nurse is invited to Hemtjänst Norr: she sees its cases (the handler sees all of SAS's).
    both = Deviation.objects.filter(
        reporting_provider=boras, reporting_unit__name="Hemtjänst Norr", counterpart_provider=sas
    )
    others = Deviation.objects.exclude(
        Q(reporting_provider__in=[boras, sas]) | Q(counterpart_provider__in=[boras, sas])
    )
    return {"shared": both.order_by("pk").first().pk, "other": others.order_by("pk").first().pk}


def main() -> None:
    print("OIDC_SETUP " + json.dumps(setup(json.loads(os.environ["SAMSYN_E2E_OIDC_SETUP"]))))
