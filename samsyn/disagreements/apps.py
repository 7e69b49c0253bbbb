from django.apps import AppConfig


class DisagreementsConfig(AppConfig):
    name = "samsyn.disagreements"
    verbose_name = "Oenighet och tvist"

    def ready(self):
        from samsyn.core.navigation import nav_register
        from samsyn.core.selectors import start_section_register
        from samsyn.disagreements import access  # noqa: F401 - registers permissions
        from samsyn.disagreements.views import start_section

        nav_register(url_name="disagreements:list", label="Oenighet och tvist", order=30,
                     permission="disagreements.view")
        nav_register(url_name="disagreements:lessons", label="Vägledande lösningar", order=35)
        nav_register(url_name="disagreements:economic_agreements",
                     label="Ekonomiska överenskommelser", order=36,
                     permission="disagreements.economic_agreements.view")
        nav_register(url_name="disagreements:organisation",
                     label="Organisation för oenighet", order=80,
                     permission="parties.manage_people")
        start_section_register(start_section)
