"""The report as JSON: every field of the result values, keys sorted, floats rounded to six
places, so the same files give the same bytes."""

from __future__ import annotations

import json
from dataclasses import asdict

from taxonomist.quality.agree.model import AgreementReport

DIGITS = 6


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return round(value, DIGITS)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def render_json(report: AgreementReport) -> str:
    """``report`` as indented JSON text with a final newline."""
    data = {"agreement": _rounded(asdict(report))}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
