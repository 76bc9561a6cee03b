"""Who does what in the network's coordination. Nothing here opens a complaint: a co-chair stands in for the
coordinator in network work only (issue 15 item 1)."""

from __future__ import annotations

from typing import Any

from pseahub.accounts.models import Role

#: Edit the network's documents, meetings, risk assessment and plan.
NETWORK_EDITORS = (Role.COORDINATOR, Role.CO_CHAIR)
#: Read them: the editors, the members' focal points (who contribute their organisation's parts) and leadership.
NETWORK_READERS = (*NETWORK_EDITORS, Role.FOCAL_POINT, Role.LEADERSHIP)


def edits_network(user: Any) -> bool:
    return bool(user.is_authenticated and any(user.has_role(role) for role in NETWORK_EDITORS))


def reads_network(user: Any) -> bool:
    return bool(user.is_authenticated and any(user.has_role(role) for role in NETWORK_READERS))
