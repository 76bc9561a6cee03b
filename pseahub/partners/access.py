"""Who does what in the partners app (issue 16). Nothing here opens a complaint.

- The network's editors (the coordinator and co-chairs) keep the trainings, campaigns, survey, stakeholders and
  funding, and see every partner assessment's result.
- A focal point acts for its organisation: it fills its organisation's self-assessment when its organisation is
  the assessed partner, reviews it when its organisation is the lead agency, records its organisation's trainings.
- Leadership reads.
"""

from __future__ import annotations

from typing import Any

from pseahub.accounts.models import Role

#: Keep the network's partners' work (trainings, campaigns, survey, stakeholders, funding).
PARTNERS_EDITORS = (Role.COORDINATOR, Role.CO_CHAIR)
#: Read it: the editors, focal points (their organisation's part) and leadership.
PARTNERS_READERS = (*PARTNERS_EDITORS, Role.FOCAL_POINT, Role.LEADERSHIP)


def edits_partners(user: Any) -> bool:
    return bool(user.is_authenticated and any(user.has_role(role) for role in PARTNERS_EDITORS))


def reads_partners(user: Any) -> bool:
    return bool(user.is_authenticated and any(user.has_role(role) for role in PARTNERS_READERS))
