import pytest


@pytest.mark.django_db
def test_it_shows_staff_pages_in_their_preferred_language(personas, client_for):
    personas.focal_point_a.language = "fr"
    personas.focal_point_a.save(update_fields=["language"])
    response = client_for(personas.focal_point_a).get("/")
    assert b'lang="fr"' in response.content


@pytest.mark.django_db
def test_the_language_switcher_wins_over_the_profile(personas, client_for):
    personas.focal_point_a.language = "fr"
    personas.focal_point_a.save(update_fields=["language"])
    client = client_for(personas.focal_point_a)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert b'lang="ar"' in client.get("/").content
