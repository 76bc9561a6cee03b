"""Count the dashboard's summary table again: the months with pending changes, or ``--all`` of them."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from pseahub.insights import cube
from pseahub.insights.models import CubeChange, CubeMonth


class Command(BaseCommand):
    help = "Rebuild the insights summary table: months changed since built (or never built), or --all."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="rebuild every month with a complaint")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["all"] or CubeChange.objects.filter(month__isnull=True).exists():
            done = cube.rebuild_all()
        else:
            built = set(CubeMonth.objects.values_list("month", flat=True))
            changed = set(CubeChange.objects.values_list("month", flat=True))
            months = [m for m in cube.months_with_complaints() if m not in built or m in changed]
            done = [(month, cube.month_rebuild(month)) for month in months]
        cells = sum(n for _month, n in done)
        self.stdout.write(f"{len(done)} months, {cells} rows, {time.monotonic() - started:.1f} s")
