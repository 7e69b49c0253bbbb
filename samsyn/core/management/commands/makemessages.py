"""Django's makemessages with the project's ignores, so `make messages` and the catalogue test
(core/tests/test_translations.py) extract exactly the same strings.

One catalogue, `samsyn/locale/sv/LC_MESSAGES/django.po` (LOCALE_PATHS): English message ids,
Swedish translations. Entries no longer in the code are dropped (`--no-obsolete`).
"""

from django.core.management.commands import makemessages

# Not user-visible text of the product: tests, migrations, vendored files, the demo data
# (invented names and case texts are data, not catalogue entries), generated output.
MESSAGES_IGNORE = [
    "tests",
    "conftest.py",
    "migrations",
    "static",
    "staticfiles",
    "var",
    "test-artifacts",
    "bench",
    "demo.py",
]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [
            *(options.get("ignore_patterns") or []),
            *MESSAGES_IGNORE,
        ]
        options["no_obsolete"] = True
        # File names without line numbers: moving code does not rewrite the catalogue.
        options["add_location"] = options.get("add_location") or "file"
        return super().handle(*args, **options)
