"""Parties (huvudmän), care providers (vårdgivare) and the people who work for them.

Everything here is data, never constants in code: another county loads beside
Västra Götaland with a new reference file (DOMAIN.md, "Not only Västra Götaland").
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class County(models.Model):
    """A county (län): one region and its municipalities."""

    # How rows of each model reach their county: core.access.in_counties filters with it.
    access_county_lookup = "pk"

    code = models.CharField("länskod", max_length=2, unique=True)
    name = models.CharField("namn", max_length=100, unique=True)

    class Meta:
        verbose_name = "län"
        verbose_name_plural = "län"
        ordering = ["name"]

    def __str__(self):
        return self.name


class SubRegion(models.Model):
    """A sub-region (kommunalförbund), e.g. Fyrbodal."""

    access_county_lookup = "county"

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="sub_regions")
    name = models.CharField("namn", max_length=100)

    class Meta:
        verbose_name = "delregion (kommunalförbund)"
        verbose_name_plural = "delregioner (kommunalförbund)"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="subregion_unique_name"),
        ]

    def __str__(self):
        return self.name


class Party(models.Model):
    """A principal (huvudman): the region or one municipality."""

    access_county_lookup = "county"

    class Kind(models.TextChoices):
        REGION = "region", "Region"
        MUNICIPALITY = "municipality", "Kommun"

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="parties")
    kind = models.CharField("typ", max_length=20, choices=Kind.choices)
    name = models.CharField("namn", max_length=100)
    short_name = models.CharField("kortnamn", max_length=20, blank=True)
    code = models.CharField(
        "kod", max_length=4, unique=True, help_text="Officiell kommunkod (4 siffror) eller länskod."
    )
    sub_region = models.ForeignKey(
        SubRegion,
        verbose_name="delregion",
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "huvudman"
        verbose_name_plural = "huvudmän"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="party_unique_name"),
            models.UniqueConstraint(
                fields=["county"], condition=Q(kind="region"), name="party_one_region_per_county"
            ),
            models.CheckConstraint(
                condition=Q(kind="municipality") | Q(sub_region__isnull=True),
                name="party_region_has_no_subregion",
            ),
            models.CheckConstraint(
                condition=Q(kind="region") | Q(code__regex=r"^[0-9]{4}$"),
                name="party_municipality_code_four_digits",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_region(self) -> bool:
        return self.kind == self.Kind.REGION


class CooperationArea(models.Model):
    """A sub-regional cooperation area (delregional vårdsamverkan); membership is editable."""

    access_county_lookup = "county"

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="areas")
    name = models.CharField("namn", max_length=100)
    members = models.ManyToManyField(
        Party, verbose_name="kommuner", related_name="areas", blank=True
    )

    class Meta:
        verbose_name = "samverkansområde"
        verbose_name_plural = "samverkansområden"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="area_unique_name"),
        ]

    def __str__(self):
        return self.name


class CareProvider(models.Model):
    """A care provider (vårdgivare): a municipality, a VGR organisation or a private unit."""

    access_county_lookup = "party__county"

    class Kind(models.TextChoices):
        MUNICIPAL = "municipal", "Kommunal vårdgivare"
        REGIONAL = "regional", "Regional förvaltning"
        PRIVATE = "private", "Privat vårdgivare med avtal"

    party = models.ForeignKey(
        Party, verbose_name="huvudman", on_delete=models.PROTECT, related_name="providers"
    )
    kind = models.CharField("typ", max_length=20, choices=Kind.choices)
    name = models.CharField("namn", max_length=150)
    is_active = models.BooleanField("aktiv", default=True)

    class Meta:
        verbose_name = "vårdgivare"
        verbose_name_plural = "vårdgivare"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["party", "name"], name="provider_unique_name"),
        ]

    def __str__(self):
        return self.name

    def access_provider_ids(self):
        return [self.pk]

    def access_party_ids(self):
        return [self.party_id]

    def access_county_id(self):
        return self.party.county_id


class CareUnit(models.Model):
    """A unit (enhet) under a care provider, e.g. a ward or a home-care group."""

    access_county_lookup = "provider__party__county"

    provider = models.ForeignKey(
        CareProvider, verbose_name="vårdgivare", on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField("namn", max_length=150)

    class Meta:
        verbose_name = "enhet"
        verbose_name_plural = "enheter"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="unit_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.provider})"


class Role(models.TextChoices):
    """What a person does for a care provider; see core/access.py for what each may do."""

    REPORTER = "reporter", "Rapportör"
    HANDLER = "handler", "Avvikelsehandläggare"
    MANAGER_STEP1 = "manager_step1", "Chef steg 1 (första linjens chef)"
    MANAGER_STEP2 = "manager_step2", "Chef steg 2 (nästa ledningsnivå)"
    MANAGER_STEP3 = "manager_step3", "Chef steg 3 (högsta lednings- eller politiska nivå)"
    COUNTY_ANALYST = "county_analyst", "Länsanalytiker"
    ADMINISTRATOR = "administrator", "Administratör för huvudmannen"
    COUNTY_ADMINISTRATOR = "county_administrator", "Länsadministratör"


class Membership(models.Model):
    """A person's role at a care provider (optionally at one unit of it)."""

    access_county_lookup = "provider__party__county"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    provider = models.ForeignKey(
        CareProvider,
        verbose_name="vårdgivare",
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        CareUnit, verbose_name="enhet", on_delete=models.PROTECT, null=True, blank=True
    )
    role = models.CharField("roll", max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = "roll hos vårdgivare"
        verbose_name_plural = "roller hos vårdgivare"
        ordering = ["provider__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.provider}"

    # Judged as its provider: who may manage people there may manage this role.
    def access_provider_ids(self):
        return [self.provider_id]

    def access_party_ids(self):
        return [self.provider.party_id]

    def access_county_id(self):
        return self.provider.party.county_id
