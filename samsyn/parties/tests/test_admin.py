"""The Django admin, for superusers only (issue 23 item 4; core/tests/test_admin_site.py refuses
everyone else): what it saves still goes through the services and into the trail, and even a
superuser sets nobody's password, flags or own roles there."""

from django.contrib.auth import get_user_model
from django.core import mail

from samsyn.parties import services
from samsyn.parties.models import (
    CareProvider,
    CooperationArea,
    Membership,
    Party,
    Role,
)
from samsyn.parties.tests.factories import TEST_PASSWORD


def test_county_administrator_adds_a_private_primary_care_unit(client, root, personas):
    client.force_login(root)
    vgr = Party.objects.get(kind=Party.Kind.REGION)
    response = client.post(
        "/admin/parties/careprovider/add/",
        {
            "party": vgr.pk,
            "kind": "private",
            "name": "Vårdcentralen Hjärtat Borås",
            "is_active": "on",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CareProvider.objects.filter(name="Vårdcentralen Hjärtat Borås", party=vgr).exists()


def test_a_duplicate_provider_is_refused_in_the_admin(client, root, personas, boras):
    client.force_login(root)
    before = CareProvider.objects.count()
    response = client.post(
        "/admin/parties/careprovider/add/",
        {
            "party": boras.party_id,
            "kind": "municipal",
            "name": "Borås Stad",
            "is_active": "on",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "finns redan" in response.content.decode()
    assert CareProvider.objects.count() == before


def test_county_administrator_edits_area_membership(client, root, personas):
    client.force_login(root)
    area = CooperationArea.objects.get(name="Lerum/Alingsås (SAMLA)")
    ale = Party.objects.get(code="1440")
    members = [*area.members.values_list("pk", flat=True), ale.pk]
    response = client.post(
        f"/admin/parties/cooperationarea/{area.pk}/change/",
        {"county": area.county_id, "name": area.name, "members": members},
    )
    assert response.status_code == 302
    assert area.members.filter(pk=ale.pk).exists()


def test_saving_a_person_without_any_provider_is_refused_in_the_admin(
    client, root, personas, make_person, boras
):
    client.force_login(root)
    person = make_person(boras, Role.REPORTER, username="lonely")
    membership = person.memberships.get()
    response = client.post(
        f"/admin/auth/user/{person.pk}/change/",
        {
            "username": "lonely",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "date_joined_0": "2026-11-25",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": membership.pk,
            "memberships-0-user": person.pk,
            "memberships-0-provider": boras.pk,
            "memberships-0-role": "reporter",
            "memberships-0-DELETE": "on",
        },
    )
    assert response.status_code == 200
    assert "minst en vårdgivare" in response.content.decode()
    assert get_user_model().objects.get(pk=person.pk).memberships.count() == 1


# --- admin changes are in the audit trail (every create and change) ---------------


def _trail(action):
    from samsyn.audit.models import AuditEvent

    return AuditEvent.objects.filter(action=action)


def test_area_membership_changed_in_the_admin_is_in_the_trail(client, root, personas):
    client.force_login(root)
    area = CooperationArea.objects.get(name="Lerum/Alingsås (SAMLA)")
    ale = Party.objects.get(code="1440")
    before = sorted(area.members.values_list("pk", flat=True))
    client.post(
        f"/admin/parties/cooperationarea/{area.pk}/change/",
        {"county": area.county_id, "name": area.name, "members": [*before, ale.pk]},
    )
    event = _trail("admin.parties.cooperationarea.changed").get(object_id=str(area.pk))
    assert event.username == "root"
    assert event.data == {
        "before": {"members": before},
        "after": {"members": sorted([*before, ale.pk])},
    }


def test_a_role_given_and_taken_in_the_admin_is_in_the_trail(
    client, root, personas, make_person, boras, sas
):
    client.force_login(root)
    person = make_person(boras, Role.REPORTER, username="tvårollig")
    kept = person.memberships.get()
    common = {
        "username": "tvårollig",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-11-25",
        "date_joined_1": "10:00:00",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": kept.pk,
        "memberships-0-user": person.pk,
        "memberships-0-provider": boras.pk,
        "memberships-0-role": "reporter",
    }
    response = client.post(
        f"/admin/auth/user/{person.pk}/change/",
        {
            **common,
            "memberships-TOTAL_FORMS": "2",
            "memberships-1-user": person.pk,
            "memberships-1-provider": sas.pk,
            "memberships-1-role": "handler",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    granted = person.memberships.get(provider=sas)
    created = _trail("parties.membership.granted").get(object_id=str(granted.pk))
    assert created.data["role"] == "handler" and created.username == "root"
    response = client.post(
        f"/admin/auth/user/{person.pk}/change/",
        {
            **common,
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "2",
            "memberships-1-id": granted.pk,
            "memberships-1-user": person.pk,
            "memberships-1-provider": sas.pk,
            "memberships-1-role": "handler",
            "memberships-1-DELETE": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not person.memberships.filter(provider=sas).exists()
    deleted = _trail("parties.membership.revoked").get(object_id=str(granted.pk))
    assert deleted.data["provider_id"] == sas.pk


def test_a_provider_added_in_the_admin_is_in_the_trail_with_a_swedish_label(client, root, personas):
    from samsyn.audit.display import action_label

    client.force_login(root)
    vgr = Party.objects.get(kind=Party.Kind.REGION)
    client.post(
        "/admin/parties/careprovider/add/",
        {
            "party": vgr.pk,
            "kind": "private",
            "name": "Vårdcentralen Spåret",
            "is_active": "on",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
        },
    )
    provider = CareProvider.objects.get(name="Vårdcentralen Spåret")
    event = _trail("admin.parties.careprovider.created").get(object_id=str(provider.pk))
    assert event.data["after"]["name"] == "Vårdcentralen Spåret"
    assert action_label(event.action) == "Vårdgivare skapad i administrationen"


# --- what even a superuser cannot do in the admin -------------------------------------------


def _person_form(person, **extra):
    """The change form of a person as the admin posts it, with their roles unchanged (with
    the fields Django's own user form asked for, so that a post to it would be valid too)."""
    data = {
        "username": person.username,
        "date_joined_0": "2026-11-25",
        "date_joined_1": "10:00:00",
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "is_active": "on" if person.is_active else "",
    }
    memberships = list(person.memberships.order_by("pk"))
    data.update(
        {
            "memberships-TOTAL_FORMS": str(len(memberships)),
            "memberships-INITIAL_FORMS": str(len(memberships)),
        }
    )
    for i, m in enumerate(memberships):
        data.update(
            {
                f"memberships-{i}-id": m.pk,
                f"memberships-{i}-user": person.pk,
                f"memberships-{i}-provider": m.provider_id,
                f"memberships-{i}-unit": m.unit_id or "",
                f"memberships-{i}-role": m.role,
            }
        )
    data.update(extra)
    return {k: v for k, v in data.items() if v != ""}


def _with_new_role(person, provider, role):
    data = _person_form(person)
    n = int(data["memberships-TOTAL_FORMS"])
    data.update(
        {
            "memberships-TOTAL_FORMS": str(n + 1),
            f"memberships-{n}-user": person.pk,
            f"memberships-{n}-provider": provider.pk,
            f"memberships-{n}-role": role,
        }
    )
    return data


def test_nobody_sets_another_persons_password_in_the_admin(client, root, personas):
    client.force_login(root)
    target = personas["county_admin"]
    url = f"/admin/auth/user/{target.pk}/password/"
    # No password form: the address leads to the person's change page, which has none.
    assert 'name="password1"' not in client.get(url, follow=True).content.decode()
    new = {"password1": "Kapad-Kontot-2027!", "password2": "Kapad-Kontot-2027!"}
    client.post(url, new, follow=True)
    # A password posted with the change form is ignored.
    client.post(f"/admin/auth/user/{target.pk}/change/", _person_form(target, **new, password="x"))
    target.refresh_from_db()
    assert target.check_password(TEST_PASSWORD)


def test_the_superuser_staff_group_and_permission_flags_cannot_be_set_in_the_admin(
    client, root, personas
):
    from django.contrib.auth.models import Permission

    client.force_login(root)
    handler = personas["handler"]
    page = client.get(f"/admin/auth/user/{handler.pk}/change/")
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    client.post(
        f"/admin/auth/user/{handler.pk}/change/",
        _person_form(
            handler,
            is_superuser="on",
            is_staff="on",
            user_permissions=[Permission.objects.first().pk],
        ),
    )
    handler.refresh_from_db()
    assert not handler.is_superuser and not handler.is_staff
    assert not handler.user_permissions.exists()
    assert client.get("/admin/auth/group/").status_code == 404


def test_nobody_gives_themselves_a_role_in_the_admin(client, root, boras):
    me = root
    client.force_login(me)
    page = client.get(f"/admin/auth/user/{me.pk}/change/")
    assert page.status_code == 200
    client.post(f"/admin/auth/user/{me.pk}/change/", _with_new_role(me, boras, Role.HANDLER))
    assert not me.memberships.exists()


def test_own_deactivation_is_refused_on_the_form(client, root):
    me = root
    client.force_login(me)
    data = _person_form(me)
    del data["is_active"]
    response = client.post(f"/admin/auth/user/{me.pk}/change/", data)
    assert response.status_code == 200
    assert str(services.OWN_DEACTIVATION_REFUSED) in response.content.decode()
    me.refresh_from_db()
    assert me.is_active


# --- allowed changes go through the services and into the trail -----------------------------


def test_a_person_added_in_the_admin_gets_a_link_and_the_trail_records_it(
    client, root, boras, delivered
):
    from samsyn.audit.models import AuditEvent

    client.force_login(root)
    with delivered():
        response = client.post(
            "/admin/auth/user/add/",
            {
                "username": "ny.person",
                "first_name": "Nils",
                "last_name": "Nyman",
                "email": "nils.nyman@boras.se",
                "provider": boras.pk,
                "role": "handler",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = get_user_model().objects.get(username="ny.person")
    assert not person.has_usable_password() and person.memberships.get().provider == boras
    assert [m.to for m in mail.outbox] == [["nils.nyman@boras.se"]]
    assert set(AuditEvent.objects.filter(username="root").values_list("action", flat=True)) >= {
        "parties.person.created",
        "parties.membership.granted",
        "parties.person.password_link_sent",
    }
    assert "Nyman" not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_a_name_change_and_a_deactivation_in_the_admin_are_in_the_trail(client, root, personas):
    from samsyn.audit.models import AuditEvent

    handler = personas["handler"]
    client.force_login(root)
    data = _person_form(handler, last_name="Nyttnamn")
    del data["is_active"]
    response = client.post(f"/admin/auth/user/{handler.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    handler.refresh_from_db()
    assert handler.last_name == "Nyttnamn" and not handler.is_active
    actions = list(
        AuditEvent.objects.filter(object_id=str(handler.pk), object_type="auth.user").values_list(
            "action", flat=True
        )
    )
    assert actions == ["parties.person.changed", "parties.person.deactivated"]
    assert "Nyttnamn" not in str(list(AuditEvent.objects.values_list("data", flat=True)))


def test_the_send_link_action_mails_each_chosen_person_their_own_link(
    client, root, personas, delivered
):
    client.force_login(root)
    chosen = [personas["handler"].pk, personas["reporter"].pk]
    with delivered():
        response = client.post(
            "/admin/auth/user/",
            {"action": "send_password_link", "_selected_action": chosen},
            follow=True,
        )
    assert "skickades till 2 personer" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["handler@example.se", "reporter@example.se"]
    assert Membership.objects.filter(user__in=chosen).count() == 2
