"""The taxonomy language as frozen pydantic models.

These models are the *document* a person writes (one file, before ``extends``/``include`` are
resolved, names unresolved). ``taxonomy.resolve`` turns a set of documents into a
``Taxonomy`` (see ``taxonomy.resolved``) with the hierarchy, inheritance and references worked
out. The JSON Schema of the language (``taxonomist schema --language``) is generated from
these models, so every field's ``description`` is user documentation.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

NAME_PATTERN = r"^[a-z0-9][a-z0-9_.\-]*$"
RULE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SEMVER_PATTERN = (
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
)
COLOR_PATTERN = r"^#[0-9a-fA-F]{6}$"
THRESHOLD_REF = re.compile(r"^\$([a-z0-9][a-z0-9_]*)$")

Name = Annotated[str, Field(pattern=NAME_PATTERN, max_length=128)]
Markdown = Annotated[str, Field(max_length=100_000)]
Scalar = str | int | float | bool


class Doc(BaseModel):
    """Base of every model a person writes: frozen, unknown keys refused."""

    # defer_build: schemas are built on first validation, not at import, so commands that
    # never validate a taxonomy document (a cached load, --help) do not pay for them
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


# --------------------------------------------------------------------------- metadata


class Owner(Doc):
    name: str = Field(description="Person or team responsible for the taxonomy.")
    email: str | None = None
    role: str | None = Field(None, description="e.g. 'project lead', 'reviewer'.")


class GuidelinesConfig(Doc):
    base_url: str | None = Field(
        None,
        description="Where the published guideline site lives; findings link to "
        "<base_url>/classes/<name>/, /rules/<id>/ and /checks/<code>/.",
    )
    about: Markdown | None = Field(None, description="Extra Markdown for the site's about page.")
    credits: list[str] = Field(default_factory=list, description="Credit lines for images.")


class IdSpace(Doc):
    """A further numbering of classes (e.g. Cityscapes' train id)."""

    description: Markdown | None = None
    ignore_value: int | None = Field(None, description="Value for classes left out of it.")
    unique: bool = Field(True, description="Whether two classes may share a value.")


class Threshold(Doc):
    """A named threshold, defined once and referred to as ``$name`` from rules and guidance."""

    value: float
    unit: Literal["px", "fraction", "percent", "m", "cm", "deg", "count", "s"] = "px"
    description: Markdown | None = None


ThresholdRef = Annotated[str, Field(pattern=r"^\$[a-z0-9][a-z0-9_]*$")]
Number = float | ThresholdRef


# --------------------------------------------------------------------------- conditions


class AttributeCondition(Doc):
    """True when an object's attribute has one of the given values (or is present)."""

    attribute: Name
    equals: Scalar | None = None
    in_: list[Scalar] | None = Field(None, alias="in")
    present: bool | None = None
    at_least: Number | None = None
    below: Number | None = None


class ClassCondition(Doc):
    """True when the object's class is one of these classes or lies in their subtrees."""

    class_in: list[Name]


class AllOf(Doc):
    all: list[Condition]


class AnyOf(Doc):
    any: list[Condition]


class NotCondition(Doc):
    not_: Condition = Field(alias="not")


Condition = AttributeCondition | ClassCondition | AllOf | AnyOf | NotCondition


# --------------------------------------------------------------------------- attributes


class AttributeBase(Doc):
    title: str | None = None
    description: Markdown | None = None
    computed: ComputedField | None = Field(
        None, description="The value is derived, not drawn; the checker re-derives it."
    )


class BoolAttribute(AttributeBase):
    type: Literal["bool"]


class TriStateAttribute(AttributeBase):
    """Yes / no / unknown: for questions an annotator cannot always answer."""

    type: Literal["tristate"]
    values: tuple[str, str, str] = ("yes", "no", "unknown")


class EnumAttribute(AttributeBase):
    type: Literal["enum"]
    values: list[Scalar] = Field(min_length=1)
    multiple: bool = Field(False, description="A list of values instead of one.")
    exclusive_groups: list[list[Scalar]] = Field(
        default_factory=list, description="With multiple: at most one value from each group."
    )
    value_descriptions: dict[str, Markdown] = Field(default_factory=dict)


class NumberAttribute(AttributeBase):
    type: Literal["int", "float"]
    min: Number | None = None
    max: Number | None = None
    unit: str | None = None


class OrdinalAttribute(AttributeBase):
    """Ordered bins with numeric edges, e.g. visibility 0-40-60-80-100 %."""

    type: Literal["ordinal"]
    edges: list[float] = Field(min_length=2)
    labels: list[str] | None = Field(None, description="One label per bin (len(edges) - 1).")
    unit: str | None = None


class TextAttribute(AttributeBase):
    type: Literal["text"]
    max_length: int | None = Field(None, ge=1)
    pattern: str | None = None


Attribute = Annotated[
    BoolAttribute
    | TriStateAttribute
    | EnumAttribute
    | NumberAttribute
    | OrdinalAttribute
    | TextAttribute,
    Field(discriminator="type"),
]


class ComputedCase(Doc):
    when: Condition | None = Field(None, description="Omit for the fallback case.")
    min_box_height: Number | None = None
    value: Scalar


class ComputedField(Doc):
    """A field derived from others (KITTI difficulty from height, occlusion, truncation)."""

    description: Markdown | None = None
    cases: list[ComputedCase] = Field(default_factory=list)


Presence = Literal["required", "optional", "forbidden"]


class AttributeUse(Doc):
    """How a class uses an attribute; inherited down the hierarchy unless overridden."""

    presence: Presence = "optional"
    when: Condition | None = Field(
        None, description="With presence 'required': required only when this holds."
    )
    values: list[Scalar] | None = Field(None, description="Restrict enum values for this class.")


# --------------------------------------------------------------------------- label types


class LabelTypeBase(Doc):
    title: str | None = None
    description: Markdown | None = Field(None, description="How to draw it (site page).")


class BinaryLabel(LabelTypeBase):
    """Image-level yes/no question, e.g. a quality flag ('is the image blurry?')."""

    kind: Literal["binary"]
    question: str | None = None
    values: tuple[Scalar, Scalar] = (False, True)


class MultiClassLabel(LabelTypeBase):
    """Image-level: exactly one class per image."""

    kind: Literal["multi_class"]
    classes: list[Name] | None = Field(
        None, description="Allowed classes or subtrees; default: classes listing this type."
    )


class MultiLabel(LabelTypeBase):
    """Image-level: any number of classes per image, with mutually exclusive groups."""

    kind: Literal["multi_label"]
    classes: list[Name] | None = None
    exclusive_groups: list[list[Name]] = Field(default_factory=list)
    min_labels: int = Field(0, ge=0)


class BoxLabel(LabelTypeBase):
    kind: Literal["box"]
    format: Literal["xywh", "xyxy", "cxcywh"] = "xywh"
    units: Literal["pixels", "normalized"] = "pixels"
    extent: Literal["full", "visible"] = Field(
        "full", description="Full extent (amodal, guessed behind occluders) or visible part."
    )
    clip_to_image: bool = Field(True, description="Boxes are clipped at the image edge.")
    tolerance: float = Field(1.0, ge=0, description="Pixels a box may stick out of the image.")
    inside: Name | None = Field(None, description="Another label type this shape lies inside.")
    rotated: bool = False


class PolygonLabel(LabelTypeBase):
    kind: Literal["polygon"]
    min_points: int = Field(3, ge=3)
    holes: bool = False
    multipart: bool = Field(True, description="An object may have several parts.")
    inside: Name | None = None


class PolylineLabel(LabelTypeBase):
    kind: Literal["polyline"]
    min_points: int = Field(2, ge=2)


class MaskLabel(LabelTypeBase):
    kind: Literal["mask"]
    mode: Literal["semantic", "instance", "panoptic"] = "instance"
    void_value: int | None = Field(None, description="Pixel value meaning 'void / ignore'.")
    id_space: str | None = Field(None, description="Pixel values from this id space, not 'id'.")
    overlaps: bool = Field(False, description="Whether instance masks may overlap.")
    holes: bool = True
    min_area: Number | None = Field(None, description="Smallest allowed patch in pixels.")
    inside: Name | None = None


class KeypointLabel(LabelTypeBase):
    kind: Literal["keypoints"]
    keypoints: list[Name] = Field(min_length=1, description="Ordered keypoint names.")
    skeleton: list[tuple[Name, Name]] = Field(default_factory=list)
    flip_pairs: list[tuple[Name, Name]] = Field(
        default_factory=list, description="Left/right pairs, from the subject's view."
    )
    sigmas: dict[Name, float] = Field(default_factory=dict, description="OKS sigma per keypoint.")
    visibility: Literal["coco", "binary"] = Field(
        "coco", description="coco: 0 not labelled, 1 labelled but hidden, 2 visible."
    )
    min_visible: int = Field(0, ge=0)
    inside: Name | None = Field(None, description="Label type (box) the points lie inside.")


LabelType = Annotated[
    BinaryLabel
    | MultiClassLabel
    | MultiLabel
    | BoxLabel
    | PolygonLabel
    | PolylineLabel
    | MaskLabel
    | KeypointLabel,
    Field(discriminator="kind"),
]
IMAGE_LEVEL_KINDS = frozenset({"binary", "multi_class", "multi_label"})


# --------------------------------------------------------------------------- classes


class Exclude(Doc):
    """Something that is *not* this class, optionally naming the class to use instead."""

    text: Markdown
    use: Name | None = Field(None, description="Label it as this class instead.")


class Versus(Doc):
    """A pairwise decision test: how to tell this class from a look-alike."""

    other: Name = Field(alias="class")
    test: Markdown


class ClassDef(Doc):
    id: int = Field(ge=0, description="Stable numeric id; never reused, even when deprecated.")
    title: str | None = None
    parent: Name | None = Field(None, description="is-a parent.")
    part_of: Name | None = Field(None, description="The whole this class is a part of.")
    abstract: bool = Field(False, description="A grouping node that cannot be labelled.")
    definition: Markdown | None = None
    includes: list[Markdown] = Field(default_factory=list)
    excludes: list[Exclude | Markdown] = Field(default_factory=list)
    versus: list[Versus] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list, description="Other names people use.")
    aliases: list[str] = Field(
        default_factory=list, description="Foreign names (other tools, datasets) mapped here."
    )
    color: Annotated[str, Field(pattern=COLOR_PATTERN)] | None = None
    label_types: list[Name] | None = Field(None, description="Default: inherited from parent.")
    kind: Literal["thing", "stuff"] | None = Field(None, description="stuff: no instances.")
    crowd: bool | None = Field(None, description="Crowd regions allowed.")
    group_of: bool | None = Field(None, description="Group-of boxes allowed (Open Images).")
    evaluated: bool | None = None
    region: Literal["ignore", "dont_care", "crowd", "no_label", "void"] | None = Field(
        None, description="A special region, not an object; carries no attributes."
    )
    ids: dict[Name, int] = Field(default_factory=dict, description="Values in other id spaces.")
    attributes: dict[Name, Presence | AttributeUse] = Field(default_factory=dict)
    deprecated: bool = False
    replaced_by: Name | None = None
    frequency: str | None = Field(None, description="Free-form rarity note, e.g. LVIS r/c/f.")
    external_ids: dict[str, str] = Field(
        default_factory=dict, description="e.g. {wordnet: dog.n.01, openimages: /m/0bt9lr}."
    )

    @model_validator(mode="after")
    def _replacement_needs_deprecation(self) -> ClassDef:
        if self.replaced_by is not None and not self.deprecated:
            raise ValueError("replaced_by is only meaningful with deprecated: true")
        return self


class ClassRefinement(Doc):
    """Changes a derived taxonomy makes to a class it inherits through ``extends``."""

    definition: Markdown | None = None
    includes: list[Markdown] | None = None
    excludes: list[Exclude | Markdown] | None = None
    versus: list[Versus] | None = None
    synonyms: list[str] | None = None
    aliases: list[str] | None = None
    color: Annotated[str, Field(pattern=COLOR_PATTERN)] | None = None
    label_types: list[Name] | None = None
    crowd: bool | None = None
    evaluated: bool | None = None
    ids: dict[Name, int] | None = None
    attributes: dict[Name, Presence | AttributeUse] | None = None
    deprecated: bool | None = None
    replaced_by: Name | None = None


# --------------------------------------------------------------------------- relations, maps


class Relation(Doc):
    """A typed link between two objects (a rider *on* a bicycle)."""

    description: Markdown | None = None
    subject: list[Name] = Field(min_length=1, description="Classes or subtrees.")
    object: list[Name] = Field(min_length=1)
    max_per_subject: int | None = Field(None, ge=1)
    required: bool = Field(False, description="Every subject must have one.")


class LabelMap(Doc):
    """A mapping to another class set (coarse classes, an evaluation set)."""

    description: Markdown | None = None
    map: dict[Name, str | None]
    complete: bool = Field(True, description="Every labellable class must be mapped.")


# --------------------------------------------------------------------------- rules


class CheckBase(Doc):
    """An edge-case check kind, as the language knows it.

    The class variables say what only the language side knows about a kind, so lint, the
    derivation of subsets and the guideline site ask the kind instead of listing kinds:

    * ``label_kinds``: the label-type kinds a ``label_type`` field of this kind may name
      (empty: any kind; a kind without ``label_type`` leaves it empty);
    * ``names_classes``: the kind names other classes in ``classes`` (inside-class, overlap);
    * ``names_attribute``: the kind names an attribute in ``attribute``.

    The checker side of a kind (its code and the function that runs it) is one entry of
    ``taxonomist.check.rules.edge_cases.KINDS``.
    """

    label_kinds: ClassVar[tuple[str, ...]] = ()
    names_classes: ClassVar[bool] = False
    names_attribute: ClassVar[bool] = False


class BoxSizeCheck(CheckBase):
    label_kinds = ("box",)
    name: Literal["box-size"]
    label_type: Name | None = None
    min_width: Number | None = None
    min_height: Number | None = None
    min_area: Number | None = None
    max_width: Number | None = None
    max_height: Number | None = None
    max_area: Number | None = None
    relative: bool = Field(False, description="Numbers are fractions of the image size.")


class AspectRatioCheck(CheckBase):
    label_kinds = ("box",)
    name: Literal["aspect-ratio"]
    label_type: Name | None = None
    min: Number | None = Field(None, description="Smallest width / height.")
    max: Number | None = None


class InsideImageCheck(CheckBase):
    name: Literal["inside-image"]
    tolerance: Number = 0.0


class InsideClassCheck(CheckBase):
    """Each object lies inside (mostly) an object of one of ``classes`` (part-of)."""

    names_classes = True
    name: Literal["inside-class"]
    classes: list[Name] = Field(min_length=1)
    min_fraction: Number = Field(0.9, description="Share of the box that must be inside.")


class OverlapCheck(CheckBase):
    """Objects may (max_iou) or must (min_iou) overlap objects of other classes."""

    names_classes = True
    name: Literal["overlap"]
    classes: list[Name] = Field(min_length=1)
    max_iou: Number | None = None
    min_iou: Number | None = None


class CountCheck(CheckBase):
    name: Literal["count-per-image"]
    min: int | None = Field(None, ge=0)
    max: int | None = Field(None, ge=0)


class AttributeRequiredCheck(CheckBase):
    names_attribute = True
    name: Literal["attribute-required"]
    attribute: Name
    when: Condition | None = None


class AttributeValueCheck(CheckBase):
    """When ``when`` holds, the attribute must take one of ``allowed``."""

    names_attribute = True
    name: Literal["attribute-value"]
    attribute: Name
    allowed: list[Scalar] = Field(min_length=1)
    when: Condition | None = None


class KeypointsVisibleCheck(CheckBase):
    label_kinds = ("keypoints",)
    name: Literal["keypoints-min-visible"]
    label_type: Name | None = None
    min: Number


class MaskAreaCheck(CheckBase):
    label_kinds = ("mask",)
    name: Literal["mask-min-area"]
    label_type: Name | None = None
    min: Number


class ForbiddenClassCheck(CheckBase):
    """The class must not be used at all (with guidance saying what to do instead)."""

    name: Literal["forbidden"]


Check = Annotated[
    BoxSizeCheck
    | AspectRatioCheck
    | InsideImageCheck
    | InsideClassCheck
    | OverlapCheck
    | CountCheck
    | AttributeRequiredCheck
    | AttributeValueCheck
    | KeypointsVisibleCheck
    | MaskAreaCheck
    | ForbiddenClassCheck,
    Field(discriminator="name"),
]


class Example(Doc):
    """An image with its native-format annotation, shown on the site and checked."""

    image: str = Field(description="Image path, relative to the taxonomy file.")
    annotation: str = Field(description="Native annotation JSON, relative to the taxonomy file.")
    verdict: Literal["do", "dont"]
    caption: Markdown


class AppliesTo(Doc):
    classes: list[Name] = Field(default_factory=list, description="Classes or subtrees.")
    label_types: list[Name] = Field(default_factory=list)


class Rule(Doc):
    title: str
    guidance: Markdown
    topic: str | None = Field(
        None, description="e.g. depiction, reflection, occlusion, scope, night."
    )
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    severity: Literal["error", "warning", "info"] = "error"
    check: Check | None = Field(None, description="Omit for guidance-only rules.")
    examples: list[Example] = Field(default_factory=list)


class CheckOverride(Doc):
    severity: Literal["error", "warning", "info", "off"]


# --------------------------------------------------------------------------- document


class TaxonomyDocument(Doc):
    """One taxonomy file as written."""

    schema_: str | None = Field(None, alias="$schema")
    name: Name
    version: Annotated[str, Field(pattern=SEMVER_PATTERN)]
    title: str | None = None
    description: Markdown | None = None
    owners: list[Owner | str] = Field(default_factory=list)
    license: str | None = None
    extends: str | None = Field(None, description="Path of a base taxonomy, relative to this.")
    include: list[str] = Field(default_factory=list, description="Fragments merged into this.")
    subset: list[Name] | None = Field(
        None, description="With extends: keep only these classes (and subtrees) of the base."
    )
    guidelines: GuidelinesConfig = Field(default_factory=GuidelinesConfig)
    id_spaces: dict[Name, IdSpace] = Field(default_factory=dict)
    thresholds: dict[Name, Threshold] = Field(default_factory=dict)
    label_types: dict[Name, LabelType] = Field(default_factory=dict)
    attributes: dict[Name, Attribute] = Field(default_factory=dict)
    classes: dict[Name, ClassDef] = Field(default_factory=dict)
    refine: dict[Name, ClassRefinement] = Field(
        default_factory=dict, description="Changes to classes inherited through extends."
    )
    relations: dict[Name, Relation] = Field(default_factory=dict)
    label_maps: dict[Name, LabelMap] = Field(default_factory=dict)
    rules: dict[Annotated[str, Field(pattern=RULE_ID_PATTERN)], Rule] = Field(default_factory=dict)
    checks: dict[str, CheckOverride] = Field(
        default_factory=dict, description="Severity overrides for checker codes."
    )


class Fragment(Doc):
    """A file named by ``include:``: any section of a document, without metadata."""

    id_spaces: dict[Name, IdSpace] = Field(default_factory=dict)
    thresholds: dict[Name, Threshold] = Field(default_factory=dict)
    label_types: dict[Name, LabelType] = Field(default_factory=dict)
    attributes: dict[Name, Attribute] = Field(default_factory=dict)
    classes: dict[Name, ClassDef] = Field(default_factory=dict)
    relations: dict[Name, Relation] = Field(default_factory=dict)
    label_maps: dict[Name, LabelMap] = Field(default_factory=dict)
    rules: dict[Annotated[str, Field(pattern=RULE_ID_PATTERN)], Rule] = Field(default_factory=dict)


def threshold_name(value: Any) -> str | None:
    """The threshold a ``$name`` reference names, or None for a plain number."""
    if isinstance(value, str):
        match = THRESHOLD_REF.match(value)
        return match.group(1) if match else None
    return None
