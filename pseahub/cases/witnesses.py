"""The complaints' witness for the audit log (registered in ``CasesConfig.ready``): complaints exist, so the
log cannot be empty, and the newest complaint's creation entry must still be in it."""

from __future__ import annotations

from pseahub.audit.models import Action
from pseahub.audit.witnesses import Witnessed

from .models import Complaint


def complaints_witness() -> Witnessed | None:
    newest = Complaint.objects.order_by("-pk").values_list("public_id", "created_at").first()
    if newest is None:
        return None
    return Witnessed(
        what="complaint",
        count=Complaint.objects.count(),
        created_at=newest[1],
        action=Action.COMPLAINT_CREATED.value,
        target_type=Complaint._meta.label_lower,
        target_id=str(newest[0]),
    )
