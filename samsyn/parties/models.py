"""Parties (huvudmän), care providers (vårdgivare) and the people who work for them.

Everything here is data, never constants in code: another county loads beside
Västra Götaland with a new reference file (DOMAIN.md, "Not only Västra Götaland").
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from samsyn.core.privacy import no_personal_identity_number


class County(models.Model):
    """A county (län): one region and its municipalities."""

    # How rows of each model reach their county: core.access.in_counties filters with it.
    access_county_lookup = "pk"

    code = models.CharField(_("county code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    # The county's patient-safety forum, where a case lifted to the county level lands (its
    # county coordinators, issue 17 item 5); the sub-regional forums are the CooperationAreas.
    patient_safety_forum = models.CharField(
        _("patient-safety forum of the county"), max_length=150, blank=True, db_default=""
    )

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SubRegion(models.Model):
    """A sub-region (kommunalförbund), e.g. Fyrbodal."""

    access_county_lookup = "county"

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="sub_regions")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("sub-region (association of municipalities)")
        verbose_name_plural = _("sub-regions (associations of municipalities)")
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
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="parties")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    code = models.CharField(
        _("code"),
        max_length=4,
        unique=True,
        help_text=_("Official municipality code (4 digits) or county code."),
    )
    sub_region = models.ForeignKey(
        SubRegion,
        verbose_name=_("sub-region"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("principal")
        verbose_name_plural = _("principals")
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
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(
        Party, verbose_name=_("municipalities"), related_name="areas", blank=True
    )

    class Meta:
        verbose_name = _("cooperation area")
        verbose_name_plural = _("cooperation areas")
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
        MUNICIPAL = "municipal", _("Municipal care provider")
        REGIONAL = "regional", _("Regional administration")
        PRIVATE = "private", _("Private care provider under contract")

    party = models.ForeignKey(
        Party, verbose_name=_("principal"), on_delete=models.PROTECT, related_name="providers"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("care provider")
        verbose_name_plural = _("care providers")
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

    class Kind(models.TextChoices):
        WARD = "ward", _("Ward")
        HOME_CARE = "home_care", _("Home-care group")
        PRIMARY_CARE = "primary_care", _("Primary care centre")
        TEAM = "team", _("Team")
        OTHER = "other", _("Other unit")

    provider = models.ForeignKey(
        CareProvider,
        verbose_name=_("care provider"),
        on_delete=models.CASCADE,
        related_name="units",
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER, db_default=Kind.OTHER
    )
    is_active = models.BooleanField(_("active"), default=True, db_default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="unit_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.provider})"

    # Judged as its provider: who may manage people there keeps its units.
    def access_provider_ids(self):
        return [self.provider_id]

    def access_party_ids(self):
        return [self.provider.party_id]

    def access_county_id(self):
        return self.provider.party.county_id


class Role(models.TextChoices):
    """What a person does for a care provider; see core/access.py for what each may do."""

    REPORTER = "reporter", _("Reporter")
    HANDLER = "handler", _("Deviation handler")
    DEVIATION_COORDINATOR = "deviation_coordinator", _("Deviation coordinator for the principal")
    MANAGER_STEP1 = "manager_step1", _("Manager step 1 (first-line manager)")
    MANAGER_STEP2 = "manager_step2", _("Manager step 2 (next management level)")
    MANAGER_STEP3 = "manager_step3", _("Manager step 3 (highest management or political level)")
    # Lifted deviations land with them (issue 17 item 5): per cooperation area, and the
    # county's patient-safety forum.
    SUBREGIONAL_COORDINATOR = "subregional_coordinator", _("Sub-regional coordinator")
    COUNTY_COORDINATOR = "county_coordinator", _("County coordinator (patient-safety forum)")
    # The provider's patient-safety function (issue 18): MAS at a municipality, chief physician
    # or patient-safety lead at the region's providers; assesses lex Maria reports.
    PATIENT_SAFETY = "patient_safety", _("Patient-safety lead (MAS, chief physician)")
    COUNTY_ANALYST = "county_analyst", _("County analyst")
    ADMINISTRATOR = "administrator", _("Administrator for the principal")
    COUNTY_ADMINISTRATOR = "county_administrator", _("County administrator")


class Membership(models.Model):
    """A person's role at a care provider (optionally at one unit of it)."""

    access_county_lookup = "provider__party__county"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    provider = models.ForeignKey(
        CareProvider,
        verbose_name=_("care provider"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        CareUnit, verbose_name=_("unit"), on_delete=models.PROTECT, null=True, blank=True
    )
    # The cooperation area a sub-regional coordinator holds the role for.
    area = models.ForeignKey(
        CooperationArea,
        verbose_name=_("cooperation area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("role at a care provider")
        verbose_name_plural = _("roles at care providers")
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


class Population(models.Model):
    """A municipality's population (folkmängd) on 31 December of a year, as Statistics Sweden
    published it: the reference for rates per 10,000 inhabitants in the county report
    (issue 20). Reference data, loaded with the parties."""

    access_county_lookup = "party__county"

    party = models.ForeignKey(
        Party, verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="population"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        db_default="",
        validators=[no_personal_identity_number],
    )

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("population figures")
        ordering = ["party__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="population_unique_year"),
        ]

    def __str__(self):
        return f"{self.party} {self.year}: {self.inhabitants}"


class MachineAccount(models.Model):
    """A care provider's own system that calls the API (issue 21): the region's incident
    system, a municipality's care documentation system. It is a user without a password, who
    cannot sign in on the pages; its API tokens are made by the provider's administrator, and
    its roles stay at this one provider and among `core.access.MACHINE_ROLES`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="machine_account",
    )
    provider = models.ForeignKey(
        CareProvider,
        verbose_name=_("care provider"),
        on_delete=models.PROTECT,
        related_name="machine_accounts",
    )
    name = models.CharField(
        _("name of the system"), max_length=100, validators=[no_personal_identity_number]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("system account")
        verbose_name_plural = _("system accounts")
        ordering = ["provider__name", "name"]
        constraints = [
            # One name once per provider: a form sent twice makes one account.
            models.UniqueConstraint(
                Lower("name"), "provider", name="machine_account_name_once_per_provider"
            ),
        ]

    def __str__(self):
        return self.name

    # Judged as its provider, like a role there.
    def access_provider_ids(self):
        return [self.provider_id]

    def access_party_ids(self):
        return [self.provider.party_id]

    def access_county_id(self):
        return self.provider.party.county_id
