"""The one rule for parameters stored with derived data (signatures, reuse keys, statement keys):
a store whose data was made with other parameters than this dateline's is refused, to be rebuilt.

Imports nothing of the corpus package, so the store and the indexes it keeps can all use it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import StoreError

__all__ = ["check"]


def check(
    conn: sqlite3.Connection,
    prefix: str,
    names: Iterable[str],
    current: Mapping[str, Any],
    what: str,
    path: str | None,
) -> None:
    """Raise :class:`StoreError` when a setting ``<prefix>.<name>`` recorded in the store differs
    from ``current[name]``; ``what`` names the data made with them (``its signatures were``)."""
    stored = dict(conn.execute("SELECT name, value FROM settings WHERE name LIKE ?", (f"{prefix}.%",)))
    for name in names:
        value = stored.get(f"{prefix}.{name}")
        if value is not None and json.loads(value) != current[name]:
            raise StoreError(
                f"{what} made with {name}={value}, this dateline uses {current[name]}; rebuild the store",
                path,
            )
