"""Each insights role lands on its own page after signing in (a co-chair on the network's page), and finds the
figures in the header."""

import pytest

from pseahub.accounts.landing import landing_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        ("co_chair", "/network/"),  # the network's work first; the figures are in the header
        ("leadership", "/insights/"),
        ("analyst", "/insights/"),
        ("donor", "/insights/donor/"),
    ],
)
def test_each_role_lands_on_its_page(personas, persona, page):
    assert landing_url(getattr(personas, persona)) == page


def test_a_coordinator_still_lands_on_the_inbox_and_finds_insights_in_the_header(personas, client_for):
    assert landing_url(personas.coordinator) == "/cases/inbox/"
    page = client_for(personas.coordinator).get("/cases/inbox/").content.decode()
    assert 'href="/insights/"' in page


@pytest.mark.parametrize(("persona", "link", "absent"), [
    ("leadership", 'href="/insights/"', 'href="/insights/donor/"'),
    ("donor", 'href="/insights/donor/"', 'href="/insights/"'),
])  # fmt: skip
def test_the_header_links_each_role_to_its_page_only(personas, client_for, persona, link, absent):
    page = client_for(getattr(personas, persona)).get("/accounts/profile/").content.decode()
    assert link in page and absent not in page
