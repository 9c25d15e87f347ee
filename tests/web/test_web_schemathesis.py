"""schemathesis over the whole API (issue 16): property-based requests from the stored OpenAPI
schema must never get a 500, and every response carries the security headers. Two phases: the
read-only operations without a token, then every operation with the server's token. Run by
``make test-all`` (``DATELINE_SCHEMATHESIS=1``; ``DATELINE_SCHEMATHESIS_EXAMPLES`` bounds the
examples per operation, default 100)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.schemathesis,
    pytest.mark.skipif(not os.environ.get("DATELINE_SCHEMATHESIS"), reason="make test-all runs it"),
]
schemathesis = pytest.importorskip("schemathesis")

import spacy  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from webfixtures import fill  # noqa: E402

from dateline.analysis import Analyzer  # noqa: E402
from dateline.options import Options  # noqa: E402
from dateline.web.app import create_app  # noqa: E402

TOKEN = "schemathesis-token"
EXAMPLES = int(os.environ.get("DATELINE_SCHEMATHESIS_EXAMPLES") or 100)

_TMP = tempfile.mkdtemp(prefix="dateline-schemathesis-")
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)  # the module is imported even when skipped
_DB = Path(_TMP) / "corpus.db"
fill(_DB)
APP = create_app(
    _DB,
    token=TOKEN,
    analyzer=Analyzer(Options(entities=False, attributions=False), nlp=spacy.blank("en")),
    analysis_per_minute=1_000_000,
)
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
READS = SCHEMA.include(method="GET")


def nosniff(ctx, response, case) -> bool:  # type: ignore[no-untyped-def]
    """Every response says ``X-Content-Type-Options: nosniff``."""
    value = response.headers.get("x-content-type-options") or response.headers.get("X-Content-Type-Options")
    got = value[0] if isinstance(value, list) else value
    assert got == "nosniff", f"{case.method} {case.path}: no X-Content-Type-Options: nosniff"
    return True


BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@READS.parametrize()
@BOUNDED
def test_reads_never_fail_with_a_server_error(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(checks=[not_a_server_error, nosniff])


@SCHEMA.parametrize()
@BOUNDED
def test_writes_with_the_token_never_fail_with_a_server_error(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error, nosniff])
