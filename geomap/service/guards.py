"""What stands between a request and the store: body limit, write token, JSON errors.

* :class:`BodyLimit` answers 413 to a body larger than the limit, before any
  route reads it (by ``Content-Length`` or while it streams in).
* :func:`require_token` asks for ``Authorization: Bearer <GEOMAP_TOKEN>`` on
  writes when the service has a token (compared in constant time).
* :func:`install_error_handlers` makes every error a JSON body
  ``{"error": ..., "status": ...}``: 422 for malformed bodies and
  parameters, 404 for unknown reports, 503 when the store fails (or its
  database is unreachable), 500 (with nothing internal in it) for a bug.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import sqlite3
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from geomap.errors import ClaimError, GazetteerError, PlaceNotFound, RecordNotFound, ReportFormatError, StoreError
from geomap.service.formats import SafeJSONResponse, inert_json
from geomap.service.intake import ReportTooLarge

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fastapi import FastAPI
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit", "error_response", "install_error_handlers", "require_token", "validation_detail"]

logger = logging.getLogger(__name__)
_PREFIX = "Bearer "


def error_response(
    status: int, message: str, *, detail: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None
) -> SafeJSONResponse:
    """The JSON body of an error."""
    body: dict[str, Any] = {"error": message, "status": status}
    if detail is not None:
        body["detail"] = detail
    return SafeJSONResponse(body, status_code=status, headers=headers)


class BodyLimit:
    """ASGI middleware: request bodies larger than ``limit`` bytes get 413 and never reach a route."""

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def _refuse(self, send: Send) -> None:
        body = inert_json({"error": f"request body is larger than {self.limit:,} bytes", "status": 413})
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with its body read, or answer 413."""
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


def require_token(request: Request) -> None:
    """Refuse a write without the service's bearer token (when it has one)."""
    token: str | None = request.app.state.token
    if not token:
        return
    given = request.headers.get("authorization", "")
    if not given.startswith(_PREFIX) or not hmac.compare_digest(given[len(_PREFIX) :].encode(), token.encode()):
        raise HTTPException(401, "this service needs 'Authorization: Bearer <token>' to write",
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip


def validation_detail(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic errors without the inputs (they may be large, or not JSON)."""
    return [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in errors]  # fmt: skip


def _summary(detail: list[dict[str, Any]]) -> str:
    if not detail:
        return "invalid request"
    first = detail[0]
    where = ".".join(first["loc"])
    more = f" (and {len(detail) - 1} more)" if len(detail) > 1 else ""
    return f"invalid request: {where}: {first['msg']}{more}"


def install_error_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` a JSON body."""

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> SafeJSONResponse:
        detail = validation_detail(exc.errors())
        return error_response(422, _summary(detail), detail=detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> SafeJSONResponse:
        return error_response(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(ReportTooLarge)
    async def too_large(_request: Request, exc: ReportTooLarge) -> SafeJSONResponse:
        return error_response(413, str(exc))

    @app.exception_handler(ReportFormatError)
    @app.exception_handler(GazetteerError)
    @app.exception_handler(ClaimError)
    async def unprocessable(_request: Request, exc: Exception) -> SafeJSONResponse:
        return error_response(422, str(exc))

    @app.exception_handler(RecordNotFound)
    @app.exception_handler(PlaceNotFound)
    async def not_found(_request: Request, exc: Exception) -> SafeJSONResponse:
        return error_response(404, str(exc))

    @app.exception_handler(StoreError)
    @app.exception_handler(sqlite3.OperationalError)
    async def store_failed(_request: Request, exc: Exception) -> SafeJSONResponse:
        logger.error("store error: %s", exc)
        return error_response(503, "the store failed; try again")

    with contextlib.suppress(ImportError):  # PostGIS: a database that is down or restarting
        from psycopg import OperationalError  # noqa: PLC0415

        app.add_exception_handler(OperationalError, store_failed)

    @app.exception_handler(Exception)
    async def bug(_request: Request, exc: Exception) -> SafeJSONResponse:
        logger.error("unexpected error", exc_info=exc)
        return error_response(500, "internal server error")
