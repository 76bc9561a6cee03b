"""Members' own figures (README.md, "Members' own figures"): each member organisation's focal point reports, per
quarter, aggregate counts of the SEA complaints the organisation handled outside the platform, in the categories
the platform counts with. Every submission or correction is a new version, audited; the latest is current.

Three modules, each reading only the ones before it:

- ``categories``: the categories and their checks, the quarters;
- ``returns``: who may submit for which organisation, the one write (``member_return_submit``), the reads of
  returns (a quarter's: who submitted, who has not; an organisation's; the current versions of a period);
- ``figures``: the figures of a period, members' and the platform's side by side (``member_figures``,
  ``platform_figures``, ``merged_figures``).

Import from here (``from pseahub.insights import members``; ``members.Quarter``): every public name is re-exported.
"""

from .categories import (
    FIRST_YEAR,
    GROUP_KEYS,
    GROUPS,
    MAX_COUNT,
    CountGroup,
    Counts,
    Quarter,
    counts_check,
    counts_empty,
    counts_problems,
    quarter_may_be_reported,
    quarters_back,
    quarters_within,
    status_rows,
)
from .figures import (
    MEMBERS_SOURCE,
    MERGED_TITLES,
    PLATFORM_SOURCE,
    member_figures,
    merged_figure,
    merged_figures,
    merged_table,
    merged_title,
    platform_figures,
    source_label,
)
from .returns import (
    OVERVIEW_ROLES,
    QuarterSubmissions,
    ReturnRow,
    Submitted,
    current_returns,
    member_organisations,
    member_return_find,
    member_return_submit,
    member_return_versions,
    members_overview_allowed,
    organisation_returns,
    period_submissions,
    quarter_missing,
    quarter_returns,
    submitting_organisation_get_for,
    submitting_organisations,
    version_totals,
)

__all__ = [
    "FIRST_YEAR",
    "GROUPS",
    "GROUP_KEYS",
    "MAX_COUNT",
    "MEMBERS_SOURCE",
    "MERGED_TITLES",
    "OVERVIEW_ROLES",
    "PLATFORM_SOURCE",
    "CountGroup",
    "Counts",
    "Quarter",
    "QuarterSubmissions",
    "ReturnRow",
    "Submitted",
    "counts_check",
    "counts_empty",
    "counts_problems",
    "current_returns",
    "member_figures",
    "member_organisations",
    "member_return_find",
    "member_return_submit",
    "member_return_versions",
    "members_overview_allowed",
    "merged_figure",
    "merged_figures",
    "merged_table",
    "merged_title",
    "organisation_returns",
    "period_submissions",
    "platform_figures",
    "quarter_may_be_reported",
    "quarter_missing",
    "quarter_returns",
    "quarters_back",
    "quarters_within",
    "source_label",
    "status_rows",
    "submitting_organisation_get_for",
    "submitting_organisations",
    "version_totals",
]
