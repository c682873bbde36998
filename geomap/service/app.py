"""The HTTP API of ``geomap serve``: thin FastAPI routes over a :class:`~geomap.service.store.Store`.

Routes parse and check the request, call the library (the intake runs
:func:`geomap.pipeline.process_report`; comparisons, timelines and maps come
from :mod:`geomap.compare` and :mod:`geomap.maps`) and write the answer
through :mod:`geomap.service.formats`. ``/docs`` and ``/openapi.json``
describe every route.

Examples
--------
>>> import tempfile, pathlib
>>> from geomap.gazetteer import Gazetteer
>>> from geomap.geoparse import Geoparser
>>> from geomap.service.sqlite import SqliteStore
>>> store = SqliteStore(pathlib.Path(tempfile.mkdtemp()) / "geomap.sqlite3")
>>> app = create_app(store, make_parser=lambda: Geoparser(Gazetteer.default(base=False)))
>>> sorted(r.path for r in app.routes if r.path.startswith("/reports"))
['/reports', '/reports', '/reports/batch', '/reports/{report_id}', '/reports/{report_id}']
>>> store.close()
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from geomap import settings
from geomap.errors import ClaimError, GeomapError, ReportFormatError
from geomap.service import formats
from geomap.service.guards import BodyLimit, error_response, install_error_handlers, require_token, validation_detail
from geomap.service.intake import Intake, ReportTooLarge, report_from_json, report_from_upload
from geomap.service.params import (
    REPORT_ID,
    Paging,
    claim_filter,
    compare_groups,
    event_filter,
    paging,
    report_filter,
)
from geomap.service.schemas import (
    BatchIn,
    BatchItem,
    BatchOut,
    ErrorBody,
    LayerOut,
    ReportIn,
    ReportList,
    ReportOut,
    SafeText,
    SearchOut,
)
from geomap.service.store import ClaimFilter, EventFilter, Page, ReportFilter, Store

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Sequence

    import geopandas as gpd

    from geomap.geoparse import Geoparser
    from geomap.reports import Report

__all__ = ["create_app"]

_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorBody} for code in (401, 404, 406, 413, 415, 422, 503)}
_EVENT_TYPES: dict[str, Any] = {"application/geo+json": {}, "text/csv": {}, "application/x-ndjson": {}}
_HTML = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
_LABEL = r"^[A-Za-z0-9][A-Za-z0-9 _.()-]{0,39}$"
_LAYER = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_LAYER_SUFFIXES = (".csv", ".geojson", ".json")
_REPORT_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ReportIn.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
    },
}

ReportId = Annotated[str, PathParam(pattern=REPORT_ID, description="r and 16 hex digits")]
Label = Annotated[str, Query(pattern=_LABEL, description="Name of the group in the outputs.")]
Write = Depends(require_token)


def _intake(request: Request) -> Intake:
    intake: Intake = request.app.state.intake
    return intake


def _store(request: Request) -> Store:
    return _intake(request).store


def _detail(store: Store, report_id: str) -> dict[str, Any]:
    found = store.report(report_id)
    places = {m["place_id"]: {k: m[k] for k in ("place_id", "name", "kind", "lat", "lon", "layer", "source")}
              for m in found["mentions"] if m.get("place_id")}  # fmt: skip
    return {
        **found,
        "places": list(places.values()),
        "events": formats.feature_collection(found["events"]),
        "claims": formats.feature_collection(found["claims"]),
    }


def _next_link(request: Request, cursor: int | None) -> dict[str, str]:
    if cursor is None:
        return {}
    return {"Link": f'<{request.url.include_query_params(cursor=cursor)}>; rel="next"'}


def _whole(page: Page[gpd.GeoDataFrame], too_many: str) -> gpd.GeoDataFrame:
    """The items of a page fetched up to ``settings.service_map_max_features``; ClaimError if the cap cut it short."""
    if page.next_cursor is not None:
        msg = f"{too_many} (settings.service_map_max_features): narrow it"
        raise ClaimError(msg)
    return page.items


def _all_claims(store: Store, flt: ClaimFilter, what: str) -> gpd.GeoDataFrame:
    cap = settings.service_map_max_features
    return _whole(store.claims(flt, after=None, limit=cap), f"{what} selects more than {cap:,} claims")


def _map_page(store: Store, flt: EventFilter) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    cap = settings.service_map_max_features
    events = store.events(flt, after=None, limit=cap).items
    claims = store.claims(
        ClaimFilter(date_from=flt.date_from, date_to=flt.date_to, side=flt.side, claimant=flt.claimant,
                    place=flt.place, bbox=flt.bbox, report_ids=flt.report_ids),
        after=None, limit=cap,
    ).items  # fmt: skip
    return events, claims


def _html(m: Any) -> HTMLResponse:  # noqa: ANN401 - a folium.Map
    return HTMLResponse(m.get_root().render(), headers=_HTML)


def _compare(
    store: Store, a: ClaimFilter, b: ClaimFilter, label_a: str, label_b: str
) -> tuple[Any, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    from geomap.compare import compare_claims  # noqa: PLC0415 - loaded on first comparison

    if label_a == label_b:
        msg = "label_a and label_b must differ"
        raise HTTPException(422, msg)
    claims_a, claims_b = _all_claims(store, a, label_a), _all_claims(store, b, label_b)
    return compare_claims(claims_a, claims_b, label_a=label_a, label_b=label_b), claims_a, claims_b


def _timeline(store: Store, flt: ClaimFilter) -> tuple[Any, gpd.GeoDataFrame]:
    """The timeline of the claims ``flt`` selects (a geomap.timeline.Timeline), and those claims."""
    from geomap.timeline import timeline  # noqa: PLC0415

    claims = _all_claims(store, flt, "the timeline")
    return timeline(claims, undated="skip"), claims


def _events_behind(store: Store, groups: Sequence[gpd.GeoDataFrame], what: str) -> gpd.GeoDataFrame | None:
    """The events of the reports the claims of ``groups`` cite: what a comparison or timeline map draws."""
    reports = tuple(sorted({str(r) for claims in groups for r in claims["report_id"].unique()}))
    if not reports:
        return None
    cap = settings.service_map_max_features
    page = store.events(EventFilter(report_ids=reports), after=None, limit=cap)
    return _whole(page, f"{what} cites reports with more than {cap:,} events")


def _ingest_one(intake: Intake, index: int, item: dict[str, Any]) -> BatchItem:
    try:
        done = intake.ingest(report_from_json(ReportIn.model_validate(item)))
    except ValidationError as exc:
        detail = validation_detail(exc.errors())[0]
        return BatchItem(index=index, status=422, error=f"{'.'.join(detail['loc'])}: {detail['msg']}")
    except ReportTooLarge as exc:
        return BatchItem(index=index, status=413, error=str(exc))
    except ReportFormatError as exc:
        return BatchItem(index=index, status=422, error=str(exc))
    return BatchItem(index=index, status=201 if done.created else 200, report_id=done.report_id)


def _ingest_batch(intake: Intake, items: Sequence[dict[str, Any]]) -> BatchOut:
    results = [_ingest_one(intake, i, item) for i, item in enumerate(items)]
    return BatchOut(
        results=results,
        stored=sum(r.status == 201 for r in results),  # noqa: PLR2004
        duplicates=sum(r.status == 200 for r in results),  # noqa: PLR2004
        failed=sum(r.status >= 400 for r in results),  # noqa: PLR2004
    )


async def _report_of(request: Request) -> Report:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/json":
        return report_from_json(ReportIn.model_validate_json(await request.body()))
    if media == "multipart/form-data":
        try:
            form = await request.form(max_files=1, max_fields=1)
        except HTTPException as exc:
            raise HTTPException(422, f"malformed multipart body: {exc.detail}") from exc
        upload = form.get("file")
        if not isinstance(upload, StarletteUpload):
            msg = "a multipart body needs the report file in the field 'file'"
            raise HTTPException(422, msg)
        name = Path(upload.filename or "upload.txt").name[:200] or "upload.txt"
        return report_from_upload(await upload.read(), name=name)
    msg = "send the report as application/json or as a file in multipart/form-data"
    raise HTTPException(415, msg)


def _routes(app: FastAPI) -> None:  # noqa: C901, PLR0915 - one nested function per route, each thin
    @app.get("/health", tags=["service"])
    def health(request: Request) -> dict[str, Any]:
        """Whether the service runs, and how much it holds."""
        return {"status": "ok", "counts": _store(request).counts()}

    @app.post("/reports", status_code=201, response_model=ReportOut, tags=["reports"], dependencies=[Write],
              openapi_extra={"requestBody": _REPORT_BODY},
              responses={200: {"model": ReportOut, "description": "Already stored"}, **_ERRORS})  # fmt: skip
    async def post_report(request: Request) -> Response:
        """Process and store a report (JSON, or an uploaded file with front matter); 200 if already stored."""
        intake = _intake(request)
        try:
            report = await _report_of(request)
        except ValidationError as exc:
            detail = validation_detail(exc.errors())
            return error_response(422, "invalid report body", detail=detail)
        done = await run_in_threadpool(intake.ingest, report)
        body = await run_in_threadpool(_detail, intake.store, done.report_id)
        return formats.SafeJSONResponse(body, status_code=201 if done.created else 200)

    @app.post("/reports/batch", response_model=BatchOut, tags=["reports"], dependencies=[Write],
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": BatchIn.model_json_schema()}}}},
              responses=_ERRORS)  # fmt: skip
    async def post_batch(request: Request) -> Response:
        """Store many reports: each whole or not at all, with a status (and error) per report."""
        try:
            batch = BatchIn.model_validate_json(await request.body())
        except ValidationError as exc:
            return error_response(422, "invalid batch body", detail=validation_detail(exc.errors()))
        if len(batch.reports) > settings.service_max_batch:
            msg = f"a batch holds at most {settings.service_max_batch} reports, got {len(batch.reports)}"
            return error_response(413, msg)
        result = await run_in_threadpool(_ingest_batch, _intake(request), batch.reports)
        return formats.SafeJSONResponse(result.model_dump())

    @app.get("/reports", response_model=ReportList, tags=["reports"], responses=_ERRORS)
    def list_reports(
        request: Request, flt: Annotated[ReportFilter, Depends(report_filter)], page: Annotated[Paging, Depends(paging)]
    ) -> Response:
        """Stored reports, oldest first, without their text."""
        found = _store(request).reports(flt, after=page.after, limit=page.limit)
        return formats.SafeJSONResponse({"reports": found.items, "next_cursor": found.next_cursor},
                                        headers=_next_link(request, found.next_cursor))  # fmt: skip

    @app.get("/reports/{report_id}", response_model=ReportOut, tags=["reports"], responses=_ERRORS)
    def get_report(request: Request, report_id: ReportId) -> Response:
        """A stored report with its text, mentions, places, events and claims."""
        return formats.SafeJSONResponse(_detail(_store(request), report_id))

    @app.delete("/reports/{report_id}", status_code=204, tags=["reports"], dependencies=[Write], responses=_ERRORS)
    def delete_report(request: Request, report_id: ReportId) -> Response:
        """Delete a report; its mentions, events and claims go with it."""
        if not _store(request).delete(report_id):
            return error_response(404, f"no report {report_id!r}")
        return Response(status_code=204)

    @app.get("/events", tags=["events"], responses={200: {"content": _EVENT_TYPES}, **_ERRORS})
    def list_events(
        request: Request,
        flt: Annotated[EventFilter, Depends(event_filter)],
        page: Annotated[Paging, Depends(paging)],
        fmt: Annotated[str | None, Query(alias="format", pattern="^(geojson|csv|jsonl)$")] = None,
    ) -> Response:
        """Events as GeoJSON (default), ACLED-shaped CSV or JSON Lines (``?format=`` or ``Accept``)."""
        chosen = fmt or formats.negotiate(request.headers.get("accept"))
        if chosen is None:
            return error_response(406, "Accept one of application/geo+json, text/csv, application/x-ndjson")
        found = _store(request).events(flt, after=page.after, limit=page.limit)
        gazetteer, link = _intake(request).parser.gazetteer, _next_link(request, found.next_cursor)
        return formats.event_response(found.items, chosen, gazetteer=gazetteer, headers=link,
                                      next_cursor=found.next_cursor)  # fmt: skip

    @app.get("/claims", tags=["claims"], responses=_ERRORS)
    def list_claims(
        request: Request, flt: Annotated[ClaimFilter, Depends(claim_filter)], page: Annotated[Paging, Depends(paging)]
    ) -> Response:
        """Control claims as GeoJSON areas: who says which side holds what, from which report."""
        found = _store(request).claims(flt, after=page.after, limit=page.limit)
        body = formats.feature_collection(found.items, next_cursor=found.next_cursor)
        return formats.GeoJSONResponse(body, headers=_next_link(request, found.next_cursor))

    @app.get("/compare", tags=["claims"], responses=_ERRORS)
    def compare(
        request: Request,
        pair: Annotated[tuple[ClaimFilter, ClaimFilter], Depends(compare_groups)],
        label_a: Label = "A",
        label_b: Label = "B",
    ) -> Response:
        """Where two groups of claims (report ids, or side/date per group) agree or contradict, with km²."""
        result, _, _ = _compare(_store(request), *pair, label_a, label_b)
        body = formats.feature_collection(
            result.pieces,
            label_a=result.label_a,
            label_b=result.label_b,
            totals_km2=result.totals,
            table=result.to_rows(),
            by_side=formats.records(result.by_side.reset_index(names="controller")),
            by_place=formats.records(result.by_place),
        )
        return formats.GeoJSONResponse(body)

    @app.get("/compare/map", response_class=HTMLResponse, tags=["maps"], responses=_ERRORS)
    def compare_map(
        request: Request,
        pair: Annotated[tuple[ClaimFilter, ClaimFilter], Depends(compare_groups)],
        label_a: Label = "A",
        label_b: Label = "B",
    ) -> HTMLResponse:
        """The comparison on an interactive map."""
        from geomap.maps import render_comparison  # noqa: PLC0415

        store = _store(request)
        result, claims_a, claims_b = _compare(store, *pair, label_a, label_b)
        events = _events_behind(store, (claims_a, claims_b), "the comparison")
        return _html(render_comparison(result, claims_a=claims_a, claims_b=claims_b, events=events))

    @app.get("/timeline", tags=["claims"], responses=_ERRORS)
    def get_timeline(request: Request, flt: Annotated[ClaimFilter, Depends(claim_filter)]) -> Response:
        """Claimed control per report date and the km² gained, lost and contested per side between dates."""
        line, _ = _timeline(_store(request), flt)
        body = formats.feature_collection(
            line.change_pieces,
            dates=[d.isoformat() for d in line.dates],
            changes=formats.records(line.changes),
            undated_reports=sorted({str(r) for r in line.undated.get("report_id", [])}),
        )
        return formats.GeoJSONResponse(body)

    @app.get("/timeline/map", response_class=HTMLResponse, tags=["maps"], responses=_ERRORS)
    def timeline_map(request: Request, flt: Annotated[ClaimFilter, Depends(claim_filter)]) -> HTMLResponse:
        """The timeline on a map with a time slider, the events of its reports drawn over the ground."""
        from geomap.maps import render_timeline  # noqa: PLC0415

        store = _store(request)
        line, claims = _timeline(store, flt)
        events = _events_behind(store, (claims,), "the timeline")
        return _html(render_timeline(line, claims=claims, events=events))

    @app.get("/map", response_class=HTMLResponse, tags=["maps"], responses=_ERRORS)
    def events_map(request: Request, flt: Annotated[EventFilter, Depends(event_filter)]) -> HTMLResponse:
        """The interactive map of the events (and claims) the filters select."""
        from geomap.maps import render_map  # noqa: PLC0415

        events, claims = _map_page(_store(request), flt)
        return _html(render_map(events, claims=claims))

    @app.get("/gazetteer/search", response_model=SearchOut, tags=["gazetteer"], responses=_ERRORS)
    def search(
        request: Request,
        q: Annotated[SafeText, Query(min_length=1, max_length=200, description="A place name, any spelling.")],
        kind: Annotated[SafeText | None, Query(max_length=40)] = None,
        country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> Response:
        """Gazetteer candidates for a name, best first, with aliases, kind and the coordinates' source."""
        matches = _intake(request).parser.gazetteer.lookup(q, kind=kind, country=country, limit=limit)
        candidates = [{**m.place.to_dict(), "matched_alias": m.alias, "match": m.method, "score": m.score}
                      for m in matches]  # fmt: skip
        return formats.SafeJSONResponse({"query": q, "candidates": candidates})

    @app.post("/gazetteer/layers", status_code=201, response_model=LayerOut, tags=["gazetteer"],
              dependencies=[Write], responses=_ERRORS)  # fmt: skip
    async def import_layer(
        request: Request, file: UploadFile, name: Annotated[str | None, Query(max_length=64)] = None
    ) -> Response:
        """Import a user layer (CSV or GeoJSON of places, as ``geomap gazetteer import`` takes)."""
        from geomap.gazetteer import import_layer as install  # noqa: PLC0415

        filename = Path(file.filename or "").name
        suffix = Path(filename).suffix.lower()
        stem = (name or Path(filename).stem).lower()
        if suffix not in _LAYER_SUFFIXES:
            return error_response(422, f"a layer file ends in {', '.join(_LAYER_SUFFIXES)}, got {filename[:80]!r}")
        if not _LAYER.match(stem):
            return error_response(422, "a layer name is 1-64 of a-z, 0-9, '-' and '_', starting with a letter or digit")
        data = await file.read()
        intake = _intake(request)
        with tempfile.TemporaryDirectory(prefix="geomap-layer-") as folder:
            path = Path(folder) / f"{stem}{suffix}"
            path.write_bytes(data)
            try:
                imported = await run_in_threadpool(install, path, name=stem)
            except GeomapError as exc:
                return error_response(422, str(exc).replace(str(path), filename))
        await run_in_threadpool(intake.reload)
        return formats.SafeJSONResponse({"layer": imported.layer, "places": imported.places}, status_code=201)


def create_app(
    store: Store,
    *,
    make_parser: Callable[[], Geoparser] | None = None,
    token: str | None = None,
    cors_origins: Sequence[str] | None = None,
    max_body_bytes: int | None = None,
) -> FastAPI:
    """The service's ASGI app over ``store``.

    Parameters
    ----------
    store
        Where reports are kept; closed when the app shuts down.
    make_parser
        Builds the geoparser (default: the default gazetteer); called again
        after a layer is imported.
    token
        Bearer token required on POST and DELETE; None leaves writes open.
    cors_origins
        Browser origins allowed to call the API; default
        ``settings.service_cors_origins`` (none).
    max_body_bytes
        Largest request body; default ``settings.service_max_body_bytes``.
    """
    if make_parser is None:
        from geomap.gazetteer import Gazetteer  # noqa: PLC0415
        from geomap.geoparse import Geoparser  # noqa: PLC0415

        def make_parser() -> Geoparser:
            return Geoparser(Gazetteer.default())

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="geomap",
        summary="Conflict reports in; sourced places, events, control claims, comparisons and maps out.",
        version="1",
        default_response_class=formats.SafeJSONResponse,
        lifespan=lifespan,
    )
    app.state.intake = Intake(store, make_parser)
    app.state.token = token or None
    install_error_handlers(app)
    _routes(app)
    origins = list(settings.service_cors_origins if cors_origins is None else cors_origins)
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type"])  # fmt: skip
    app.add_middleware(BodyLimit, limit=settings.service_max_body_bytes if max_body_bytes is None else max_body_bytes)
    return app
