"""Passwords are hashed with Argon2 outside the tests (the test settings use MD5 for speed)."""

import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    check_password,
    identify_hasher,
    make_password,
)
from django.test import override_settings

from tangguh.config.settings import base, test


def test_argon2_is_the_first_hasher_in_base_settings():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_test_settings_only_swap_the_hasher_for_speed():
    assert test.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_argon2_hash_verifies():
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("Tangguh#2026", hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("Tangguh#2026", encoded)
    assert not hasher.verify("tangguh#2026", encoded)


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_new_passwords_use_argon2_with_base_settings():
    from tests.accounts.factories import UserFactory

    user = UserFactory()
    user.set_password("Tangguh#2026")
    user.save()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password("Tangguh#2026")
    assert check_password("Tangguh#2026", make_password("Tangguh#2026"))


@override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
def test_older_pbkdf2_hashes_still_verify():
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    old = PBKDF2PasswordHasher().encode("Tangguh#2026", "somesalt123")
    assert check_password("Tangguh#2026", old)
