"""The one boundary where exceptions become exit codes and one-line messages.

0 clean, 1 findings at or above the failing severity, 2 invalid input or usage,
3 internal error. No traceback reaches the user unless TAXONOMIST_DEBUG is set.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

from taxonomist.core.errors import TaxonomistError, TaxonomyInvalid

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2
EXIT_INTERNAL = 3


def _say(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def run_guarded(build: Callable[[], Any], args: list[str]) -> int:
    import click

    try:
        app = build()
        import typer.main

        command = typer.main.get_command(app)
        result = command.main(args=args, prog_name="taxonomist", standalone_mode=False)
        return int(result) if isinstance(result, int) else EXIT_OK
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        _say("taxonomist: aborted")
        return EXIT_INVALID
    except click.ClickException as exc:
        _say(f"taxonomist: {exc.format_message()}")
        _say("  hint: run 'taxonomist --help' or 'taxonomist COMMAND --help'")
        return EXIT_INVALID
    except TaxonomyInvalid as exc:
        for finding in exc.findings:
            _say(finding.render())
        _say(f"taxonomist: {exc.message}")
        return EXIT_INVALID
    except TaxonomistError as exc:
        _say(f"taxonomist: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        _say("taxonomist: interrupted")
        return 130
    except Exception as exc:  # the last line of defence: a bug, reported as one
        if os.environ.get("TAXONOMIST_DEBUG"):
            traceback.print_exc()
        _say(f"taxonomist: internal error: {type(exc).__name__}: {exc}")
        _say("  hint: this is a bug in taxonomist; rerun with TAXONOMIST_DEBUG=1 and report it")
        return EXIT_INTERNAL
