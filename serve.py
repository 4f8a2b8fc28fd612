"""Server entry: the app (``app.py``) plus a redirect of mistyped deep links. Run ``streamlit run serve.py``.

Streamlit answers an unknown path with its index page. One level deep
(``/nonsense``) that page loads and Streamlit runs the main page. Two or more levels
deep (``/business_case/extra``, ``/pages/app.py``) the page's relative script links
point into the mistyped folder, nothing loads and the browser shows a blank page that
never connects. :class:`DeepPathRedirect` therefore sends a GET for such a path to
the overview with ``?not_found=<path>``; ``app.py`` shows a note and drops the
parameter.

``streamlit run serve.py`` finds the ``app`` below (Streamlit 1.67's ``st.App``,
an ASGI application) and serves it with uvicorn; everything else (config,
``.streamlit/config.toml``, the pages) is as with ``streamlit run app.py``, which
still works but without the redirect. A proxy in front can do the same (see
README "Hosting").
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import streamlit as st
from starlette.middleware import Middleware

#: First path segments Streamlit itself serves below (assets, API, media, components, auth).
RESERVED = frozenset({"_stcore", "static", "media", "component", "app", "auth"})
NOT_FOUND_PARAM = "not_found"


def _base_path() -> str:
    """``server.baseUrlPath`` as ``/base`` (or ``""``)."""
    try:
        from streamlit import config

        base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    except Exception:  # noqa: BLE001 - no config: served at the root
        base = ""
    return "/" + base if base else ""


def redirect_target(path: str, base: str = "") -> str | None:
    """Where a GET of ``path`` goes instead, or None to serve it as it is.

    >>> redirect_target("/business_case/extra")
    '/?not_found=/business_case/extra'
    >>> redirect_target("/pages/app.py"), redirect_target("/business_case"), redirect_target("/static/js/x.js")
    ('/?not_found=/pages/app.py', None, None)
    >>> redirect_target("/base/risk/x", "/base"), redirect_target("/base/_stcore/health", "/base")
    ('/base/?not_found=/risk/x', None)
    >>> redirect_target("/data/_stcore/health")  # the client's probe from a page URL
    """
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base):]
    parts = [p for p in path.split("/") if p]
    if len(parts) < 2 or parts[0] in RESERVED or "_stcore" in parts:
        return None  # the client probes <page>/_stcore/health and falls back to the root: leave that alone
    shown = "/" + "/".join(parts)
    return f"{base}/?{NOT_FOUND_PARAM}=" + quote(shown[:200], safe="/")


def _wants_html(scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"accept":
            return b"text/html" in value.lower()
    return False


class DeepPathRedirect:
    """ASGI middleware: a browser's GET of an unknown path two or more levels deep is redirected to the overview.

    Only page loads (``Accept: text/html``) are redirected; the client's own requests
    (scripts, API probes) get Streamlit's answer as before.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD") and _wants_html(scope):
            target = redirect_target(scope.get("path", ""), _base_path())
            if target is not None:
                query = scope.get("query_string", b"").decode("latin-1")
                target += "&" + query if query else ""  # the language and scenario of the link stay
                from starlette.responses import RedirectResponse

                response = RedirectResponse(target, status_code=302, headers={"Cache-Control": "no-cache"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


app = st.App(str(Path(__file__).resolve().parent / "app.py"), middleware=[Middleware(DeepPathRedirect)])
