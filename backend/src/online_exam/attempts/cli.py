"""`flask attempts ...`: housekeeping for attempts (run the sweep from cron or a timer)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..database import run_in_transaction
from . import service

attempts_cli = AppGroup("attempts", help="Attempts housekeeping.")


@attempts_cli.command("finalize-overdue")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 10_000))
def finalize_overdue(batch_size: int) -> None:
    """Finalize (grade as "expired") every attempt past its deadline + grace."""
    total = 0
    while True:
        # One transaction per batch: short locks, progress kept if interrupted.
        count = run_in_transaction(
            lambda: service.finalize_overdue(limit=batch_size), commit=lambda _: True
        )
        total += count
        if count < batch_size:
            break
    click.echo(f"Finalized {total} overdue attempt{'' if total == 1 else 's'}.")
