"""Errors qt expects. The CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations

from pathlib import Path


class QtError(Exception):
    """A failure qt can explain in one line. ``exit_code`` is what the process returns."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class DataError(QtError):
    """A data file (policies, events, holdings, a download) is unusable. Exit 1."""

    exit_code = 1


class UsageError(QtError):
    """The command line asks for something impossible. Exit 2."""

    exit_code = 2


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM, as qt raises it: one line, exit 128 + the signal number.

    A BaseException like KeyboardInterrupt, so no ``except Exception`` swallows it, but not a
    KeyboardInterrupt, which the command-line library would turn into a silent exit.
    """

    def __init__(self, signum: int = 2):
        super().__init__(signum)
        self.exit_code = 128 + signum
        self.message = "interrupted" if signum == 2 else "terminated"
