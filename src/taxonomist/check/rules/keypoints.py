"""stub"""

from __future__ import annotations

from taxonomist.check.context import Rule

RULES: tuple[Rule, ...] = ()
