"""The frames of CVAT for video tracks: a track's shapes by frame, the points of the point
tracks nested in a skeleton track, and the frame number itself, which must be a whole
number within ``formats._io.numbers``' range (a shape with another frame is reported by the
reader and skipped).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from taxonomist.formats._io.numbers import parse_number


def frame_of(element: Element) -> int | None:
    """The frame number (0 when absent), or None when it is no usable whole number."""
    text = element.get("frame")
    value = 0.0 if text is None else parse_number(text)
    if isinstance(value, str) or not value.is_integer():
        return None
    return int(value)


def point_tracks(track: Element) -> dict[int, dict[str, Element]]:
    """The ``<points>`` of the point tracks nested in a skeleton track: by frame, by the
    label of their point track."""
    by_frame: dict[int, dict[str, Element]] = {}
    for nested in track.findall("track"):
        for point in nested.findall("points"):
            frame = frame_of(point)
            if frame is not None:
                by_frame.setdefault(frame, {})[nested.get("label", "")] = point
    return by_frame


def track_shapes(
    track: Element, points: dict[int, dict[str, Element]]
) -> list[tuple[int, Element]]:
    """A track's shapes with their frames; a frame that only nested point tracks mention
    gets an empty ``<skeleton>`` for them to fill."""
    found = [(frame_of(c), c) for c in track if c.tag != "track"]
    shapes = [(frame, c) for frame, c in found if frame is not None]
    framed = {frame for frame, _ in shapes}
    shapes += [(f, Element("skeleton", {"frame": str(f)})) for f in points if f not in framed]
    return sorted(shapes, key=lambda pair: pair[0])
