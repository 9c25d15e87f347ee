"""Print the JSON Schema of a record (``python -m dateline.schema > docs/record.schema.json``)."""

from __future__ import annotations

import json
import sys

from .records import json_schema


def dumps() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(dumps())
