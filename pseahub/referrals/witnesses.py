"""The referrals' witness for the audit log (registered in ``ReferralsConfig.ready``): the newest referral's
"sent" entry (on its complaint, naming the referral) must still be in the log."""

from __future__ import annotations

from pseahub.audit.models import Action
from pseahub.audit.witnesses import Witnessed

from .models import Referral


def referrals_witness() -> Witnessed | None:
    newest = Referral.objects.order_by("-pk").values_list("public_id", "created_at", "complaint__public_id").first()
    if newest is None:
        return None
    referral_id, created_at, complaint_id = newest
    return Witnessed(
        what="referral",
        count=Referral.objects.count(),
        created_at=created_at,
        action=Action.REFERRAL_SENT.value,
        target_type="cases.complaint",
        target_id=str(complaint_id),
        detail={"referral": str(referral_id)},
    )
