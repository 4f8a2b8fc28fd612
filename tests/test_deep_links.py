"""Mistyped deep links (serve.py): redirected to the overview, which says so."""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from serve import DeepPathRedirect, redirect_target

ROOT = Path(__file__).resolve().parent.parent



def _run(coroutine) -> None:
    """Run a coroutine on a fresh loop in a thread (a browser test may leave this thread's loop running)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()

class TestRedirectTarget:
    @pytest.mark.parametrize("path", ["/business_case/extra", "/pages/app.py", "/a/b/c", "/overview/"])
    def test_two_or_more_levels_go_to_the_overview(self, path):
        if path == "/overview/":
            assert redirect_target(path) is None  # one level (Streamlit strips the slash itself)
        else:
            assert redirect_target(path) == "/?not_found=" + path

    @pytest.mark.parametrize("path", ["/", "/business_case", "/nonsense", "/_stcore/health", "/_stcore/stream",
                                      "/static/js/main.js", "/media/abc.png", "/component/x/index.html",
                                      "/app/static/x.png", "/data/_stcore/health", "/risk/_stcore/host-config"])
    def test_pages_and_streamlits_own_routes_are_left_alone(self, path):
        assert redirect_target(path) is None

    def test_under_a_base_path(self):
        assert redirect_target("/tool/risk/x", "/tool") == "/tool/?not_found=/risk/x"
        assert redirect_target("/tool/risk", "/tool") is None

    def test_odd_characters_are_quoted(self):
        assert redirect_target("/a/<script>") == "/?not_found=/a/%3Cscript%3E"


class TestMiddleware:
    def _call(self, path: str, method: str = "GET", accept: bytes = b"text/html,*/*;q=0.8") -> list[dict]:
        sent: list[dict] = []

        async def inner(scope, receive, send):
            await send({"type": "inner"})

        async def send(message):
            sent.append(message)

        async def receive():
            return {"type": "http.request"}

        scope = {"type": "http", "method": method, "path": path, "headers": [(b"accept", accept)],
                 "query_string": b""}
        _run(DeepPathRedirect(inner)(scope, receive, send))
        return sent

    def test_deep_get_redirected(self):
        start = self._call("/business_case/extra")[0]
        assert start["status"] == 302
        assert (b"location", b"/?not_found=/business_case/extra") in start["headers"]

    def test_a_page_and_a_post_pass_through(self):
        assert self._call("/business_case") == [{"type": "inner"}]
        assert self._call("/a/b", method="POST") == [{"type": "inner"}]

    def test_the_clients_own_requests_pass_through(self):
        assert self._call("/a/b", accept=b"*/*") == [{"type": "inner"}]  # a script or a fetch, not a page load
        assert self._call("/data/_stcore/health") == [{"type": "inner"}]


class TestNote:
    @pytest.mark.parametrize("lang, text", [("en", "There is no page /pages/app.py"),
                                            ("de", "Die Adresse /pages/app.py gibt es nicht")])
    def test_the_overview_names_the_missing_page_once(self, lang, text):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["lang"] = lang
        at.query_params["not_found"] = "/pages/app.py"
        at.run()
        assert not at.exception
        assert [w for w in at.warning if w.value.replace("\\", "").startswith(text)], [w.value for w in at.warning]
        assert "not_found" not in at.query_params
        assert not [w for w in at.warning if "not_found" in w.value]  # not read as a scenario parameter
        at.run()
        assert not [w for w in at.warning if w.value.replace("\\", "").startswith(text)]
