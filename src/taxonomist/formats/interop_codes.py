"""The codes the interop readers (YOLO, VOC, CVAT, Label Studio, LabelMe, masks) emit on top
of the shared reader codes (``taxonomist.formats.codes``: F001-F009, S001-S007).

``F1xx`` the file itself, ``S1xx`` the structure of records, ``Y1xx`` YOLO's index-based
conventions. ``CODES`` is the registry the catalogue reads; ``BY_CODE`` indexes it.
"""

from __future__ import annotations

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity

_W = Severity.WARNING
_I = Severity.INFO

CODES: tuple[CodeDoc, ...] = (
    CodeDoc(
        code="F100",
        name="xml-not-well-formed",
        family="file",
        summary="The XML file (Pascal VOC, CVAT) is not well formed (the finding gives line:col).",
        why="Labeling tools and loaders refuse it; no object in it can be checked.",
        bad="<annotation><object><name>cat</object></annotation>",
        good="<annotation><object><name>cat</name></object></annotation>",
    ),
    CodeDoc(
        code="F101",
        name="xml-entities-refused",
        family="file",
        summary="The XML file declares entities or an external DTD; it is refused unexpanded.",
        why="Entity expansion is how XML bombs (billion laughs) and external-entity attacks work; "
        "annotation files never need it.",
        bad='<!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><annotation>&x;</annotation>',
        good="<annotation>...</annotation>",
    ),
    CodeDoc(
        code="F102",
        name="dataset-config-invalid",
        family="file",
        summary="A dataset description (YOLO data.yaml, Darknet obj.data/obj.names) cannot be "
        "read or "
        "lacks what the format needs (names, a valid kpt_shape).",
        why="Without the class names and the keypoint layout the label files cannot be "
        "interpreted; training would fail or read them wrongly.",
        bad="names: person, car   # a string, not a list",
        good="names: [person, car]",
    ),
    CodeDoc(
        code="F103",
        name="image-not-found",
        family="file",
        summary="The image an annotation belongs to cannot be found, so its size is unknown and "
        "pixel checks (box inside image, mask size) are skipped for it.",
        why="A label without its image is either a stray file or a broken export; it cannot be "
        "trained on.",
        bad="labels/0001.txt   with no images/0001.jpg",
        good="labels/0001.txt   next to images/0001.jpg",
        severity=_W,
    ),
    CodeDoc(
        code="F104",
        name="image-unreadable",
        family="file",
        summary="An image or mask file exists but its header cannot be read.",
        why="The image is probably truncated or not an image; loaders fail on it.",
        bad="images/0001.jpg   (0 bytes, or an HTML error page saved as .jpg)",
        good="images/0001.jpg   (a real JPEG)",
    ),
    CodeDoc(
        code="S100",
        name="unknown-shape-type",
        family="structure",
        summary="A shape type the format does not define (a LabelMe shape_type, a CVAT element, a "
        "Label Studio result type); it is skipped.",
        why="A tool that does not know the type drops the shape silently.",
        bad='{"shape_type": "rectangel", "points": [[1, 2], [30, 40]]}',
        good='{"shape_type": "rectangle", "points": [[1, 2], [30, 40]]}',
        severity=_W,
    ),
    CodeDoc(
        code="S101",
        name="unlabeled-shape",
        family="structure",
        summary='A shape without a label (CVAT label="", a Label Studio region with no label); '
        "it is skipped.",
        why="An unlabeled shape trains as nothing; it is usually a shape someone forgot to finish.",
        bad='<polygon label="" points="1,2;3,4;5,6"/>',
        good='<polygon label="car" points="1,2;3,4;5,6"/>',
        severity=_I,
    ),
    CodeDoc(
        code="S102",
        name="mask-size-mismatch",
        family="structure",
        summary="A mask PNG does not have the size of the image it belongs to.",
        why="Masks cannot be laid over their image; loaders crash or misalign every pixel.",
        bad="SegmentationClass/0001.png 250 x 169   for JPEGImages/0001.jpg 500 x 338",
        good="SegmentationClass/0001.png 500 x 338",
    ),
    CodeDoc(
        code="S103",
        name="dangling-parent",
        family="structure",
        summary="A Label Studio region's parentID names no region of the same annotation.",
        why="Keypoints are linked to their person box through parentID; a dangling link leaves "
        "them without an owner.",
        bad='{"id": "kp1", "parentID": "nope", "type": "keypointlabels", ...}',
        good='{"id": "kp1", "parentID": "box1", "type": "keypointlabels", ...}',
    ),
    CodeDoc(
        code="Y100",
        name="normalized-out-of-range",
        family="geometry",
        summary="A YOLO coordinate is outside [0, 1] (YOLO coordinates are fractions of the image "
        "size); reported where the image size is unknown, else as a box outside its image.",
        why="Ultralytics drops or clips such labels during training; the object is lost.",
        bad="0 0.5 0.5 1.4 0.2",
        good="0 0.5 0.5 0.9 0.2",
    ),
    CodeDoc(
        code="Y101",
        name="names-count-mismatch",
        family="references",
        summary="A YOLO data.yaml's nc (or obj.data's classes) differs from the number of names.",
        why="Training builds its head from nc; with another count of names, indices and names "
        "no longer line up.",
        bad="nc: 3\nnames: [person, car]",
        good="nc: 2\nnames: [person, car]",
    ),
    CodeDoc(
        code="Y102",
        name="flip-index-invalid",
        family="keypoints",
        summary="A YOLO pose data.yaml's flip_idx is not a permutation of the keypoint indices "
        "that "
        "is its own inverse (left and right swap back).",
        why="Horizontal-flip augmentation swaps keypoints by flip_idx; a wrong entry teaches the "
        "model that a left wrist is a right knee.",
        bad="kpt_shape: [3, 3]\nflip_idx: [0, 2, 2]",
        good="kpt_shape: [3, 3]\nflip_idx: [0, 2, 1]",
    ),
    CodeDoc(
        code="Y103",
        name="label-line-malformed",
        family="structure",
        summary="A YOLO label line has a number of values that fits none of detect (5), OBB (9), "
        "pose (5 + K x D) or segment (odd, at least 7), or holds something that is not a "
        "number.",
        why='Ultralytics refuses the whole label file ("labels require 5 columns").',
        bad="0 0.5 0.5 0.2",
        good="0 0.5 0.5 0.2 0.3",
    ),
)

BY_CODE: dict[str, CodeDoc] = {doc.code: doc for doc in CODES}
