"""The demo's members' figures: the last four complete quarters for most member organisations, some missing, one
corrected; loading twice adds nothing."""

from __future__ import annotations

import pytest

from pseahub.insights.demo import member_returns_demo
from pseahub.insights.members import Quarter, counts_problems, quarter_missing, quarters_back
from pseahub.insights.models import MemberReturn, MemberReturnVersion
from pseahub.network.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_has_returns_some_missing_and_one_corrected():
    demo_load()
    added = member_returns_demo()["member_returns"]
    quarters = quarters_back(4, last=Quarter.current().previous())
    latest = quarters[0]
    assert {o.acronym for o in quarter_missing(latest)} == {"MdM", "MPFEF", "CRM"}
    assert {o.acronym for o in quarter_missing(quarters[-1])} == {"CRM"}
    assert MemberReturn.objects.count() == added > 40
    corrected = MemberReturn.objects.filter(versions__number=2)
    assert [(r.organisation.acronym, r.year, r.quarter) for r in corrected] == [("UNICEF", latest.year, latest.quarter)]
    assert all(counts_problems(version.counts) == [] for version in MemberReturnVersion.objects.all())
    named = MemberReturnVersion.objects.filter(member_return__organisation__acronym="AMSS", submitted_by__isnull=False)
    assert named.count() == 4, "a focal point with an account submits their organisation's returns"

    assert member_returns_demo() == {"member_returns": 0}
    assert MemberReturnVersion.objects.count() == added + 1
