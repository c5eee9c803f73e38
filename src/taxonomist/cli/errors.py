"""The one boundary where exceptions become exit codes and one-line messages.

0 clean, 1 findings at or above the failing severity, 2 invalid input or usage,
3 internal error. No traceback reaches the user unless TAXONOMIST_DEBUG is set.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from importlib import import_module
from typing import Any

from taxonomist.core.errors import ExitCode, TaxonomistError, TaxonomyInvalid


def _say(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def _signal_types() -> tuple[tuple[type[BaseException], ...], ...]:
    """Exit, abort and usage-error classes of click and of the click copy typer may bundle
    (typer >= 0.29 ships its own, so handling only ``click``'s would turn a missing argument
    into an 'internal error')."""
    exits: list[type[BaseException]] = []
    aborts: list[type[BaseException]] = []
    usage: list[type[BaseException]] = []
    for module_name in ("click.exceptions", "typer.exceptions", "typer._click.exceptions"):
        if module_name.partition(".")[0] not in sys.modules:
            continue  # nothing can raise from a package that was never imported
        try:
            module = import_module(module_name)
        except ImportError:
            continue
        for attr, bucket in (("Exit", exits), ("Abort", aborts), ("ClickException", usage)):
            found = getattr(module, attr, None)
            if isinstance(found, type) and issubclass(found, BaseException):
                bucket.append(found)
    return tuple(exits), tuple(aborts), tuple(usage)


def _usage_message(exc: BaseException) -> str:
    format_message = getattr(exc, "format_message", None)
    return str(format_message() if callable(format_message) else exc)


def run_guarded(build: Callable[[], Any], args: list[str]) -> int:
    try:
        app = build()
        import typer.main

        command = typer.main.get_command(app)
        result = command.main(args=args, prog_name="taxonomist", standalone_mode=False)
        return int(result) if isinstance(result, int) else ExitCode.OK
    except BaseException as exc:  # sorted out below, in one place
        return _exit_code_for(exc)


def _exit_code_for(error: BaseException) -> int:
    exits, aborts, usage = _signal_types()
    try:
        raise error
    except exits as exc:
        return int(getattr(exc, "exit_code", ExitCode.OK))
    except aborts:
        _say("taxonomist: aborted")
        return ExitCode.INVALID
    except usage as exc:
        _say(f"taxonomist: {_usage_message(exc)}")
        _say("  hint: run 'taxonomist --help' or 'taxonomist COMMAND --help'")
        return ExitCode.INVALID
    except TaxonomyInvalid as exc:
        for finding in exc.findings:
            _say(finding.render())
        _say(f"taxonomist: {exc.message}")
        return ExitCode.INVALID
    except TaxonomistError as exc:
        _say(f"taxonomist: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _say("taxonomist: interrupted")
        return ExitCode.INTERRUPTED
    except Exception as exc:  # the last line of defence: a bug, reported as one
        if os.environ.get("TAXONOMIST_DEBUG"):
            traceback.print_exc()
        _say(f"taxonomist: internal error: {type(exc).__name__}: {exc}")
        _say("  hint: this is a bug in taxonomist; rerun with TAXONOMIST_DEBUG=1 and report it")
        return ExitCode.INTERNAL
