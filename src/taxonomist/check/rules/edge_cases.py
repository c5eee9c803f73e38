"""stub"""

from __future__ import annotations

from taxonomist.check.context import Rule
from taxonomist.core.codes import CodeDoc

RULES: tuple[Rule, ...] = ()
CHECK_CODES: dict[str, CodeDoc] = {}
