"""The taxonomy language as frozen pydantic models.

These models are the *document* a person writes (one file, before ``extends``/``include`` are
resolved, names unresolved). ``taxonomy.resolve`` turns a set of documents into a
``Taxonomy`` (see ``taxonomy.resolved``) with the hierarchy, inheritance and references worked
out. The JSON Schema of the language (``taxonomist schema --language``) is generated from
these models, so every field's ``description`` is user documentation.

One module per part of the language; this package re-exports every name, so
``model.BoxLabel`` and ``from taxonomist.taxonomy.model import BoxLabel`` read the same class.
"""

from __future__ import annotations

from taxonomist.taxonomy.model.attributes import (
    Attribute,
    AttributeBase,
    AttributeUse,
    BoolAttribute,
    ComputedCase,
    ComputedField,
    EnumAttribute,
    NumberAttribute,
    OrdinalAttribute,
    Presence,
    TextAttribute,
    TriStateAttribute,
)
from taxonomist.taxonomy.model.base import (
    COLOR_PATTERN,
    NAME_PATTERN,
    RULE_ID_PATTERN,
    SEMVER_PATTERN,
    THRESHOLD_REF,
    Doc,
    Markdown,
    Name,
    Number,
    Scalar,
    ThresholdRef,
    threshold_name,
)
from taxonomist.taxonomy.model.change import Migration, SplitTarget
from taxonomist.taxonomy.model.checks import (
    AspectRatioCheck,
    AttributeRequiredCheck,
    AttributeValueCheck,
    BoxSizeCheck,
    Check,
    CheckBase,
    CountCheck,
    ForbiddenClassCheck,
    InsideClassCheck,
    InsideImageCheck,
    KeypointsVisibleCheck,
    MaskAreaCheck,
    OverlapCheck,
)
from taxonomist.taxonomy.model.classes import (
    ClassDef,
    ClassRefinement,
    Exclude,
    Versus,
)
from taxonomist.taxonomy.model.conditions import (
    AllOf,
    AnyOf,
    AttributeCondition,
    ClassCondition,
    Condition,
    NotCondition,
)
from taxonomist.taxonomy.model.document import (
    Fragment,
    TaxonomyDocument,
)
from taxonomist.taxonomy.model.label_types import (
    IMAGE_LEVEL_KINDS,
    BinaryLabel,
    BoxLabel,
    KeypointLabel,
    LabelType,
    LabelTypeBase,
    MaskLabel,
    MultiClassLabel,
    MultiLabel,
    PolygonLabel,
    PolylineLabel,
)
from taxonomist.taxonomy.model.metadata import (
    GuidelinesConfig,
    IdSpace,
    Owner,
    Threshold,
)
from taxonomist.taxonomy.model.relations import (
    LabelMap,
    Relation,
)
from taxonomist.taxonomy.model.rules import (
    AppliesTo,
    CheckOverride,
    Example,
    Rule,
)

__all__ = [
    "COLOR_PATTERN",
    "IMAGE_LEVEL_KINDS",
    "NAME_PATTERN",
    "RULE_ID_PATTERN",
    "SEMVER_PATTERN",
    "THRESHOLD_REF",
    "AllOf",
    "AnyOf",
    "AppliesTo",
    "AspectRatioCheck",
    "Attribute",
    "AttributeBase",
    "AttributeCondition",
    "AttributeRequiredCheck",
    "AttributeUse",
    "AttributeValueCheck",
    "BinaryLabel",
    "BoolAttribute",
    "BoxLabel",
    "BoxSizeCheck",
    "Check",
    "CheckBase",
    "CheckOverride",
    "ClassCondition",
    "ClassDef",
    "ClassRefinement",
    "ComputedCase",
    "ComputedField",
    "Condition",
    "CountCheck",
    "Doc",
    "EnumAttribute",
    "Example",
    "Exclude",
    "ForbiddenClassCheck",
    "Fragment",
    "GuidelinesConfig",
    "IdSpace",
    "InsideClassCheck",
    "InsideImageCheck",
    "KeypointLabel",
    "KeypointsVisibleCheck",
    "LabelMap",
    "LabelType",
    "LabelTypeBase",
    "Markdown",
    "MaskAreaCheck",
    "MaskLabel",
    "Migration",
    "MultiClassLabel",
    "MultiLabel",
    "Name",
    "NotCondition",
    "Number",
    "NumberAttribute",
    "OrdinalAttribute",
    "OverlapCheck",
    "Owner",
    "PolygonLabel",
    "PolylineLabel",
    "Presence",
    "Relation",
    "Rule",
    "Scalar",
    "SplitTarget",
    "TaxonomyDocument",
    "TextAttribute",
    "Threshold",
    "ThresholdRef",
    "TriStateAttribute",
    "Versus",
    "threshold_name",
]
