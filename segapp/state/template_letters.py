"""The letters of one interaction template, one per language (bc-reference.md section 2.4):
upload, replace, download, remove, with the merge fields each letter uses."""

from __future__ import annotations

import reflex as rx

from ..db import transaction
from ..services.core import downloads
from ..services.core.errors import UserError
from ..services.letters import documents, merge
from ..services.letters.documents import DOCX_CONTENT_TYPE, MAX_UPLOAD_BYTES
from .base import AppState, authenticated, off_loop
from .letters import backend_url, download_script

UPLOAD_ID = "template-letter-upload"


class TemplateLettersState(AppState):
    code: str = ""
    found: bool = True
    rows: list[dict[str, str]] = []
    language: str = ""
    last_recognised: str = ""
    last_unknown: str = ""
    last_warnings: str = ""

    def _code(self) -> str:
        return str(self._route_params().get("code", "")).upper()

    def _fetch(self) -> None:
        self.code = self._code()
        try:
            with transaction() as session:
                found = documents.template_letters(session, self.code)
        except UserError:
            self.found, self.rows = False, []
            return
        self.found = True
        self.rows = [
            {
                "language": r.language_code,
                "language_name": r.language_name,
                "file_name": r.file_name,
                "size": f"{r.size / 1024:.0f} KB" if r.size else "",
                "locked": "yes" if r.locked else "no",
                "recognised": ", ".join(r.recognised),
                "unknown": ", ".join(r.unknown),
                "problem": self._refusal(r.problem) if r.problem else "",
            }
            for r in found
        ]
        languages = [r["language"] for r in self.rows]
        if self.language not in languages:
            self.language = languages[0] if languages else ""

    @rx.event
    @authenticated
    def load(self):
        self.last_recognised = self.last_unknown = self.last_warnings = ""
        self._fetch()

    @rx.event
    def set_language(self, language: str):
        self.language = language

    @rx.event
    @authenticated
    async def upload(self, files: list[rx.UploadFile]):
        if not files:
            raise UserError("document.empty")
        upload = files[0]
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        with transaction() as session:
            info = documents.upload_template_letter(
                session,
                self._code(),
                self.language,
                upload.name or upload.filename or "letter.docx",
                data,
                upload.content_type or "",
            )
        self.last_recognised = ", ".join(info.recognised)
        self.last_unknown = ", ".join(info.unknown)
        found = await off_loop(merge.upload_warnings, data)
        self.last_warnings = " ".join(self._t(key, **params) for key, params in found)
        self._fetch()
        return rx.toast.success(self._t("letters.uploaded", name=info.file_name))

    @rx.event
    @authenticated
    def remove(self, language: str):
        with transaction() as session:
            documents.remove_template_letter(session, self._code(), language)
        self._fetch()
        return rx.toast.success(self._t("templates.removed", language=language))

    @rx.event
    @authenticated
    def download(self, language: str):
        with transaction() as session:
            name, data = documents.template_letter_file(session, self._code(), language)
        link = downloads.create(self._session_token(), name, DOCX_CONTENT_TYPE)
        link.path.write_bytes(data)
        return download_script(backend_url(self, downloads.publish(link)))
