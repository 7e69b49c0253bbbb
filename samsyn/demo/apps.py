from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and benchmark data: the demo people, the county data generator, `load_demo_data`."""

    name = "samsyn.demo"
    verbose_name = _("Demo data")

    def ready(self):
        from samsyn.core.login_page import login_page_extra_register
        from samsyn.demo.people import demo_login_page_extras

        login_page_extra_register(demo_login_page_extras)
