from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "samsyn.parties"
    verbose_name = "Parter och vårdgivare"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from samsyn.audit.display import action_labels_register

        action_labels_register(
            {
                "parties.person.created": _("Person tillagd"),
                "parties.person.changed": _("Personuppgifter ändrade"),
                "parties.person.deactivated": _("Person inaktiverad"),
                "parties.person.reactivated": _("Person aktiverad igen"),
                "parties.person.password_link_sent": _("Länk för att välja lösenord skickad"),
                "parties.person.password_chosen": _("Lösenord valt via länk"),
                "parties.membership.changed": _("Roll ändrad"),
                "parties.membership.revoked": _("Roll borttagen"),
            }
        )
