"""The base of Samsyn's management commands: help texts in Swedish that `--help` can print.

The commands mark their help texts with `gettext_lazy`, so `manage.py help` shows them in the
active language; argparse, though, needs real strings (it runs regular expressions over
them) and fails on a lazy one. `create_parser` turns them into strings once the language is
active, after `add_arguments` has added the command's own options.
"""

from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        for action in parser._actions:  # noqa: SLF001 - argparse keeps the options only here
            if action.help is not None:
                action.help = str(action.help)
        return parser
