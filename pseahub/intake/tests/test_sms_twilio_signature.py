"""X-Twilio-Signature computed exactly as Twilio does, checked against Twilio's published examples."""

from __future__ import annotations

from pseahub.intake.adapters.sms import twilio_signature, twilio_signature_valid

URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}


def test_it_matches_twilios_documented_example():
    assert twilio_signature("12345", URL, PARAMS.items()) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def test_it_sorts_repeated_parameters_as_twilio_does():
    params = [("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234"), ("Digits", "1234")]

    assert twilio_signature("12345", URL, params) == "IK+Dwps556ElfBT0I3Rgjkr1wJU="


def test_it_signs_the_url_as_written():
    assert twilio_signature("12345", URL.replace("mycompany", "MyCompany"), PARAMS.items()) == (
        "g9IN/x4Cft2g517EjYvEvM/W7LU="
    )


def test_it_accepts_the_signature_with_the_default_port_written_or_not():
    signature = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    with_port = URL.replace("mycompany.com", "mycompany.com:443")

    assert twilio_signature_valid(token="12345", url=with_port, params=list(PARAMS.items()), signature=signature)


def test_it_refuses_tampering_a_wrong_token_and_an_empty_token():
    signature = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    tampered = [*{**PARAMS, "Digits": "9999"}.items()]

    assert not twilio_signature_valid(token="12345", url=URL, params=tampered, signature=signature)
    assert not twilio_signature_valid(token="54321", url=URL, params=list(PARAMS.items()), signature=signature)
    assert not twilio_signature_valid(token="", url=URL, params=list(PARAMS.items()), signature=signature)
    assert not twilio_signature_valid(token="12345", url=URL, params=list(PARAMS.items()), signature="invalid 王")
