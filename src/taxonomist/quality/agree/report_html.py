"""The report as one self-contained HTML page (``quality.html``): the tables, F1 per class,
the confusion heatmap and the overlap histogram of each pair, the guideline gaps."""

from __future__ import annotations

from taxonomist.quality import html
from taxonomist.quality.agree import plots, tables
from taxonomist.quality.agree.model import AgreementReport, PairAgreement
from taxonomist.quality.tables import Table, table_html


def _table(table: Table) -> str:
    return table_html(table, caption=True)


def _pair(pair: PairAgreement, report: AgreementReport) -> html.Section:
    what = "OKS" if report.match_by == "keypoints" else "IoU"
    parts = [_table(tables.classes(pair, report))]
    if pair.classes:
        parts.append(html.plot(plots.f1_per_class(pair)))
    if pair.confusion:
        parts.append(html.plot(plots.confusion_heatmap(pair)))
    if any(pair.overlap_histogram):
        parts.append(html.plot(plots.overlap_histogram(pair, what)))
    parts.append(_table(tables.attributes(pair.attributes, "attributes of matched objects")))
    parts.append(_table(tables.disagreements(pair)))
    return html.Section(f"{pair.a} vs {pair.b}", "".join(parts))


def render_html(report: AgreementReport) -> str:
    """The whole page."""
    sections = [html.Section("Annotators", _table(tables.overview(report)))]
    sections += [_pair(pair, report) for pair in report.pairs]
    if len(report.sides) > 2:
        every = tables.attributes(report.attributes, "attributes over every annotator")
        sections.append(html.Section("Every annotator", _table(every)))
    sections.append(html.Section("Image-level labels", _table(tables.labels(report))))
    sections.append(html.Section("Guideline gaps", _table(tables.guideline_gaps(report))))
    meta = f"taxonomy {report.taxonomy} {report.version}; " + ", ".join(
        s.name for s in report.sides
    )
    return html.page(f"Agreement: {report.taxonomy}", meta, sections)
