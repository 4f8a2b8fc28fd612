"""Access gate at the top of the frame: OIDC sign-in, a shared password, or open.

Which way applies comes from the secrets (``.streamlit/secrets.toml``, see
``.streamlit/secrets.toml.example``):

``[auth]`` (Streamlit's built-in OIDC)
    ``redirect_uri``, ``cookie_secret``, ``client_id``, ``client_secret``,
    ``server_metadata_url``.  Whoever is not signed in sees only a sign-in button
    (:func:`st.login`); needs the package Authlib (``pip install "streamlit[auth]"``).
``[access]`` ``password`` or ``password_sha256``
    A shared password for a workshop.  The entry is compared in constant time
    (:func:`hmac.compare_digest`, on SHA-256 digests so the length does not leak);
    each wrong entry waits ``FAIL_DELAY_S`` seconds per wrong attempt so far, and after
    ``MAX_ATTEMPTS`` wrong entries the session is refused.
neither
    The app is open, as on a laptop.

If both are configured, OIDC applies.  Until :func:`gate` grants access the frame
runs nothing after it, so no data (and no case from a link) is read before that.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from ui import keys
from ui.i18n import t

#: wrong password entries allowed per session
MAX_ATTEMPTS = 5
#: seconds waited after a wrong entry, times the number of wrong entries so far
FAIL_DELAY_S = 1.0


def _secrets_section(name: str) -> Mapping[str, Any] | None:
    """One section of the secrets, or None (also when there is no secrets file at all)."""
    try:
        if name not in st.secrets:
            return None
        section = st.secrets[name]
    except Exception:  # noqa: BLE001 - no secrets file, or a file that does not parse: the gate is off
        return None
    return section if isinstance(section, Mapping) else None


def mode() -> str:
    """``"oidc"``, ``"password"`` or ``"open"``, from the secrets."""
    if _secrets_section("auth"):
        return "oidc"
    access = _secrets_section("access")
    if access and (access.get("password") or access.get("password_sha256")):
        return "password"
    return "open"


def user_logged_in() -> bool:
    """Whether Streamlit's OIDC sign-in holds a user (tests replace this function)."""
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001 - no auth configured or no browser context
        return False


def password_ok(entered: str, access: Mapping[str, Any]) -> bool:
    """Constant-time check of ``entered`` against ``password`` or ``password_sha256`` (hex)."""
    given = hashlib.sha256(entered.encode("utf-8")).hexdigest()
    expected = str(access.get("password_sha256") or "").strip().lower()
    if not expected:
        expected = hashlib.sha256(str(access.get("password", "")).encode("utf-8")).hexdigest()
    return hmac.compare_digest(given.encode("ascii"), expected.encode("ascii", "replace"))


def wait(seconds: float) -> None:
    """Hold this session's run after a wrong entry (tests replace this function)."""
    time.sleep(seconds)


def _oidc_gate() -> bool:
    if user_logged_in():
        return True
    st.title(t("auth_title"))
    st.info(t("auth_oidc_intro"), icon=":material/lock:")
    if st.button(t("auth_oidc_button"), key="auth_login", type="primary", icon=":material/login:"):
        try:
            st.login()
        except Exception as exc:  # noqa: BLE001 - Authlib missing or a configuration error
            if "authlib" in str(exc).lower():
                st.error(t("auth_oidc_missing"))
            else:
                raise
    return False


def _password_gate(access: Mapping[str, Any]) -> bool:
    if st.session_state.get(keys.AUTH_OK):
        return True
    box = st.empty()
    with box.container():
        st.title(t("auth_title"))
        fails = int(st.session_state.get(keys.AUTH_FAILS, 0))
        if fails >= MAX_ATTEMPTS:
            st.error(t("auth_password_locked"), icon=":material/block:")
            return False
        st.info(t("auth_password_intro"), icon=":material/lock:")
        with st.form("auth_form"):
            entered = st.text_input(t("auth_password"), type="password", key="auth_password")
            submitted = st.form_submit_button(t("auth_password_button"), type="primary")
        if not submitted:
            return False
        if not password_ok(entered or "", access):
            fails += 1
            st.session_state[keys.AUTH_FAILS] = fails
            wait(FAIL_DELAY_S * fails)
            if fails >= MAX_ATTEMPTS:
                st.error(t("auth_password_locked"), icon=":material/block:")
            else:
                st.error(t("auth_password_wrong", remaining=MAX_ATTEMPTS - fails))
            return False
    st.session_state[keys.AUTH_OK] = True
    st.session_state.pop(keys.AUTH_FAILS, None)
    box.empty()  # the app follows in this same run
    return True


def gate() -> bool:
    """True if access is granted (or no access control is configured); else the gate is drawn.

    The gate never calls ``st.stop`` or ``st.rerun``: the frame skips the rest of the
    run when this returns False (an exception inside the frame would leave
    :func:`ui.page.run_page`'s bookkeeping half done on a fresh server).
    """
    which = mode()
    if which == "oidc":
        return _oidc_gate()
    if which == "password":
        return _password_gate(_secrets_section("access") or {})
    return True


def logout_button() -> None:
    """A sign-out button in the sidebar when a user is signed in through OIDC."""
    if mode() == "oidc" and user_logged_in():
        st.button(t("auth_logout"), key="auth_logout", on_click=st.logout, icon=":material/logout:")
