"""Demo data of the partners app (issue 16) for the Mali network, written through the services so that the audit
log is real; each part's loader is idempotent by natural keys."""

from __future__ import annotations

from pseahub.core.discovery import DemoOptions

from . import surveys_demo
from .assessments_demo import demo_assessments_load
from .outreach_demo import demo_campaigns_load, demo_funding_load
from .trainings_demo import demo_trainings_load

DEMO_ORDER = 80  # after the network, mapping and planning


def load(options: DemoOptions) -> dict[str, int]:
    loaded: dict[str, int] = {}
    # each part adds its line here: loaded["<part>"] = demo_<part>_load()
    loaded["surveys"] = surveys_demo.demo_surveys_load(options)
    loaded["campaigns"] = demo_campaigns_load()
    loaded["funding"] = demo_funding_load()
    loaded["assessments"] = demo_assessments_load()
    loaded["trainings"] = demo_trainings_load()
    return loaded
