"""qt: explain central-bank balance-sheet policy (QE, QT) and do its arithmetic."""

__version__ = "0.1.0"
