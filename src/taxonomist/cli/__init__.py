"""The command line: a thin layer over the API. Only this package prints.

Each command group lives in its own module with a ``register(app)`` function; the registry
below is the one place that lists them.
"""

from __future__ import annotations

import sys
from importlib import import_module

COMMAND_MODULES: tuple[str, ...] = (
    "taxonomist.cli.lint_cmd",
    "taxonomist.cli.schema_cmd",
    "taxonomist.cli.import_cmd",
    "taxonomist.cli.check_cmd",
    "taxonomist.cli.rules_cmd",
    "taxonomist.cli.guidelines_cmd",
    "taxonomist.cli.export_cmd",
)


def _fast_version(argv: list[str]) -> bool:
    """``taxonomist --version`` answers without importing typer, rich or pydantic."""
    if argv in (["--version"], ["-V"]):
        from taxonomist import __version__

        sys.stdout.write(f"taxonomist {__version__}\n")
        return True
    return False


def build_app() -> object:
    import typer

    from taxonomist import __version__

    app = typer.Typer(
        name="taxonomist",
        help="Lint a labeling taxonomy, check annotation files against it, publish guidelines.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )

    def version_callback(value: bool) -> None:
        if value:
            typer.echo(f"taxonomist {__version__}")
            raise typer.Exit(0)

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False,
            "--version",
            "-V",
            help="Show the version and exit.",
            callback=version_callback,
            is_eager=True,
        ),
    ) -> None:
        """taxonomist: one reviewed YAML taxonomy per labeling project."""

    for module_name in COMMAND_MODULES:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(app)
    return app


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point; maps every outcome to an exit code (0/1/2/3)."""
    args = sys.argv[1:] if argv is None else argv
    if _fast_version(args):
        raise SystemExit(0)
    from taxonomist.cli.errors import run_guarded

    raise SystemExit(run_guarded(build_app, args))
