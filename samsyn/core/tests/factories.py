class StandInCase:
    """A stand-in for any case (deviation, disagreement, …) that involves some providers,
    so access rules can be tested before, and apart from, the apps that declare them."""

    def __init__(self, *providers):
        self.providers = providers

    def access_provider_ids(self):
        return [p.pk for p in self.providers]

    def access_party_ids(self):
        return [p.party_id for p in self.providers]

    def access_county_id(self):
        return self.providers[0].party.county_id
