"""The floor: the least any Typer + Rich + PyYAML CLI does. One int option, a ten-line YAML
string, a 12-row rich table. qt's startup is measured against this."""

import typer
import yaml
from rich.console import Console
from rich.table import Table

app = typer.Typer()
DOC = """a: 1
b: 2
c: 3
d: 4
e: 5
f: 6
g: 7
h: 8
i: 9
j: 10
"""


@app.command()
def main(months: int = 12) -> None:
    data = yaml.safe_load(DOC)
    t = Table("month", "value")
    for i in range(months):
        t.add_row(str(i), str(data["a"] * i))
    Console().print(t)


if __name__ == "__main__":
    app()
