"""Sign-in throttling: five failures lock that account, or that address, for 15 minutes."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings

from registrar.web.throttling import client_address

pytestmark = pytest.mark.django_db

LOCKED = (
    "Too many failed sign-ins for this account or from this address. Sign-in is paused for "
    "15 minutes; try again then, or ask the registry to reset your password."
)


def sign_in(username: str, password: str, address: str = "192.0.2.1"):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(account):
    account("amara", "student")

    wrong = [sign_in("amara", "guess", f"192.0.2.{n}").status_code for n in range(1, 6)]
    right = sign_in("amara", "amara-pass", "198.51.100.7")

    assert wrong == [200, 200, 200, 200, 429]
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert "_auth_user_id" not in right.client.session


def test_five_failures_from_one_address_lock_that_address_for_every_account(account):
    account("amara", "student")

    for n in range(5):
        sign_in(f"nobody{n}", "guess", "192.0.2.9")
    elsewhere = sign_in("amara", "amara-pass", "192.0.2.10")
    here = sign_in("amara", "amara-pass", "192.0.2.9")

    assert (elsewhere.status_code, here.status_code) == (302, 429)


def test_four_failures_then_the_right_password_signs_in_and_starts_the_count_again(account):
    account("amara", "student")

    for _ in range(4):
        sign_in("amara", "guess")
    signed_in = sign_in("amara", "amara-pass")
    again = [sign_in("amara", "guess").status_code for _ in range(4)]

    assert (signed_in.status_code, again) == (302, [200, 200, 200, 200])


def test_the_address_is_the_one_the_proxy_saw_only_when_served_through_the_proxy():
    request = RequestFactory().get(
        "/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5"
    )

    with override_settings(HTTPS=False):
        direct = client_address(request)
    with override_settings(HTTPS=True):
        proxied = client_address(request)

    assert (direct, proxied) == ("127.0.0.1", "203.0.113.5")
