"""Download links for generated letters (issue "Word documents": large outputs through a route,
only for the signed-in user, unguessable links that expire)."""

import pytest

from segapp.models import User
from segapp.services.core import auth, downloads


@pytest.fixture
def signed_in(session, tmp_path, monkeypatch):
    monkeypatch.setenv("SEGAPP_DOWNLOAD_DIR", str(tmp_path / ".downloads"))
    session.add(User(username="anna", password_hash=auth.hash_password("pw-123456")))
    session.flush()
    token = auth.sign_in(session, "anna", "pw-123456")
    session.flush()
    return token


def test_link_serves_the_file_to_the_session_that_made_it(session, signed_in):
    link = downloads.create(signed_in, "Segment SEG1.zip", "application/zip")
    link.path.write_bytes(b"zip")
    found = downloads.resolve(session, link.token, signed_in)
    assert found is not None
    assert found.path.read_bytes() == b"zip"
    assert found.file_name == "Segment SEG1.zip"
    assert link.url_path == f"/_segapp/download/{link.token}"
    assert len(link.token) >= 43  # 256 random bits
    assert link.token not in str(list(link.path.parent.iterdir()))  # only its hash is kept


def test_link_dies_when_the_user_signs_out(session, signed_in):
    link = downloads.create(signed_in, "a.docx", "x")
    link.path.write_bytes(b"a")
    auth.sign_out(session, signed_in)
    session.flush()
    assert downloads.resolve(session, link.token, signed_in) is None


def test_expired_or_unknown_links_serve_nothing(session, signed_in, monkeypatch):
    link = downloads.create(signed_in, "a.docx", "x")
    link.path.write_bytes(b"a")
    assert downloads.resolve(session, "not-a-token", signed_in) is None
    later = downloads.time.time() + downloads.LIFETIME_SECONDS + 1
    monkeypatch.setattr(downloads.time, "time", lambda: later)
    assert downloads.resolve(session, link.token, signed_in) is None
    downloads.sweep()
    assert not link.path.exists()


def test_a_link_serves_nothing_to_another_browser(session, signed_in):
    """A link that leaks (history, logs, a colleague) is useless without the session cookie of
    the browser that made it, even while that browser is still signed in."""
    link = downloads.create(signed_in, "a.docx", "x")
    link.path.write_bytes(b"a")
    other = auth.sign_in(session, "anna", "pw-123456")
    session.flush()
    assert downloads.resolve(session, link.token, "") is None
    assert downloads.resolve(session, link.token, other) is None
    assert downloads.resolve(session, link.token, signed_in) is not None


class FakeRedis:
    """The few Redis commands the shared store uses, in memory (expiry recorded)."""

    def __init__(self) -> None:
        self.data: dict[str, dict[str, bytes]] = {}
        self.ttl: dict[str, int] = {}

    def pipeline(self):
        return self

    def execute(self) -> None:
        return None

    def hset(self, name, key=None, value=None, mapping=None):
        entry = self.data.setdefault(name, {})
        for k, v in (mapping or {key: value}).items():
            entry[k] = v.encode() if isinstance(v, str) else v

    def hget(self, name, key):
        return self.data.get(name, {}).get(key)

    def expire(self, name, seconds):
        self.ttl[name] = seconds

    def delete(self, name):
        self.data.pop(name, None)


def test_with_a_shared_store_any_worker_serves_the_link_and_no_file_stays_local(
    session, signed_in, tmp_path, monkeypatch
):
    shared = FakeRedis()
    monkeypatch.setattr(downloads, "store", lambda: shared)
    link = downloads.create(signed_in, "Segment SEG01.zip", "application/zip")
    link.path.write_bytes(b"zip-bytes")
    assert downloads.publish(link) == link.url_path
    assert list((tmp_path / ".downloads").iterdir()) == []  # moved to the store
    (name,) = shared.data
    assert link.token not in name  # only the link's hash names it
    assert shared.ttl[name] == downloads.LIFETIME_SECONDS
    # another worker (another folder) serves it to the same browser
    monkeypatch.setenv("SEGAPP_DOWNLOAD_DIR", str(tmp_path / "other-worker"))
    found = downloads.resolve(session, link.token, signed_in)
    assert found.content == b"zip-bytes"
    assert found.file_name == "Segment SEG01.zip"
    assert downloads.resolve(session, link.token, "another-browser") is None
    auth.sign_out(session, signed_in)
    assert downloads.resolve(session, link.token, signed_in) is None
