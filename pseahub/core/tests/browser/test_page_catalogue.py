"""The catalogue of pages the phone test opens covers every address of the site: a new URL fails here until it
is listed in ``pages.py``, as a page of some role or as an exclusion with its reason."""

from __future__ import annotations

from .pages import ROLES, all_excluded, all_pages, url_names


def test_every_url_is_a_page_of_some_role_or_excluded_with_a_reason():
    covered = {page.name.split("#")[0] for page in all_pages()}
    excluded = all_excluded()
    missing = sorted(url_names() - covered - set(excluded))
    assert not missing, (
        "URLs not in pseahub/core/tests/browser/pages.py: add each to PAGES (with the roles that open it) "
        f"or to EXCLUDED (with the reason): {missing}"
    )


def test_the_catalogue_names_only_urls_that_exist():
    names = url_names()
    stale = sorted({page.name.split("#")[0] for page in all_pages()} - names)
    stale += sorted(set(all_excluded()) - names)
    assert not stale, f"pseahub/core/tests/browser/pages.py lists URLs that no longer exist: {stale}"


def test_no_url_is_both_a_page_and_excluded():
    both = {page.name.split("#")[0] for page in all_pages()} & set(all_excluded())
    assert not both, f"listed as a page and as excluded: {sorted(both)}"


def test_every_page_is_opened_by_a_known_role():
    assert all(page.roles and set(page.roles) <= set(ROLES) for page in all_pages())
    assert all(any(role in page.roles for page in all_pages()) for role in ROLES), "a role with no page"
