"""What a batch run did (:class:`Summary`), returned by both engines and written to
``_batch.json``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Summary"]


@dataclass(slots=True)
class Summary:
    """What a batch did: counts per table, failures, engine and time."""

    engine: str
    out: str
    units: int = 0
    partitions: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return self.counts.get("documents", 0)

    @property
    def failures(self) -> int:
        return self.counts.get("failures", 0)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0
