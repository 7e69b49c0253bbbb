from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "samsyn.parties"
    verbose_name = _("Principals and care providers")

    def ready(self):
        from samsyn.audit.display import DataKey, action_labels_register, data_keys_register
        from samsyn.core.navigation import nav_register
        from samsyn.core.selectors import start_section_register
        from samsyn.parties.selectors import people_start_section

        start_section_register(people_start_section)
        nav_register(
            url_name="parties:units",
            label=_("Units"),
            order=81,
            permission="parties.manage_people",
        )
        nav_register(
            url_name="parties:providers",
            label=_("Care providers"),
            order=82,
            permission="parties.edit",
        )
        nav_register(
            url_name="parties:people",
            label=_("People"),
            order=80,
            permission="parties.manage_people",
        )

        action_labels_register(
            {
                "parties.person.created": _("Person added"),
                "parties.person.changed": _("Personal details changed"),
                "parties.person.deactivated": _("Person deactivated"),
                "parties.person.reactivated": _("Person reactivated"),
                "parties.person.login_unlocked": _("Login lockout lifted"),
                "parties.person.password_link_sent": _("Link to choose a password sent"),
                "parties.person.password_chosen": _("Password chosen through the link"),
                "parties.membership.changed": _("Role changed"),
                "parties.membership.revoked": _("Role removed"),
                "parties.party.renamed": _("Principal renamed from the reference data"),
                "parties.provider.added": _("Care provider added"),
                "parties.provider.changed": _("Care provider changed"),
                "parties.area.added": _("Cooperation area added"),
                "parties.area.changed": _("Cooperation area changed"),
                "parties.county.forum_renamed": _("Patient-safety forum renamed"),
                "parties.unit.added": _("Unit added"),
                "parties.unit.changed": _("Unit changed"),
                "parties.unit.removed": _("Unit removed"),
            }
        )
        data_keys_register(
            {
                "username": DataKey(_("username")),
                "attempts_removed": DataKey(_("failed sign-ins forgotten")),
                "user": DataKey(_("user")),
                # Parties are named by their code in the agreements' trail, by id elsewhere.
                "party": DataKey(_("principal"), model="parties.party", lookup="code"),
                "party_id": DataKey(_("principal"), model="parties.party"),
                "provider_id": DataKey(_("care provider"), model="parties.careprovider"),
                "unit_id": DataKey(_("unit"), model="parties.careunit"),
            }
        )
