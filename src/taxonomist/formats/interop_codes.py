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
        "F100",
        "xml-not-well-formed",
        "file",
        "The XML file (Pascal VOC, CVAT) is not well formed (the finding gives line:col).",
        "Labeling tools and loaders refuse it; no object in it can be checked.",
        "<annotation><object><name>cat</object></annotation>",
        "<annotation><object><name>cat</name></object></annotation>",
    ),
    CodeDoc(
        "F101",
        "xml-entities-refused",
        "file",
        "The XML file declares entities or an external DTD; it is refused unexpanded.",
        "Entity expansion is how XML bombs (billion laughs) and external-entity attacks work; "
        "annotation files never need it.",
        '<!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><annotation>&x;</annotation>',
        "<annotation>...</annotation>",
    ),
    CodeDoc(
        "F102",
        "dataset-config-invalid",
        "file",
        "A dataset description (YOLO data.yaml, Darknet obj.data/obj.names) cannot be read or "
        "lacks what the format needs (names, a valid kpt_shape).",
        "Without the class names and the keypoint layout the label files cannot be "
        "interpreted; training would fail or read them wrongly.",
        "names: person, car   # a string, not a list",
        "names: [person, car]",
    ),
    CodeDoc(
        "F103",
        "image-not-found",
        "file",
        "The image an annotation belongs to cannot be found, so its size is unknown and "
        "pixel checks (box inside image, mask size) are skipped for it.",
        "A label without its image is either a stray file or a broken export; it cannot be "
        "trained on.",
        "labels/0001.txt   with no images/0001.jpg",
        "labels/0001.txt   next to images/0001.jpg",
        _W,
    ),
    CodeDoc(
        "F104",
        "image-unreadable",
        "file",
        "An image or mask file exists but its header cannot be read.",
        "The image is probably truncated or not an image; loaders fail on it.",
        "images/0001.jpg   (0 bytes, or an HTML error page saved as .jpg)",
        "images/0001.jpg   (a real JPEG)",
    ),
    CodeDoc(
        "S100",
        "unknown-shape-type",
        "structure",
        "A shape type the format does not define (a LabelMe shape_type, a CVAT element, a "
        "Label Studio result type); it is skipped.",
        "A tool that does not know the type drops the shape silently.",
        '{"shape_type": "rectangel", "points": [[1, 2], [30, 40]]}',
        '{"shape_type": "rectangle", "points": [[1, 2], [30, 40]]}',
        _W,
    ),
    CodeDoc(
        "S101",
        "unlabeled-shape",
        "structure",
        'A shape without a label (CVAT label="", a Label Studio region with no label); it is '
        "skipped.",
        "An unlabeled shape trains as nothing; it is usually a shape someone forgot to finish.",
        '<polygon label="" points="1,2;3,4;5,6"/>',
        '<polygon label="car" points="1,2;3,4;5,6"/>',
        _I,
    ),
    CodeDoc(
        "S102",
        "mask-size-mismatch",
        "structure",
        "A mask PNG does not have the size of the image it belongs to.",
        "Masks cannot be laid over their image; loaders crash or misalign every pixel.",
        "SegmentationClass/0001.png 250 x 169   for JPEGImages/0001.jpg 500 x 338",
        "SegmentationClass/0001.png 500 x 338",
    ),
    CodeDoc(
        "S103",
        "dangling-parent",
        "structure",
        "A Label Studio region's parentID names no region of the same annotation.",
        "Keypoints are linked to their person box through parentID; a dangling link leaves "
        "them without an owner.",
        '{"id": "kp1", "parentID": "nope", "type": "keypointlabels", ...}',
        '{"id": "kp1", "parentID": "box1", "type": "keypointlabels", ...}',
    ),
    CodeDoc(
        "Y100",
        "normalized-out-of-range",
        "geometry",
        "A YOLO coordinate is outside [0, 1] (YOLO coordinates are fractions of the image "
        "size); reported where the image size is unknown, else as a box outside its image.",
        "Ultralytics drops or clips such labels during training; the object is lost.",
        "0 0.5 0.5 1.4 0.2",
        "0 0.5 0.5 0.9 0.2",
    ),
    CodeDoc(
        "Y101",
        "names-count-mismatch",
        "references",
        "A YOLO data.yaml's nc (or obj.data's classes) differs from the number of names.",
        "Training builds its head from nc; with another count of names, indices and names "
        "no longer line up.",
        "nc: 3\nnames: [person, car]",
        "nc: 2\nnames: [person, car]",
    ),
    CodeDoc(
        "Y102",
        "flip-index-invalid",
        "keypoints",
        "A YOLO pose data.yaml's flip_idx is not a permutation of the keypoint indices that "
        "is its own inverse (left and right swap back).",
        "Horizontal-flip augmentation swaps keypoints by flip_idx; a wrong entry teaches the "
        "model that a left wrist is a right knee.",
        "kpt_shape: [3, 3]\nflip_idx: [0, 2, 2]",
        "kpt_shape: [3, 3]\nflip_idx: [0, 2, 1]",
    ),
    CodeDoc(
        "Y103",
        "label-line-malformed",
        "structure",
        "A YOLO label line has a number of values that fits none of detect (5), OBB (9), "
        "pose (5 + K x D) or segment (odd, at least 7), or holds something that is not a "
        "number.",
        'Ultralytics refuses the whole label file ("labels require 5 columns").',
        "0 0.5 0.5 0.2",
        "0 0.5 0.5 0.2 0.3",
    ),
)

BY_CODE: dict[str, CodeDoc] = {doc.code: doc for doc in CODES}
