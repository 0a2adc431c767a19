"""In production the backend serves the compiled pages; a page with sub-pages is a folder, and
Starlette's static files answer its address with a redirect to the address plus ``/``. The app
answers the address itself (the browser's address bar keeps ``/segments``)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from segapp.api.slashes import NoSlashRedirect


def _client(tmp_path) -> TestClient:
    (tmp_path / "segments").mkdir()
    (tmp_path / "segments" / "index.html").write_text("<p>segments list</p>")
    (tmp_path / "segapp.css").write_text("p { color: red }")
    (tmp_path / "404.html").write_text("<p>not found</p>")
    site = Starlette(routes=[Mount("/", app=StaticFiles(directory=tmp_path, html=True))])
    return TestClient(NoSlashRedirect(site), follow_redirects=False)


def test_a_page_folder_is_served_at_its_address_without_a_redirect(tmp_path):
    client = _client(tmp_path)
    plain = TestClient(
        Starlette(routes=[Mount("/", app=StaticFiles(directory=tmp_path, html=True))]),
        follow_redirects=False,
    )
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
