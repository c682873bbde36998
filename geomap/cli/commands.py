"""The ``geomap`` command as a typer app: every command, its options and its help.

Each module holds the commands of one job (:mod:`~geomap.cli.reports`,
:mod:`~geomap.cli.control`, :mod:`~geomap.cli.gazetteer`,
:mod:`~geomap.cli.scoring`; ``serve`` lives with the service); this one
assembles them into :data:`app`. Importing a command module is cheap: each
command imports the library it needs when it runs. The console script
(:func:`geomap.cli.main`) comes here for anything :mod:`geomap.cli.quick`
does not answer itself.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from geomap.cli import control, gazetteer, reports, scoring
from geomap.cli.console import log_to_stderr
from geomap.cli.help import HelpGroup
from geomap.service.command import serve

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["app", "main"]


def _typer() -> typer.Typer:
    return typer.Typer(
        cls=HelpGroup,
        name="geomap",
        help="Turn conflict reports into sourced, mapped and comparable geodata.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        add_completion=False,
    )


app = _typer()
gazetteer_app = typer.Typer(cls=HelpGroup, help="Look up and extend the local gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


def _version(value: bool) -> None:
    if value:
        from geomap import __version__  # noqa: PLC0415

        typer.echo(f"geomap {__version__}")
        raise typer.Exit


def _options(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what geomap does.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn conflict reports into sourced, mapped and comparable geodata."""
    del version
    log_to_stderr(verbose)


COMMANDS: dict[str, Callable[..., None]] = {
    "places": reports.places, "events": reports.events, "run": reports.run, "evaluate": scoring.evaluate,
    "claims": control.claims, "compare": control.compare, "timeline": control.timeline, "serve": serve,
}  # fmt: skip
app.callback()(_options)
for command in COMMANDS.values():
    app.command()(command)
for name, command in (("lookup", gazetteer.gazetteer_lookup), ("import", gazetteer.gazetteer_import),
                      ("build", gazetteer.gazetteer_build), ("check", gazetteer.gazetteer_check)):  # fmt: skip
    gazetteer_app.command(name)(command)


def main() -> None:
    """The ``geomap`` command through typer: :data:`app`, built with only the command asked for.

    typer builds every command it holds before it reads the arguments (their signatures, types and
    help); ``geomap places`` needs one. Anything else (no command, ``--help`` of the whole group, a
    ``gazetteer`` command, a misspelled one) goes to the whole :data:`app`.
    """
    name = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if name not in COMMANDS:
        app(prog_name="geomap")
        return
    single = _typer()
    single.callback()(_options)
    single.command()(COMMANDS[name])
    single(prog_name="geomap")
