from __future__ import annotations

import pytest

from taxonomist.core.errors import UsageError
from taxonomist.core.findings import Report
from taxonomist.report import REPORTERS, render


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_reporter_renders_both_reports(
    name: str, report: Report, empty_report: Report
) -> None:
    for one in (report, empty_report):
        assert render(name, one).endswith("\n")
        assert render(name, one) == render(name, one)


def test_unknown_reporter_is_a_usage_error(report: Report) -> None:
    with pytest.raises(UsageError, match="unknown report format 'html'"):
        render("html", report)
