"""Every reporter renders any finding: arbitrary text in every field (controls, NUL, lone
surrogates from undecodable file names, characters XML cannot carry, long values). JSON and
SARIF parse back, JUnit parses as XML, text and github output hold no raw control character."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomist.core.findings import Finding, Location, Report, Severity
from taxonomist.report import REPORTERS, render

COLOUR = re.compile("\x1b\\[[0-9;]*m")  # rich's own styling of the coloured text report
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# every code point, surrogates included; biased towards the awkward ones
AWKWARD = st.sampled_from(list("\x00\x1b\x07\r\n\t\x85\u202e\u2028\udcff\ud800\ufffe%:,<&\"'"))
TEXT = st.lists(st.one_of(AWKWARD, st.characters(codec=None)), max_size=40).map("".join)
OPTIONAL = st.none() | TEXT
NUMBER = st.none() | st.integers(min_value=-(2**70), max_value=2**70)

LOCATIONS = st.builds(
    Location,
    file=TEXT,
    line=NUMBER,
    column=NUMBER,
    pointer=OPTIONAL,
    image_id=OPTIONAL,
    image_file=OPTIONAL,
    annotation_id=OPTIONAL,
)
FINDINGS = st.builds(
    Finding,
    code=st.sampled_from(["G002", "R006", "T001", "F001"]),
    name=st.sampled_from(["box-outside-image", "category-mismatch"]),
    severity=st.sampled_from(list(Severity)),
    message=TEXT | st.text(min_size=300, max_size=400),
    location=LOCATIONS,
    hint=OPTIONAL,
    url=OPTIONAL,
)
REPORTS = st.builds(
    Report,
    findings=st.lists(FINDINGS, max_size=4).map(tuple),
    files=st.lists(TEXT, max_size=3).map(tuple),
    taxonomy=TEXT,
    tool_version=st.just("0.1.0"),
)


def _check(name: str, text: str) -> None:
    text.encode("utf-8")  # what the CLI writes must encode, whatever the names held
    if name in {"json", "sarif"}:
        json.loads(text)
    elif name == "junit":
        ET.fromstring(text.encode("utf-8"))
    else:
        plain = COLOUR.sub("", text).replace("\n", "").replace("\t", "")
        assert RAW_CONTROL.search(plain) is None, text


@settings(
    max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(report=REPORTS, verbose=st.booleans(), color=st.booleans())
def test_every_reporter_renders_any_finding(report: Report, verbose: bool, color: bool) -> None:
    for name in REPORTERS:
        _check(name, render(name, report, color=color and name == "text", verbose=verbose))
