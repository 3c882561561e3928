"""`python -m qtcli`: the same as the `qt` command."""

from .cli import main

main()
