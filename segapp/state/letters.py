"""The letters of the open worksheet: personalise one line, preview its merged letter, and
produce every letter (Print letters, Download letters) with a progress bar. The segment is the
one WorksheetState shows (its id stays on the server); lines are named by their number and
checked within that segment by the services."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import reflex as rx

from ..db import transaction
from ..services.core import downloads
from ..services.core.errors import UserError
from ..services.letters import letters, merge, pdf, preview
from ..services.letters.documents import DOCX_CONTENT_TYPE, MAX_UPLOAD_BYTES
from ..services.worksheet import claims
from .base import AppState, authenticated, interruptible, is_stale, off_loop
from .segments import WorksheetState

ZIP_TYPE = "application/zip"


def backend_url(state: AppState, path: str) -> str:
    """An absolute URL on the backend that serves this browser's websocket (the frontend and
    the backend have different ports in development)."""
    headers = state.router.headers
    host = headers.host or "localhost:8000"
    scheme = "https" if (headers.origin or "").startswith("https") else "http"
    return f"{scheme}://{host}{path}"


def download_script(url: str) -> rx.event.EventSpec:
    """Starts a download without leaving the page: a hidden frame loads the link (served as an
    attachment with its file name), so the app keeps its state."""
    return rx.call_script(
        "(() => { const f = document.createElement('iframe'); f.style.display = 'none';"
        f" f.src = {json.dumps(url)}; document.body.appendChild(f);"
        " setTimeout(() => f.remove(), 120000); })()"
    )


KINDS = ("docx", "zip", "pdf", "pdf_zip")


def _produce(segment_id: int, kind: str, auth_token: str, segment_no: str, progress: dict):
    """The heavy part, in a worker thread: merge every letter (and convert it to PDF for the
    PDF kinds) into a file behind a link."""
    with transaction() as session:
        batch = letters.prepare_letters(session, segment_id)
    if not batch.letters:
        raise UserError("letters.none")
    if kind.startswith("pdf") and not pdf.available():
        raise UserError("pdf.unavailable", package=pdf.INSTALL_HINT)
    progress["total"] = len(batch.letters)

    def report(done: int, total: int) -> None:
        progress["done"] = done

    def staged(stage: str, done: int, total: int) -> None:
        progress["stage"] = stage
        progress["done"], progress["total"] = done, total

    name, media = {
        "zip": (f"Segment {segment_no}.zip", ZIP_TYPE),
        "pdf": (f"Segment {segment_no}.pdf", pdf.PDF_CONTENT_TYPE),
        "pdf_zip": (f"Segment {segment_no} PDF.zip", ZIP_TYPE),
    }.get(kind, (f"Segment {segment_no}.docx", DOCX_CONTENT_TYPE))
    link = downloads.create(auth_token, letters.safe_file_name(name), media)
    with open(link.path, "wb") as out:
        if kind == "zip":
            letters.write_zip(batch, out, report)
        elif kind == "pdf":
            pdf.write_combined_pdf(batch, out, staged)
        elif kind == "pdf_zip":
            pdf.write_pdf_zip(batch, out, staged)
        else:
            letters.write_combined(batch, out, report)
    downloads.publish(link)
    return link, name, len(batch.letters), len(batch.without_document)


@interruptible("busy", converting=False, progress=0, progress_done=0, progress_total=0)
class LettersState(AppState):
    personalise_line: str = ""
    line_document: str = ""
    remark: str = ""
    preview_line: str = ""
    preview_html: str = ""
    busy: bool = False
    progress: int = 0
    progress_done: int = 0
    progress_total: int = 0
    converting: bool = False
    pdf_available: bool = pdf.available()
    _beat: float = 0.0

    async def _segment_id(self) -> int:
        """The worksheet's segment, once checked to be still the one the page shows."""
        worksheet = await self.get_state(WorksheetState)
        seen = worksheet._seen()

        def check() -> int:
            with transaction() as session:
                return claims.check(session, seen)

        return await off_loop(check)

    async def _refresh_worksheet(self) -> None:
        worksheet = await self.get_state(WorksheetState)
        worksheet._fetch()

    @staticmethod
    def _line_no(line_no: str) -> int:
        if not str(line_no).isdigit():
            raise UserError("error.line_gone", line_no=line_no)
        return int(line_no)

    # -- personalise ------------------------------------------------------------------------------

    @rx.event
    @authenticated
    async def open_personalise(self, line_no: str):
        segment_id = await self._segment_id()
        with transaction() as session:
            _, kind = letters.line_document(session, segment_id, self._line_no(line_no))
        self.personalise_line = str(line_no)
        self.line_document = kind
        self.remark = ""

    @rx.event
    def close_personalise(self):
        self.personalise_line = ""

    @rx.event
    def personalise_changed(self, is_open: bool):
        if not is_open:
            self.personalise_line = ""

    @rx.event
    def set_remark(self, value: str):
        self.remark = value[:2000]

    @rx.event
    @authenticated
    async def save_remark(self):
        segment_id = await self._segment_id()
        line_no = self._line_no(self.personalise_line)
        with transaction() as session:
            letters.personalise_with_remark(session, segment_id, line_no, self.remark)
        self.personalise_line = ""
        await self._refresh_worksheet()
        return rx.toast.success(self._t("letters.remark_saved", line_no=line_no))

    @rx.event
    @authenticated
    async def upload_line_letter(self, files: list[rx.UploadFile]):
        segment_id = await self._segment_id()
        line_no = self._line_no(self.personalise_line)
        if not files:
            raise UserError("document.empty")
        upload = files[0]
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        name = upload.name or upload.filename or "letter.docx"
        with transaction() as session:
            info = letters.upload_line_letter(
                session, segment_id, line_no, name, data, upload.content_type or ""
            )
        self.personalise_line = ""
        await self._refresh_worksheet()
        found = await off_loop(merge.upload_warnings, data)
        warnings = [self._t(key, **params) for key, params in found]
        return [
            rx.toast.success(self._t("letters.uploaded", name=info.file_name)),
            *(rx.toast.warning(text) for text in warnings),
        ]

    @rx.event
    @authenticated
    async def reset_line(self):
        segment_id = await self._segment_id()
        line_no = self._line_no(self.personalise_line)
        with transaction() as session:
            letters.reset_line_letter(session, segment_id, line_no)
        self.personalise_line = ""
        await self._refresh_worksheet()
        return rx.toast.success(self._t("letters.reset_done", line_no=line_no))

    @rx.event
    @authenticated
    async def download_line_letter(self):
        """The contact's merged letter, to edit in Word and upload back."""
        segment_id = await self._segment_id()
        line_no = self._line_no(self.personalise_line)
        auth_token = self._session_token()

        def make_link() -> str:
            with transaction() as session:
                name, data = letters.line_letter_file(session, segment_id, line_no)
            link = downloads.create(auth_token, name, DOCX_CONTENT_TYPE)
            link.path.write_bytes(data)
            return downloads.publish(link)

        return download_script(backend_url(self, await off_loop(make_link)))

    # -- preview ----------------------------------------------------------------------------------

    @rx.event
    @authenticated
    async def open_preview(self, line_no: str):
        segment_id = await self._segment_id()
        number = self._line_no(line_no)
        with transaction() as session:
            docx = letters.merge_line_letter(session, segment_id, number)
        self.preview_html = preview.docx_to_html(docx)
        self.preview_line = str(number)

    @rx.event
    def preview_changed(self, is_open: bool):
        if not is_open:
            self.preview_line = ""
            self.preview_html = ""

    # -- every letter -----------------------------------------------------------------------------

    @rx.event
    @authenticated
    async def print_letters(self):
        return LettersState.produce("docx")

    @rx.event
    @authenticated
    async def download_letters(self):
        return LettersState.produce("zip")

    @rx.event
    @authenticated
    async def print_letters_pdf(self):
        return LettersState.produce("pdf")

    @rx.event
    @authenticated
    async def download_letters_pdf(self):
        return LettersState.produce("pdf_zip")

    @rx.event(background=True)
    async def produce(self, kind: str):
        """Merges every letter in a worker thread while the progress bar moves. Being a
        background task it checks the signed-in user itself (as ``authenticated`` does)."""
        async with self:
            if await off_loop(self._current_user) is None:
                yield self._sign_in_redirect()
                return
            if self.busy and not is_stale(self):
                yield self._show_refusal(self._t("letters.busy"))
                return
            worksheet = await self.get_state(WorksheetState)
            segment_id, segment_no = worksheet._segment_id, worksheet.header.get("no", "")
            if segment_id is None:
                yield self._refuse(UserError("error.segment_gone"))
                return
            self.busy, self.progress, self.progress_done, self.progress_total = True, 0, 0, 0
            self._beat = time.time()
            self.converting = False
            token = self._session_token()
        progress: dict = {"done": 0, "total": 0, "stage": pdf.MERGING}
        result: dict = {}
        kind = kind if kind in KINDS else "docx"

        def work() -> None:
            try:
                result["value"] = _produce(segment_id, kind, token, segment_no, progress)
            except Exception as exc:  # reported below, in the user's language
                result["error"] = exc

        thread = threading.Thread(target=work, name="segapp-letters", daemon=True)
        thread.start()
        while thread.is_alive():
            await asyncio.sleep(0.25)
            async with self:
                self._beat = time.time()
                self.progress_done, self.progress_total = progress["done"], progress["total"]
                total = progress["total"] or 1
                share = int(100 * progress["done"] / total)
                if kind.startswith("pdf"):
                    # merging fills the first half of the bar, converting the second
                    self.converting = progress["stage"] == pdf.CONVERTING
                    share = share // 2 + (50 if self.converting else 0)
                self.progress = share
        async with self:
            self.busy = False
            self.converting = False
            self.progress = 100 if "value" in result else 0
            error = result.get("error")
            if error is not None:
                if isinstance(error, UserError):
                    yield self._refuse(error)
                else:
                    import logging

                    logging.getLogger(__name__).error("letters failed", exc_info=error)
                    yield self._show_refusal(self._t("common.error_unexpected"))
                return
            link, _name, count, skipped = result["value"]
            url = backend_url(self, link.url_path)
            message = self._t("letters.ready", count=count)
            if skipped:
                message += " " + self._t("letters.skipped", count=skipped)
        yield download_script(url)
        yield rx.toast.success(message)
