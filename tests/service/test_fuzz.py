"""A bounded schemathesis run against the real server's /openapi.json: no request gets a 5xx."""

from __future__ import annotations

import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

#: Examples per operation and mode: bounded, so the run stays a small part of the suite (raise it to dig deeper).
EXAMPLES = int(os.environ.get("GEOMAP_FUZZ_EXAMPLES", "12"))


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "malformed"])
def test_no_request_the_schema_describes_gets_a_server_error(api, mode):
    url = str(api.base_url).rstrip("/")
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    errors: list[str] = []
    for result in schema.get_all_operations():
        fuzz(result.ok(), mode, url, errors)
    assert errors == []


def fuzz(operation, mode, url, errors):
    """Send the operation's generated requests; note every 5xx."""

    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case):
        try:
            response = case.call(base_url=url, timeout=120)
        except requests.RequestException as exc:
            errors.append(f"{operation.label}: no answer ({type(exc).__name__})")
            return
        if response.status_code >= 500:
            errors.append(f"{operation.label}: {response.status_code} {response.text[:200]}")

    try:
        call()
    except Unsatisfiable:
        if mode is not GenerationMode.NEGATIVE:
            raise  # only an operation without parameters or body has nothing to malform
