import pytest


@pytest.mark.django_db
def test_it_serves_the_home_page_to_anyone(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Report sexual exploitation and abuse" in response.content
    assert b'dir="ltr"' in response.content


@pytest.mark.django_db
def test_it_sets_right_to_left_for_arabic(client):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert response.status_code == 302
    response = client.get("/")
    assert b'dir="rtl"' in response.content
    assert b'lang="ar"' in response.content
