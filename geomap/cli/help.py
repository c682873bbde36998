"""The help typer prints for ``geomap``: values named PATH, INTEGER or ``table|json``, not by Python type."""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

from typer.core import TyperGroup

__all__ = ["HelpGroup"]

_TYPE_NAMES = {"str": "TEXT", "text": "TEXT", "int": "INTEGER", "int range": "INTEGER", "integer range": "INTEGER"}


def _label(kind: Any) -> str:  # noqa: ANN401 - a click parameter type
    """What the help shows for a value of ``kind``: PATH, INTEGER, TEXT, ``a|b`` for choices."""
    choices = getattr(kind, "choices", None)
    if choices is not None:
        return "|".join(str(getattr(c, "value", c)) for c in choices)
    name = str(kind.name).strip("<>")
    return _TYPE_NAMES.get(name.lower(), name.upper())


def _show_metavars(command: Any) -> None:  # noqa: ANN401 - a click command or group
    """Give every valued parameter of ``command`` (and its subcommands) a type that the help names plainly.

    typer's help names a value by its type's ``get_metavar`` (``<path>``, ``<int range>``); each
    parameter gets its own copy of its type whose ``get_metavar`` gives the plain label, and an
    argument is named in capitals (``geomap places [OPTIONS] REPORT``).
    """
    for param in command.params:
        if getattr(param, "is_flag", False) or param.metavar is not None:
            continue
        if param.param_type_name == "argument":
            param.metavar = str(param.name).upper() + ("..." if param.nargs != 1 else "")
        kind = copy.copy(param.type)
        vars(kind)["get_metavar"] = partial(_fixed, _label(param.type))
        param.type = kind
    for sub in getattr(command, "commands", {}).values():
        _show_metavars(sub)


def _fixed(label: str, *_: object, **__: object) -> str:
    return label


class HelpGroup(TyperGroup):
    """A typer group whose help shows PATH, INTEGER or ``table|json`` for values, not ``<path>`` or ``<int range>``.

    Written for typer 0.28 (pinned in ``pyproject.toml``): 0.29 coerces every value through pydantic,
    which costs every command 0.1 s of start-up.
    """

    def __init__(self, **attrs: Any) -> None:  # noqa: ANN401 - typer's group options
        super().__init__(**attrs)
        _show_metavars(self)
