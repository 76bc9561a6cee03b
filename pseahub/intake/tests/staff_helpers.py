"""What the operator's and the focal point's forms send, as a browser without JavaScript sends them."""

from __future__ import annotations

from typing import Any

from .helpers import report_data

# The fixed blocks for survivors 2 and 3 and alleged perpetrators 2 and 3 as a browser sends them untouched:
# the selects' first options, nothing ticked.
BLANK_BLOCKS: dict[str, str] = {
    **{
        f"survivor{n}-{name}": value
        for n in (2, 3)
        for name, value in {"sex": "unknown", "disability": "unknown"}.items()
    },
    **{
        f"perpetrator{n}-{name}": value
        for n in (2, 3)
        for name, value in {"role": "unknown", "sex": "unknown", "entity_type": ""}.items()
    },
}


def staff_data(**overrides: Any) -> dict[str, Any]:
    """The operator's form with the consent read out and answered, the radio defaults checked."""
    data = report_data(
        channel="hotline",
        language="en",
        reported_before="unknown",
        goods_exchanged="unknown",
        perpetrator_role="unknown",
        perpetrator_sex="unknown",
        consent_given_by="survivor",
        consent_manner="verbal",
        consent_services="given",
        **BLANK_BLOCKS,
    )
    data.update(overrides)
    return data


def focal_point_data(**overrides: Any) -> dict[str, Any]:
    """The focal point's form: no channel to choose; consent given in writing on their organisation's form."""
    data = staff_data(consent_manner="written", consent_share_identity="refused")
    del data["channel"]
    data.update(overrides)
    return data
