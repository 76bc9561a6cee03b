from __future__ import annotations

from pseahub.core.discovery import DemoOptions

DEMO_ORDER = 15  # between the network (10) and the services (20)
LOADED: list[DemoOptions] = []


def load(options: DemoOptions) -> dict[str, int]:
    LOADED.append(options)
    return {"probes": 1}
