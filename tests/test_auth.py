"""The access gate (ui.auth): open without secrets, shared password, OIDC with a faked user."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.auth
from ui import keys

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
NPV = "Kapitalwert (intern)"
OIDC = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 40,
    "client_id": "test-client",
    "client_secret": "test-secret",
    "server_metadata_url": "https://idp.example.invalid/.well-known/openid-configuration",
}


@pytest.fixture(autouse=True)
def no_delay(monkeypatch, tmp_path):
    monkeypatch.setattr(ui.auth, "FAIL_DELAY_S", 0.0)
    monkeypatch.setenv("CASE_STORE_URL", str(tmp_path / "cases"))


def make_app(secrets: dict | None = None, locale: str = "de-DE") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (secrets or {}).items():
        at.secrets[k] = v
    at.context["locale"] = locale
    return at


def app_shown(at: AppTest) -> bool:
    return any(m.label == NPV for m in at.metric)


def enter(at: AppTest, password: str) -> AppTest:
    at.text_input(key="auth_password").input(password)
    at.button[0].click()  # the form's submit button is the only button on the gate
    return at.run()


class TestOpen:
    def test_without_secrets_the_app_is_open(self):
        at = make_app().run()
        assert not at.exception
        assert app_shown(at)

    def test_an_empty_access_section_leaves_it_open(self):
        at = make_app({"access": {"password": ""}}).run()
        assert app_shown(at)


class TestPassword:
    def test_the_gate_shows_nothing_of_the_app(self):
        at = make_app({"access": {"password": "Kaffee42"}}).run()
        assert not app_shown(at)
        assert not at.sidebar.code  # no share link, no data
        assert keys.DATASET not in at.session_state

    def test_the_right_password_opens_the_app(self):
        at = enter(make_app({"access": {"password": "Kaffee42"}}).run(), "Kaffee42")
        assert not at.exception
        assert app_shown(at)

    def test_a_wrong_password_is_refused_in_the_ui_language(self):
        at = enter(make_app({"access": {"password": "Kaffee42"}}).run(), "kaffee42")
        assert not app_shown(at)
        assert [e.value for e in at.error] == ["Das Passwort ist falsch. Noch 4 Versuche."]
        at_en = enter(make_app({"access": {"password": "Kaffee42"}}, locale="en-US").run(), "nope")
        assert [e.value for e in at_en.error] == ["The password is wrong. 4 more attempts."]

    def test_too_many_attempts_lock_the_session_even_for_the_right_password(self):
        at = make_app({"access": {"password": "Kaffee42"}}).run()
        for _ in range(ui.auth.MAX_ATTEMPTS):
            at = enter(at, "falsch")
        assert "Zu viele falsche Versuche" in at.error[0].value
        at.run()
        assert not at.text_input  # no more entries offered
        assert not app_shown(at)
        assert at.session_state[keys.AUTH_FAILS] == ui.auth.MAX_ATTEMPTS

    def test_after_a_wrong_entry_a_rerun_still_shows_only_the_gate(self):
        at = enter(make_app({"access": {"password": "Kaffee42"}}).run(), "falsch")
        at.run()
        assert not app_shown(at)
        assert [w.key for w in at.text_input] == ["auth_password"]
        at = enter(at, "Kaffee42")
        assert app_shown(at)
        at.run()
        assert app_shown(at) and "auth_password" not in [w.key for w in at.text_input]

    def test_a_stored_hash_works_like_the_password(self):
        digest = hashlib.sha256(b"Kaffee42").hexdigest()
        at = enter(make_app({"access": {"password_sha256": digest}}).run(), "Kaffee42")
        assert app_shown(at)

    def test_the_wait_grows_with_each_wrong_entry(self, monkeypatch):
        waits = []
        monkeypatch.setattr(ui.auth, "FAIL_DELAY_S", 0.5)
        monkeypatch.setattr(ui.auth, "wait", waits.append)
        at = make_app({"access": {"password": "Kaffee42"}}).run()
        enter(enter(at, "a"), "b")
        assert waits == [0.5, 1.0]


class TestPasswordOk:
    @pytest.mark.parametrize(
        ("entered", "ok"), [("Kaffee42", True), ("kaffee42", False), ("Kaffee42 ", False), ("", False)]
    )
    def test_plain(self, entered, ok):
        assert ui.auth.password_ok(entered, {"password": "Kaffee42"}) is ok

    def test_hash_in_capitals(self):
        digest = hashlib.sha256("Grüße".encode()).hexdigest().upper()
        assert ui.auth.password_ok("Grüße", {"password_sha256": digest})
        assert not ui.auth.password_ok("Grusse", {"password_sha256": digest})


class TestOidc:
    def test_signed_out_sees_only_the_sign_in_button(self, monkeypatch):
        monkeypatch.setattr(ui.auth, "user_logged_in", lambda: False)
        at = make_app({"auth": OIDC}).run()
        assert not at.exception
        assert not app_shown(at)
        assert [b.label for b in at.button] == ["Anmelden"]

    def test_a_signed_in_user_sees_the_app_and_a_sign_out_button(self, monkeypatch):
        monkeypatch.setattr(ui.auth, "user_logged_in", lambda: True)
        at = make_app({"auth": OIDC}).run()
        assert not at.exception
        assert app_shown(at)
        assert at.sidebar.button(key="auth_logout").label == "Abmelden"

    def test_oidc_wins_over_a_password(self, monkeypatch):
        monkeypatch.setattr(ui.auth, "user_logged_in", lambda: False)
        at = make_app({"auth": OIDC, "access": {"password": "Kaffee42"}}).run()
        assert not at.text_input
        assert not app_shown(at)

    def test_a_case_link_is_not_opened_before_sign_in(self, monkeypatch):
        monkeypatch.setattr(ui.auth, "user_logged_in", lambda: False)
        at = make_app({"auth": OIDC})
        at.query_params["case"] = "x" * 32
        at.run()
        assert keys.DATASET not in at.session_state
        assert keys.CASE_NOTE not in at.session_state
