"""An uploaded CSV file kept between the import's steps is in shared storage when there is
one, so that the check and the import may run on another backend worker than the upload."""

from __future__ import annotations

import pytest

from segapp.services.contacts import contact_csv
from segapp.services.core import downloads, uploads
from segapp.services.core.errors import UserError


class FakeRedis:
    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}
        self.ttl: dict[str, int] = {}

    def set(self, name, value, ex=None):
        self.data[name] = value
        self.ttl[name] = ex

    def get(self, name):
        return self.data.get(name)

    def delete(self, name):
        self.data.pop(name, None)


def test_the_upload_goes_to_the_store_and_comes_back_for_each_step(monkeypatch):
    shared = FakeRedis()
    monkeypatch.setattr(downloads, "store", lambda: shared)
    path = contact_csv.private_upload_file()
    path.write_bytes("Name;City\nÉlodie O'Brien;Zürich\n".encode())
    ref = uploads.keep(path)
    assert not path.exists()  # nothing stays on the uploading worker's disk
    (name,) = shared.data
    assert shared.ttl[name] == uploads.LIFETIME_SECONDS
    with uploads.local(ref, contact_csv.private_upload_file) as local:
        assert local.read_text() == "Name;City\nÉlodie O'Brien;Zürich\n"
    assert not local.exists()  # the step's copy is removed after it
    uploads.discard(ref)
    assert shared.data == {}
    with (
        pytest.raises(UserError, match=r"error\.csv\.no_file"),
        uploads.local(ref, contact_csv.private_upload_file),
    ):
        pass


def test_without_a_store_the_local_file_is_kept(monkeypatch):
    monkeypatch.setattr(downloads, "store", lambda: None)
    path = contact_csv.private_upload_file()
    path.write_text("Name\nAnna\n")
    ref = uploads.keep(path)
    with uploads.local(ref, contact_csv.private_upload_file) as local:
        assert local == path
    uploads.discard(ref)
    assert not path.exists()
