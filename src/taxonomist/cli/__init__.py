"""The command line: a thin layer over the API. Only this package prints.

Each command group lives in its own module with a ``register(app)`` function; the registry
below is the one place that lists them. Only the module of the command being run is imported
(``taxonomist check`` never imports the guideline generator); ``--help`` imports them all.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

from taxonomist.core.errors import ExitCode

COMMANDS: dict[str, str] = {
    "lint": "taxonomist.cli.lint_cmd",
    "schema": "taxonomist.cli.schema_cmd",
    "import": "taxonomist.cli.import_cmd",
    "check": "taxonomist.cli.check_cmd",
    "rules": "taxonomist.cli.rules_cmd",
    "guidelines": "taxonomist.cli.guidelines_cmd",
    "export": "taxonomist.cli.export_cmd",
    "lock": "taxonomist.cli.lock_cmd",
    "migrate": "taxonomist.cli.migrate_cmd",
    "list-taxonomies": "taxonomist.cli.library_cmd",
    "diff": "taxonomist.cli.diff_cmd",
    "agree": "taxonomist.cli.agree_cmd",
    "stats": "taxonomist.cli.stats_cmd",
}


def _fast_version(argv: list[str]) -> bool:
    """``taxonomist --version`` answers without importing typer, rich or pydantic."""
    return argv in (["--version"], ["-V"])


def _print_version() -> int:
    from taxonomist import __version__

    sys.stdout.write(f"taxonomist {__version__}\n")
    return ExitCode.OK


def build_app(args: list[str] | None = None) -> object:
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
            raise typer.Exit(ExitCode.OK)

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

    for module_name in _modules_for(args or []):
        import_module(module_name).register(app)
    return app


def _modules_for(args: list[str]) -> list[str]:
    """The one command module ``args`` names, or all of them (for help and errors)."""
    first = next((a for a in args if not a.startswith("-")), None)
    if first in COMMANDS:
        return [COMMANDS[first]]
    return list(COMMANDS.values())


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point; maps every outcome to an exit code (see ``cli.errors``)."""
    args = sys.argv[1:] if argv is None else argv
    from taxonomist.cli.errors import guarded, run_guarded

    if argv is None:
        _terminate_on_sigterm()
    if _fast_version(args):
        code = guarded(_print_version)
    else:
        code = run_guarded(lambda: build_app(args), args)
    if argv is None and not os.environ.get("TAXONOMIST_CLEAN_EXIT"):
        _hard_exit(code)
    raise SystemExit(code)


def _terminate_on_sigterm() -> None:
    """SIGTERM raises ``Terminated`` in the main thread, so ``finally`` blocks run and no
    temporary file outlives a killed write. Only for real processes (a test runner keeps
    its own handlers)."""
    import signal

    from taxonomist.cli.errors import Terminated

    def terminate(_signum: int, _frame: object) -> None:
        raise Terminated

    signal.signal(signal.SIGTERM, terminate)


def _hard_exit(code: int) -> None:
    """Exit without tearing the interpreter down: freeing a million-annotation dataset object
    by object costs a tenth of a second and helps nobody once every output is flushed and
    every file written (mypy exits the same way). Only for real processes, never when
    ``main(argv)`` is called from Python. The outputs were flushed by ``cli.errors.guarded``,
    which reported any failure."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # already reported, or nobody left to tell
            pass
    os._exit(code)
