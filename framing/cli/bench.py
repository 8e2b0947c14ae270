"""`framing bench ...`: measurements of the project against annotated data (registered by cli.py)."""
from __future__ import annotations

import sys

import click

from .. import jsonout
from ..learning.accuracy import SETS, BenchError, default_data_dir, markdown, run
from ..packs import PackError


def register(group: click.Group) -> None:
    group.add_command(bench)


@click.group()
def bench():
    """Measure the rule packs against human-annotated data sets (read by path, never copied)."""


@bench.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None,
              help="Directory of the annotated JSONL sets (default: ../shared/data beside the checkout).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True,
              help="The table (and per-rule report) as Markdown or as JSON, as the other commands' --format.")
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@click.option("--per-rule", is_flag=True,
              help="Also print, per set and rule, how often the rule fires and its precision against the labels.")
@click.option("--min-fires", type=int, default=1, show_default=True,
              help="Per-rule report: leave out rules firing fewer times than this.")
@click.option("--only", multiple=True, type=click.Choice([*SETS, "voice"]),
              help="Measure only this set (repeatable). 'voice' runs the BASIL quote check alone.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Read at most this many rows (sentences or articles) per file: a quick smoke run.")
def accuracy(data_dir, fmt, as_json, per_rule, min_fires, only, limit):
    """Precision, recall and F1 of hedging/speculation (FactBank, Wikipedia), loaded language (PTC,
    BABE), BASIL article rates and triplet order, PolNeAR attribution, and quote voice, as one
    Markdown table (or JSON). Sets whose file is missing are skipped with a note.
    """
    data = data_dir or str(default_data_dir())
    try:
        result = run(data, only=only, limit=limit)
    except BenchError as exc:
        click.echo(f"framing: error: {exc}", err=True)
        sys.exit(2)
    except PackError as exc:
        for line in exc.problems:
            click.echo(f"framing: error: {line}", err=True)
        sys.exit(2)
    for w in result["warnings"]:
        click.echo(f"framing: warning: {w}", err=True)
    if as_json or fmt == "json":
        if not per_rule:
            result = {k: v for k, v in result.items() if k != "per_rule"}
        click.echo(jsonout.dumps(jsonout.versioned("bench accuracy", result), indent=True))
    else:
        click.echo(markdown(result, per_rule=per_rule, min_fires=min_fires), nl=False)
