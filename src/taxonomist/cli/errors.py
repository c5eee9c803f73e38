"""The one boundary where exceptions become exit codes and one-line messages.

0 clean, 1 findings at or above the failing severity, 2 invalid input or usage, or an
environment that would not let the run read or write (a missing or read-only place, a full
disk, a closed standard output, a reader of standard output that went away (``| head``):
the path, the system's reason and a hint), 3 a bug in
taxonomist (one line with the error, where to report it and the file that holds the
traceback, never the traceback itself unless TAXONOMIST_DEBUG is set), 130 interrupted
(Ctrl-C), 143 terminated (SIGTERM). Every line printed here has its
control characters escaped and long values shortened, since it may quote the data.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

from taxonomist.cli._output import OutputFailed, silence_stdout, standard_streams
from taxonomist.core.errors import ExitCode, TaxonomistError, TaxonomyInvalid
from taxonomist.core.files import cannot_use
from taxonomist.core.text import printable, shorten_values

GENERIC_REPORT = "please report it to the taxonomist developers"
_TRACKER_LABELS = ("issues", "issue tracker", "bug tracker", "bugs", "tracker")


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM, so that every ``finally`` runs (temporary files
    are removed) before the process exits 143; a BaseException, so no ``except Exception``
    keeps the run going."""


def _say(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # standard error is gone: nobody to tell
        sys.stderr.write(text.rstrip("\n") + "\n")


def _shown(text: str) -> str:
    """``text`` escaped and shortened; a line break it has on purpose (an error that quotes
    another) continues it, indented, so no value can print a line of its own."""
    return printable(shorten_values(text), keep="\n\t").replace("\n", "\n  ")


def _say_error(message: str, hint: str | None = None) -> None:
    """``taxonomist: message`` and an indented hint, escaped and shortened."""
    _say(f"taxonomist: {_shown(message)}")
    if hint:
        _say(f"  hint: {_shown(hint)}")


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
    """Build the app, run the command ``args`` name, and return its exit code."""

    def run() -> int:
        app = build()
        import typer.main

        command = typer.main.get_command(app)
        result = command.main(args=args, prog_name="taxonomist", standalone_mode=False)
        return int(result) if isinstance(result, int) else ExitCode.OK

    return guarded(run)


def guarded(action: Callable[[], int]) -> int:
    """``action``'s exit code, with standard output guarded and flushed before the streams
    are put back, so a failure to deliver the output is reported like any other."""
    with standard_streams():
        try:
            code = action()
        except BaseException as exc:  # sorted out below, in one place
            code = _exit_code_for(exc)
        try:
            sys.stdout.flush()
        except BaseException as exc:  # a broken pipe, a full disk
            code = _exit_code_for(exc)
    return code


def _exit_code_for(error: BaseException) -> int:
    exits, aborts, usage = _signal_types()
    if isinstance(error, exits):
        return int(getattr(error, "exit_code", ExitCode.OK))
    if isinstance(error, aborts):
        _say("taxonomist: aborted")
        return ExitCode.INVALID
    if isinstance(error, usage):
        hint = "run 'taxonomist --help' or 'taxonomist COMMAND --help'"
        _say_error(_usage_message(error), hint)
        return ExitCode.INVALID
    return _stop_code_for(error)


def _stop_code_for(error: BaseException) -> int:
    try:
        raise error
    except BrokenPipeError:
        return _broken_pipe()
    except SystemExit as exc:
        if isinstance(exc.__context__, BrokenPipeError):  # click's own exit 1 for EPIPE
            return _broken_pipe()
        raise
    except TaxonomyInvalid as exc:
        for finding in exc.findings:
            _say(finding.render())
        _say_error(exc.message)
        return ExitCode.INVALID
    except TaxonomistError as exc:
        if isinstance(exc, OutputFailed):
            silence_stdout()  # its last flush would fail again at exit
        _say_error(exc.message, exc.hint)
        return exc.exit_code
    except KeyboardInterrupt:
        _say("taxonomist: interrupted")
        return ExitCode.INTERRUPTED
    except Terminated:
        _say("taxonomist: terminated")
        return ExitCode.TERMINATED
    except OSError as exc:
        if exc.errno is None:  # not the system's refusal: a library's error, a bug of ours
            return _bug(exc)
        refused = cannot_use(exc)
        _say_error(refused.message, refused.hint)
        return ExitCode.INVALID
    except Exception as exc:  # the last line of defence: a bug, reported as one
        return _bug(exc)


def _broken_pipe() -> int:
    """Exit 2 and one line: the output was not all written, so a pipeline under
    ``set -o pipefail`` must not read the run as a verdict."""
    silence_stdout()  # its last flush at exit would fail again, and print a Python warning
    _say_error(
        "cannot write standard output: Broken pipe",
        "the command reading it (head, less, ...) stopped before the end; "
        "write the report to a file with -o to keep all of it",
    )
    return ExitCode.INVALID


def _bug(exc: BaseException) -> int:
    """One line for a bug, the traceback in a private file (or on standard error with
    TAXONOMIST_DEBUG=1), and where to report it."""
    if os.environ.get("TAXONOMIST_DEBUG"):
        traceback.print_exception(exc)
    saved = save_traceback(exc)
    where = f"the traceback is in {saved}" if saved else "rerun with TAXONOMIST_DEBUG=1"
    _say_error(
        f"internal error: {type(exc).__name__}: {exc}",
        f"this is a bug in taxonomist; {report_to()} ({where})",
    )
    return ExitCode.INTERNAL


def report_to() -> str:
    """Where bugs go: the issue tracker of the installed package's metadata, if it names one."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("taxonomist").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in _TRACKER_LABELS and url.strip():
            return f"please report it at {url.strip()}"
    return GENERIC_REPORT


def save_traceback(exc: BaseException) -> Path | None:
    """The traceback in a new ``0600`` file under the private cache folder (or the system's
    temporary folder); None when neither can be written."""
    import tempfile

    from taxonomist.taxonomy.cache import cache_dir, private

    text = "".join(traceback.format_exception(exc))
    crashes = cache_dir().parent / "crashes"
    with contextlib.suppress(OSError):
        crashes.mkdir(mode=0o700, parents=True, exist_ok=True)
    for folder in (str(crashes) if private(crashes) else None, None):
        try:
            handle, name = tempfile.mkstemp(prefix="taxonomist-crash-", suffix=".txt", dir=folder)
            with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as out:
                out.write(text)
        except OSError:
            continue
        return Path(name)
    return None
