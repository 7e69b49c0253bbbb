"""People and roles change only through the services, within the administrator's reach
. Each attack is tried by a county administrator of ANOTHER county
(Värmland) and of the SAME county (a second Västra Götaland administrator)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from samsyn.audit.models import AuditEvent
from samsyn.audit.services import FREE_TEXT_CHANGED
from samsyn.core.access import actor_for
from samsyn.parties import services
from samsyn.parties.models import Membership, Role
from samsyn.parties.selectors import people_managed_by
from samsyn.parties.tests.factories import TEST_PASSWORD

User = get_user_model()


ATTACKERS = ["other_county", "same_county"]


def _trail_text() -> str:
    return json.dumps(list(AuditEvent.objects.values("username", "data")), ensure_ascii=False)


# --- the attacks, refused ---------------------------------------------------------


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_nobody_gives_themselves_a_role_anywhere(admins, attacker, boras, varmland):
    me = admins[attacker]
    for provider in (boras, varmland["hospital"]):
        with pytest.raises(PermissionDenied, match=str(services.OWN_ROLES_REFUSED)):
            services.membership_grant(
                actor=actor_for(me), user=me, provider=provider, role=Role.HANDLER
            )
    assert list(me.memberships.values_list("role", flat=True)) == [Role.COUNTY_ADMINISTRATOR]


@pytest.mark.parametrize("attacker", ATTACKERS)
def test_nobody_changes_or_takes_their_own_role(admins, attacker, boras):
    me = admins[attacker]
    own = me.memberships.get()
    with pytest.raises(PermissionDenied):
        services.membership_update(
            actor=actor_for(me), membership=own, provider=own.provider, role=Role.HANDLER
        )
    with pytest.raises(PermissionDenied):
        services.membership_revoke(actor=actor_for(me), membership=own)
    assert me.memberships.get().role == Role.COUNTY_ADMINISTRATOR


def test_another_countys_administrator_cannot_touch_a_person_of_this_county(
    admins, boras, personas
):
    varmland_admin = actor_for(admins["other_county"])
    target, handler = admins["target"], personas["handler"]
    attempts = [
        lambda: services.person_update(
            actor=varmland_admin, person=target, data={"email": "attacker@example.se"}
        ),
        lambda: services.person_deactivate(actor=varmland_admin, person=target),
        lambda: services.password_link_send(actor=varmland_admin, person=target),
        lambda: services.membership_grant(
            actor=varmland_admin, user=handler, provider=boras, role=Role.MANAGER_STEP3
        ),
        lambda: services.membership_revoke(
            actor=varmland_admin, membership=handler.memberships.get()
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    target.refresh_from_db()
    assert target.email == "countyadmin@example.se" and target.is_active
    assert handler.memberships.count() == 1 and mail.outbox == []


def test_another_countys_administrator_cannot_place_their_people_in_this_county(
    admins, boras, varmland, make_person
):
    colleague = make_person(varmland["municipal_provider"], Role.HANDLER, username="karlstad")
    with pytest.raises(PermissionDenied, match=str(services.ROLE_NOT_YOURS)):
        services.membership_grant(
            actor=actor_for(admins["other_county"]),
            user=colleague,
            provider=boras,
            role=Role.HANDLER,
        )
    with pytest.raises(PermissionDenied, match=str(services.ROLE_NOT_YOURS)):
        services.person_create(
            actor=actor_for(admins["other_county"]),
            username="ny",
            email="ny@example.se",
            provider=boras,
            role=Role.REPORTER,
        )
    assert not colleague.memberships.filter(provider=boras).exists()
    assert not User.objects.filter(username="ny").exists()


def test_person_update_changes_only_names_and_address_never_flags_or_password(admins, personas):
    handler = User.objects.get(pk=personas["handler"].pk)
    services.person_update(
        actor=actor_for(admins["same_county"]),
        person=handler,
        data={
            "is_superuser": True,
            "is_staff": True,
            "is_active": False,
            "password": "x",
            "username": "ny",
        },
    )
    handler.refresh_from_db()
    assert (handler.username, handler.is_superuser, handler.is_staff, handler.is_active) == (
        "handler",
        False,
        False,
        True,
    )
    assert handler.check_password(TEST_PASSWORD)


def test_a_superuser_is_managed_by_nobody_but_superusers(admins, boras):
    root = User.objects.create_superuser("root", "root@example.se", TEST_PASSWORD)
    Membership.objects.create(user=root, provider=boras, role=Role.HANDLER)
    for attacker in ATTACKERS:
        with pytest.raises(PermissionDenied):
            services.password_link_send(actor=actor_for(admins[attacker]), person=root)
    assert root in people_managed_by(actor_for(root))


def test_a_person_who_also_works_in_another_county_is_managed_by_neither_alone(
    admins, boras, varmland, make_person
):
    both = make_person(boras, Role.HANDLER, varmland["hospital"], Role.HANDLER, username="pendlare")
    for attacker in ("target", "other_county"):
        assert both not in people_managed_by(actor_for(admins[attacker]))
        with pytest.raises(PermissionDenied):
            services.password_link_send(actor=actor_for(admins[attacker]), person=both)


def test_a_party_administrator_cannot_create_or_reach_county_wide_roles(boras, make_person, admins):
    party_admin = actor_for(make_person(boras, Role.ADMINISTRATOR, username="admin.boras"))
    colleague = make_person(boras, Role.REPORTER, username="kollega")
    for role in (Role.COUNTY_ADMINISTRATOR, Role.COUNTY_ANALYST):
        with pytest.raises(PermissionDenied, match=str(services.ROLE_NOT_YOURS)):
            services.membership_grant(actor=party_admin, user=colleague, provider=boras, role=role)
    # A Borås colleague who is also a county administrator is out of a party admin's reach.
    services.membership_grant(
        actor=None, user=colleague, provider=boras, role=Role.COUNTY_ADMINISTRATOR
    )
    assert colleague not in people_managed_by(party_admin)
    with pytest.raises(PermissionDenied):
        services.password_link_send(actor=party_admin, person=colleague)


def test_nobody_deactivates_themselves(admins):
    me = admins["same_county"]
    with pytest.raises(PermissionDenied, match=str(services.OWN_DEACTIVATION_REFUSED)):
        services.person_deactivate(actor=actor_for(me), person=me)
    me.refresh_from_db()
    assert me.is_active


def test_the_last_role_is_not_taken_deactivate_instead(admins, personas):
    handler = personas["handler"]
    with pytest.raises(ValidationError) as exc:
        services.membership_revoke(
            actor=actor_for(admins["target"]), membership=handler.memberships.get()
        )
    assert exc.value.messages == [services.LAST_ROLE_REFUSED]
    assert handler.memberships.count() == 1


# --- what is allowed, and lands in the trail --------------------------------------------------


def test_a_county_administrator_adds_a_person_who_gets_a_link_and_no_password(
    admins, boras, delivered
):
    with delivered():
        person = services.person_create(
            actor=actor_for(admins["target"]),
            username="ny.handlaggare",
            email="ny.handlaggare@boras.se",
            first_name="Nora",
            last_name="Ny",
            provider=boras,
            role=Role.HANDLER,
        )
    assert not person.has_usable_password()
    assert person.memberships.get().role == Role.HANDLER
    [message] = mail.outbox
    assert message.to == ["ny.handlaggare@boras.se"]
    assert "/losenord/" in message.body and "ny.handlaggare" in message.body
    actions = list(
        AuditEvent.objects.filter(username="countyadmin").values_list("action", flat=True)
    )
    assert actions == [
        "parties.person.created",
        "parties.membership.granted",
        "parties.person.password_link_sent",
    ]
    from samsyn.audit.display import action_label

    assert action_label("parties.person.password_link_sent") == (
        "Länk för att välja lösenord skickad"
    )
    created = AuditEvent.objects.get(action="parties.person.created")
    assert created.data["after"] == {
        "first_name": FREE_TEXT_CHANGED,
        "last_name": FREE_TEXT_CHANGED,
        "email": FREE_TEXT_CHANGED,
    }
    trail = _trail_text()
    assert "Nora" not in trail and "boras.se" not in trail


def test_a_changed_name_and_address_are_recorded_without_their_text_and_the_old_address_told(
    admins, personas, delivered
):
    handler = personas["handler"]
    with delivered():
        services.person_update(
            actor=actor_for(admins["same_county"]),
            person=handler,
            data={"last_name": "Ändradsson", "email": "ny@boras.se"},
        )
    event = AuditEvent.objects.get(action="parties.person.changed")
    assert event.data["after"] == {"email": FREE_TEXT_CHANGED, "last_name": FREE_TEXT_CHANGED}
    assert event.username == "lansadmin2" and event.object_id == str(handler.pk)
    assert "Ändradsson" not in _trail_text() and "ny@boras.se" not in _trail_text()
    [notice] = mail.outbox
    assert notice.to == ["handler@example.se"] and "har ändrats" in notice.subject


def test_roles_given_changed_and_taken_are_in_the_trail(admins, personas, sas, boras):
    actor, handler = actor_for(admins["target"]), personas["handler"]
    granted = services.membership_grant(
        actor=actor, user=handler, provider=sas, role=Role.MANAGER_STEP1
    )
    services.membership_update(
        actor=actor, membership=granted, provider=sas, role=Role.MANAGER_STEP2
    )
    granted_id = granted.pk
    services.membership_revoke(actor=actor, membership=granted)
    events = AuditEvent.objects.filter(
        object_type="parties.membership", object_id=str(granted_id)
    ).order_by("id")
    assert [e.action for e in events] == [
        "parties.membership.granted",
        "parties.membership.changed",
        "parties.membership.revoked",
    ]
    assert events[1].data == {
        "before": {"role": Role.MANAGER_STEP1},
        "after": {"role": Role.MANAGER_STEP2},
    }
    assert {e.county_id for e in events} == {boras.party.county_id}


def test_deactivating_and_reactivating_a_person_is_in_the_trail(admins, personas):
    actor, handler = actor_for(admins["same_county"]), personas["handler"]
    services.person_deactivate(actor=actor, person=handler)
    handler.refresh_from_db()
    assert not handler.is_active
    services.person_reactivate(actor=actor, person=handler)
    assert list(
        AuditEvent.objects.filter(object_id=str(handler.pk)).values_list("action", flat=True)
    ) == ["parties.person.deactivated", "parties.person.reactivated"]


def test_a_password_link_goes_only_to_the_persons_own_address(admins, personas, delivered):
    with delivered():
        services.password_link_send(
            actor=actor_for(admins["same_county"]), person=personas["handler"]
        )
    [message] = mail.outbox
    assert message.to == ["handler@example.se"]
    assert AuditEvent.objects.filter(
        action="parties.person.password_link_sent", username="lansadmin2"
    ).exists()


def test_a_password_link_needs_an_address_and_an_active_person(admins, personas):
    actor, handler = actor_for(admins["target"]), personas["handler"]
    handler.email = ""
    with pytest.raises(ValidationError) as exc:
        services.password_link_send(actor=actor, person=handler)
    assert exc.value.message_dict["email"] == [services.NO_EMAIL_FOR_LINK]
    handler.email, handler.is_active = "handler@example.se", False
    with pytest.raises(ValidationError, match="inaktiverad"):
        services.password_link_send(actor=actor, person=handler)
