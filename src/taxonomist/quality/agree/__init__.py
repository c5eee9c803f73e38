"""``taxonomist agree``: agreement between annotators, tied to the guideline rules.

    files --inputs--> sides (one per annotator) --matching--> pairs of objects
          --metrics, attributes, labels--> numbers --attribution--> guideline gaps
          --> ``model.AgreementReport`` (plain values) --> report_json / report_html / hard_cases

``run_agree`` is the whole pipeline; the CLI prints what it returns.
"""

from __future__ import annotations

from taxonomist.quality.agree.run import run_agree

__all__ = ["run_agree"]
