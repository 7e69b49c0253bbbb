"""The browser suite's live server is prepared like `make run` (read from the Makefile)."""

import pytest

from tests.browser.conftest import PAGES, setup_commands


def test_live_server_setup_follows_the_makefile_run_target():
    commands = setup_commands()
    names = [args[0] for args in commands]
    assert names[0] == "migrate"
    assert {"load_reference_data", "load_demo_data"} <= set(names)
    assert "runserver" not in names
    # The delivery loop runs beside the server; the live server's set-up must not wait for it.
    assert "deliver_outbox" not in names
    demo = next(args for args in commands if args[0] == "load_demo_data")
    assert "--allow-without-debug" in demo


def test_setup_commands_stop_at_the_end_of_the_run_target(tmp_path):
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "run: $(STAMP)\n\t$(BIN)/python manage.py migrate --noinput\n"
        "\t$(BIN)/python manage.py load_agreement_registry\n"
        "\t$(BIN)/python manage.py runserver $(HOST):$(PORT)\n\n"
        "test:\n\t$(BIN)/python manage.py makemigrations --check\n"
    )
    assert setup_commands(makefile) == [["migrate", "--noinput"], ["load_agreement_registry"]]


def test_a_setup_line_with_more_than_one_command_is_refused_not_run_in_part(tmp_path):
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        "run: $(STAMP)\n\t$(BIN)/python manage.py migrate --noinput\n"
        "\t$(BIN)/python manage.py load_demo_data & pid=$$!; \\\n"
    )
    with pytest.raises(RuntimeError, match="more than one command"):
        setup_commands(makefile)


def test_page_table_names_are_unique_so_screenshots_do_not_overwrite_each_other():
    names = [name for name, _path, _user in PAGES]
    assert len(names) == len(set(names))
