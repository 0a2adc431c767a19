"""In production the backend serves the compiled pages; a page with sub-pages is a folder, and
Starlette's static files answer its address with a redirect to the address plus ``/``. The app
answers the address itself (the browser's address bar keeps ``/segments``)."""

from __future__ import annotations

import asyncio

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from segapp.api.slashes import NoSlashRedirect


class _Client:
    """Requests answered by an ASGI app in this process, redirects not followed."""

    def __init__(self, app):
        self._app = app

    def _send(self, method: str, url: str) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self._app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                response = await client.request(method, url, follow_redirects=False)
                await response.aread()
                return response

        return asyncio.run(go())

    def get(self, url: str) -> httpx.Response:
        return self._send("GET", url)

    def head(self, url: str) -> httpx.Response:
        return self._send("HEAD", url)

    def post(self, url: str) -> httpx.Response:
        return self._send("POST", url)


def _site(tmp_path) -> Starlette:
    return Starlette(routes=[Mount("/", app=StaticFiles(directory=tmp_path, html=True))])


def _client(tmp_path) -> _Client:
    (tmp_path / "segments").mkdir()
    (tmp_path / "segments" / "index.html").write_text("<p>segments list</p>")
    (tmp_path / "segapp.css").write_text("p { color: red }")
    (tmp_path / "404.html").write_text("<p>not found</p>")
    return _Client(NoSlashRedirect(_site(tmp_path)))


def test_a_page_folder_is_served_at_its_address_without_a_redirect(tmp_path):
    client = _client(tmp_path)
    plain = _Client(_site(tmp_path))
    assert plain.get("/segments").status_code == 307  # what Starlette alone answers
    response = client.get("/segments?x=1")
    assert response.status_code == 200
    assert "segments list" in response.text
    assert client.head("/segments").status_code == 200


def test_other_answers_are_untouched(tmp_path):
    client = _client(tmp_path)
    assert "color" in client.get("/segapp.css").text
    assert client.get("/segments/").status_code == 200
    missing = client.get("/nothing-here")
    assert missing.status_code == 404
    assert "not found" in missing.text
    assert client.post("/segments").status_code == 405
