"""Writes for systemic issues (issue 19 item 5): a coordinator groups cases that share a cause
into one issue with an owner, a forum, measures and follow-up; the parties' managers lift it to
the ladder as one disagreement, through the disagreements app's own service."""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.audit.services import audit_record
from samsyn.cases.services import case_save_once, case_submitted_before
from samsyn.core.access import can, grant_for
from samsyn.deviations.selectors import deviations_visible_to
from samsyn.disagreements.services import DisagreementRegistration, disagreement_create
from samsyn.systemic.models import Forum, SystemicIssue

OWNER_REQUIRED = _("Choose who owns the systemic issue.")
TITLE_REQUIRED = _("Name the systemic issue, e.g. “Medication lists missing at discharge”.")
CAUSE_REQUIRED = _("Describe the cause the cases share.")
FORUM_REQUIRED = _("Choose the forum where the issue is followed up.")
AREA_REQUIRED = _("Choose the cooperation area whose group follows the issue up.")
AREA_NOT_YOURS = _("You coordinate other cooperation areas: choose one of yours.")
CASES_REQUIRED = _("Choose at least one case that shares the cause.")
CASE_NOT_VISIBLE = _("You can only group cases you yourself have access to.")
ALREADY_LIFTED = _("The systemic issue is already lifted to the ladder.")
CATEGORY_REQUIRED = _("Choose what the disagreement is about.")
OTHER_PARTY_REQUIRED = _("Choose the other party's care provider among the cases' providers.")
NO_CASE_OF_YOURS = _("None of the member cases concerns your party and the party chosen.")

EDITABLE = ["title", "cause", "owner", "forum", "area", "measures", "follow_up", "follow_up_due"]


@dataclass
class SystemicIssueData:
    """What the coordinator writes (the form's fields, typed)."""

    title: str = ""
    cause: str = ""
    owner: object = None
    forum: str = ""
    area: object = None
    measures: str = ""
    follow_up: str = ""
    follow_up_due: object = None
    deviations: list = field(default_factory=list)
    # The new-issue form's one-time key (ignored on a change).
    submission_token: uuid.UUID | None = None


def _problems(actor, data: SystemicIssueData) -> dict:
    errors = {}
    for name, message in (
        ("title", TITLE_REQUIRED),
        ("cause", CAUSE_REQUIRED),
        ("owner", OWNER_REQUIRED),
        ("forum", FORUM_REQUIRED),
        ("deviations", CASES_REQUIRED),
    ):
        value = getattr(data, name)
        if not (value.strip() if isinstance(value, str) else value):
            errors[name] = message
    if data.forum == Forum.SUB_REGIONAL and data.area is None:
        errors["area"] = AREA_REQUIRED
    grant = grant_for(actor, "systemic.manage")
    if data.area is not None and data.area.county_id not in grant.county_ids:
        if data.area.pk not in grant.area_ids:
            errors["area"] = AREA_NOT_YOURS
    elif data.area is None and not grant.county_ids and "area" not in errors:
        errors["area"] = AREA_REQUIRED  # a sub-regional coordinator works in their own area
    visible = set(
        deviations_visible_to(actor)
        .filter(pk__in=[d.pk for d in data.deviations])
        .values_list("pk", flat=True)
    )
    if any(d.pk not in visible for d in data.deviations):
        errors["deviations"] = CASE_NOT_VISIBLE
    return errors


def _county_of(actor, data: SystemicIssueData):
    if data.area is not None:
        return data.area.county_id
    return sorted(grant_for(actor, "systemic.manage").county_ids)[0]


@transaction.atomic
def systemic_issue_save(
    *, actor, data: SystemicIssueData, issue: SystemicIssue | None = None
) -> SystemicIssue:
    """Create or change a systemic issue: all its fields or nothing, audited. A new issue's
    form sent twice (the same submission token) creates one issue and returns it."""
    if not can(actor, "systemic.manage") or (issue and not can(actor, "systemic.manage", issue)):
        raise PermissionDenied
    created = issue is None
    if created and (
        existing := case_submitted_before(
            model=SystemicIssue,
            token=data.submission_token,
            creator_field="created_by",
            actor=actor,
        )
    ):
        return existing
    if errors := _problems(actor, data):
        raise ValidationError(errors)
    if created:
        issue = SystemicIssue(
            county_id=_county_of(actor, data),
            created_by=actor.user,
            submission_token=data.submission_token,
        )
    before = {name: _raw(getattr(issue, name, None)) for name in EDITABLE} if not created else {}
    for name in EDITABLE:
        value = getattr(data, name)
        setattr(issue, name, value.strip() if isinstance(value, str) else value)
    issue.full_clean(exclude=["county", "created_by"], validate_unique=False)
    saved = case_save_once(case=issue, creator_field="created_by", actor=actor)
    if saved is not issue:
        return saved  # a concurrent double submit: the first one won
    issue.deviations.set(data.deviations)
    after = {name: _raw(getattr(issue, name)) for name in EDITABLE}
    audit_record(
        actor=actor,
        action="systemic.issue.created" if created else "systemic.issue.changed",
        target=issue,
        data={
            "deviations": sorted(d.pk for d in data.deviations),
            "owner": issue.owner_id,
            "forum": issue.forum,
            "area": issue.area_id,
            "changed": sorted(k for k in after if before and before[k] != after[k]),
        },
    )
    return issue


def _raw(value):
    return getattr(value, "pk", value if value is None or isinstance(value, str) else str(value))


def lift_providers(actor, issue: SystemicIssue) -> tuple[list, list]:
    """The member cases' providers of the actor's parties, and of the other parties."""
    mine = grant_for(actor, "disagreements.handle").party_ids
    own, other = {}, {}
    for case in issue.deviations.select_related("reporting_provider", "counterpart_provider"):
        for provider in (case.reporting_provider, case.counterpart_provider):
            (own if provider.party_id in mine else other)[provider.pk] = provider
    return list(own.values()), sorted(other.values(), key=lambda p: p.name)


@transaction.atomic
def systemic_issue_lift(
    *, actor, issue: SystemicIssue, category, counterpart_provider, submission_token=None
):
    """Lift the issue to the ladder as one disagreement between the actor's party and the other
    party chosen, resting on the member cases between them (disagreement_create's own rules)."""
    if not can(actor, "disagreements.handle", issue):
        raise PermissionDenied
    if issue.disagreement_id:
        raise ValidationError(ALREADY_LIFTED, code="already_lifted")
    errors = {}
    if category is None:
        errors["category"] = CATEGORY_REQUIRED
    own, other = lift_providers(actor, issue)
    if counterpart_provider is None or counterpart_provider.pk not in {p.pk for p in other}:
        errors["counterpart_provider"] = OTHER_PARTY_REQUIRED
    if errors:
        raise ValidationError(errors)
    parties = {own[0].party_id, counterpart_provider.party_id} if own else set()
    visible = deviations_visible_to(actor)
    cases = [
        d
        for d in issue.deviations.filter(pk__in=visible.values("pk")).select_related(
            "reporting_provider", "counterpart_provider"
        )
        if {d.reporting_provider.party_id, d.counterpart_provider.party_id} == parties
    ]
    if not own or not cases:
        raise ValidationError({"counterpart_provider": NO_CASE_OF_YOURS})
    disagreement = disagreement_create(
        actor=actor,
        case=DisagreementRegistration(
            provider_a=own[0],
            provider_b=counterpart_provider,
            title=issue.title,
            question=gettext("Systemic issue in cooperation: {title}").format(title=issue.title),
            position_a=issue.cause,
            category=category,
            area=issue.area,
            deviations=tuple(cases),
            submission_token=submission_token or uuid.uuid4(),
        ),
    )
    issue.disagreement = disagreement
    issue.save(update_fields=["disagreement", "updated_at"])
    audit_record(
        actor=actor,
        action="systemic.issue.lifted",
        target=issue,
        data={"disagreement": disagreement.pk, "deviations": [d.pk for d in cases]},
    )
    return disagreement
