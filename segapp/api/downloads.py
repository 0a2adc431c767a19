"""``GET /_segapp/download/<token>``: a generated file for the browser session that asked for
it (see :mod:`segapp.services.core.downloads`), once. Unknown, expired, used or foreign links
answer 404."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

from ..db import transaction
from ..services.core import downloads


def download(request: Request) -> Response:
    """A plain function: Starlette runs it in a worker thread (it reads the database)."""
    token = request.path_params.get("token", "")
    with transaction() as session:
        found = downloads.resolve(session, token, request.cookies.get(downloads.COOKIE, ""))
    if found is None:
        return PlainTextResponse("This link has expired or is not yours.", status_code=404)
    ascii_name = found.file_name.encode("ascii", "replace").decode().replace('"', "'")
    headers = {
        "Content-Disposition": (
            f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(found.file_name)}"
        ),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    if found.content is not None:
        return Response(found.content, media_type=found.media_type, headers=headers)
    return FileResponse(found.path, media_type=found.media_type, headers=headers)


def register(app) -> None:
    """Adds the route to the Reflex app's backend."""
    app._api.add_route(downloads.ROUTE, download, methods=["GET"])
