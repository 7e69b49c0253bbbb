from samsyn.disagreements.views.cases import start_section  # noqa: F401
