"""Every Samsyn management command prints its help (`manage.py help <command>`) in Swedish."""

import io
from contextlib import redirect_stdout

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

SAMSYN_COMMANDS = sorted(
    (name, app) for name, app in get_commands().items() if app.startswith("samsyn.")
)


def test_the_project_has_its_own_commands():
    assert len(SAMSYN_COMMANDS) >= 10


@pytest.mark.parametrize(("name", "app"), [c for c in SAMSYN_COMMANDS if c[0] != "makemessages"])
def test_a_command_prints_its_help_in_swedish(name, app):
    command = load_command_class(app, name)
    with translation.override("en"):
        english = str(command.help)
    out = io.StringIO()
    with translation.override("sv"), redirect_stdout(out):
        command.print_help("manage.py", name)
        swedish = str(load_command_class(app, name).help)
    text = " ".join(out.getvalue().split())
    assert f"manage.py {name}" in text
    assert swedish != english
    assert " ".join(swedish.split()) in text
