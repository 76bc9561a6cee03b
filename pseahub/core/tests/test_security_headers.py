import pytest


@pytest.mark.django_db
def test_it_sends_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_it_forbids_caching_pages_of_signed_in_staff(personas, client_for):
    response = client_for(personas.coordinator).get("/")
    assert response["Cache-Control"] == "no-store"
