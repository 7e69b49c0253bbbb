"""Reference data shipped as JSON (a county's parties, its agreement registry), read one way."""

import json
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def reference_file(name: str, *, directory: Path) -> dict:
    """A file by name in `directory` (without .json) or by path."""
    path = Path(name)
    if not path.is_absolute() and not path.exists():
        path = directory / f"{name}.json"
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def reference_load_or_fail(
    *, name: str, read: Callable[[str], dict], load: Callable[..., dict], noun: str
) -> dict:
    """Read and load a reference file for a command; every failure is a translated CommandError.

    `noun` names the file at the start of messages ("The reference file", "The registry file",
    translated); the load runs in one transaction, so a failure saves nothing.
    """
    try:
        data = read(name)
    except FileNotFoundError as exc:
        raise CommandError(
            _("{file} does not exist: {path}").format(file=noun, path=exc.filename)
        ) from exc
    except ValueError as exc:
        raise CommandError(
            _("{file} is not valid JSON: {error}").format(file=noun, error=exc)
        ) from exc
    try:
        return load(data=data)
    except ValidationError as exc:
        raise CommandError(
            _("{errors} Nothing was saved.").format(errors="; ".join(exc.messages))
        ) from exc
    except KeyError as exc:
        raise CommandError(
            _("{file} lacks the field {field}. Nothing was saved.").format(file=noun, field=exc)
        ) from exc
