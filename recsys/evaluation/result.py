"""What every evaluation and benchmark returns: named figures, one of them the headline.

Modelled on sentence-transformers' evaluators (a dict of metrics and a ``primary_metric``):
an entry point computes and returns an :class:`EvaluationResult`, it never prints; the CLI
formats it as a table or JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

PATH_SEPARATOR = "/"


@dataclass
class EvaluationResult:
    """The figures of one evaluation or benchmark run.

    Attributes:
        name: what was measured (``"eval-search"``, ``"bench-index"``, ...).
        primary_metric: the headline figure, as a path of ``metrics`` keys joined by ``/``
            (``"recommender (what runs)/recall@10"``); keys themselves never contain ``/``.
        metrics: the figures, usually one dict per system compared (numbers, None where a
            figure is undefined, or nested dicts).
        details: what the figures were measured on (sizes, settings, chosen parameters).
        problems: what the reader should know went wrong (a baseline skipped, ...).
    """

    name: str
    primary_metric: str
    metrics: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def metric(self, path: str) -> Any:
        """The value at a ``/``-separated path of ``metrics`` keys; KeyError when there is none."""
        value: Any = self.metrics
        for key in path.split(PATH_SEPARATOR):
            if not isinstance(value, dict) or key not in value:
                raise KeyError(f"{self.name}: no metric {path!r}")
            value = value[key]
        return value

    @property
    def primary(self) -> float | None:
        """The primary metric's value; None when it is undefined or was not measured."""
        try:
            value = self.metric(self.primary_metric)
        except KeyError:
            return None
        return None if value is None else float(value)

    def to_dict(self) -> dict[str, Any]:
        """All fields and the primary value, as JSON-ready data."""
        return {"name": self.name, "primary_metric": self.primary_metric, "primary": self.primary,
                "metrics": self.metrics, "details": self.details, "problems": list(self.problems)}

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as a JSON document."""
        return json.dumps(self.to_dict(), indent=indent)
