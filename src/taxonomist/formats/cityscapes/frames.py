"""Each annotation against its image: the ``leftImg8bit`` image a frame's annotations belong
to, its size from the header (read once per frame), and the findings when it is missing,
has another size, or has no annotation at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.formats._io.builder import DatasetBuilder
from taxonomist.formats._io.builder import Place as Where
from taxonomist.formats._io.images import Header, read_header
from taxonomist.formats.cityscapes.layout import IMAGE_DIR, IMAGE_SUFFIX, TEST_SPLITS, Place

SIZE_MISMATCH = CodeDoc(
    code="S130",
    name="cityscapes-size-mismatch",
    family="structure",
    summary="A Cityscapes annotation (a gtFine/gtCoarse PNG, or a polygons file's "
    "imgWidth/imgHeight) does not have the size of its leftImg8bit image.",
    why="The labels cannot be laid over their image: loaders crash or misalign every pixel.",
    bad="aachen_000000_000019_gtFine_labelIds.png 1024 x 512   for a 2048 x 1024 image",
    good="aachen_000000_000019_gtFine_labelIds.png 2048 x 1024",
)
IMAGE_MISSING = CodeDoc(
    code="F130",
    name="cityscapes-image-missing",
    family="file",
    summary="A Cityscapes annotation has no leftImg8bit image (a warning per frame; an info "
    "once when the dataset has no leftImg8bit folder at all).",
    why="An annotation without its image cannot be trained on, and its size is unchecked; "
    "a whole missing leftImg8bit folder is usually the second download not unpacked yet.",
    bad="gtFine/train/aachen/aachen_000000_000019_gtFine_labelIds.png   with no "
    "leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png",
    good="both files, under the same split and city",
    severity=Severity.WARNING,
)
IMAGE_UNANNOTATED = CodeDoc(
    code="F131",
    name="cityscapes-image-unannotated",
    family="file",
    summary="A leftImg8bit image has no annotation in gtFine or gtCoarse (a warning; an info "
    "in the test split, whose labels the benchmark keeps).",
    why="An image without labels trains as all background, or is silently dropped by loaders.",
    bad="leftImg8bit/val/lindau/lindau_000001_000019_leftImg8bit.png   with no gtFine files",
    good="gtFine/val/lindau/lindau_000001_000019_gtFine_labelIds.png beside it",
    severity=Severity.WARNING,
)
CODES: tuple[CodeDoc, ...] = (SIZE_MISMATCH, IMAGE_MISSING, IMAGE_UNANNOTATED)


@dataclass(frozen=True, slots=True)
class Image:
    """A frame's image: its path relative to the dataset root (or the annotation's own name
    where there is no image) and its header (``problem="missing"`` when absent)."""

    file: str
    path: Path | None
    header: Header


@dataclass(slots=True)
class ImageIndex:
    """The images of the frames read, each header read once."""

    _seen: dict[Path, Image] = field(default_factory=dict)
    _reported: set[Path] = field(default_factory=set)
    annotated: set[Path] = field(default_factory=set)  # image paths some annotation names

    def image(self, place: Place, frame: str, annotation: Path) -> Image:
        path = place.image(frame)
        if path is None:
            return Image(annotation.name, None, Header(problem="missing"))
        self.annotated.add(path)
        if path not in self._seen:
            relative = path.relative_to(place.root).as_posix() if place.root else path.name
            self._seen[path] = Image(relative, path, read_header(path))
        return self._seen[path]

    def check(
        self,
        builder: DatasetBuilder,
        image: Image,
        size: tuple[int, int],
        where: Where,
        *,
        place: Place,
        what: str,
    ) -> None:
        """S130 when ``size`` (an annotation's width and height) is not the image's; F130
        (once per frame and file) when the image is missing."""
        header = image.header
        if header.ok:
            if (header.width, header.height) != size:
                message = (
                    f"{what} is {size[0]} x {size[1]} but its image {image.file} is "
                    f"{header.width} x {header.height}"
                )
                hint = "regenerate the annotation from its polygons at the image's size"
                builder.report(SIZE_MISMATCH, message, where, hint=hint)
            return
        if image.path is None or header.problem != "missing":
            return  # outside the layout, or an unreadable image (its own finding elsewhere)
        if place.root is not None and not (place.root / IMAGE_DIR).exists():
            root = place.root / IMAGE_DIR
            if root not in self._reported:
                self._reported.add(root)
                message = f"the dataset has no {IMAGE_DIR} folder: image sizes are not checked"
                builder.report(
                    IMAGE_MISSING,
                    message,
                    Where(str(place.root)),
                    severity=Severity.INFO,
                    hint=f"unpack the {IMAGE_DIR} download next to gtFine to check them",
                )
            return
        message = f"no image {image.file} for this annotation"
        builder.report(IMAGE_MISSING, message, where, hint="check the split and city folders")


def report_unannotated(builder: DatasetBuilder, index: ImageIndex, folders: list[Path]) -> None:
    """F131 for each ``*_leftImg8bit.png`` of ``folders`` that no annotation read names."""
    for folder in folders:
        try:
            names = sorted(p.name for p in folder.iterdir() if p.name.endswith(IMAGE_SUFFIX))
        except OSError:
            continue
        split = folder.parent.name
        for name in names:
            path = folder / name
            if path in index.annotated:
                continue
            test = split in TEST_SPLITS
            message = f"the image has no annotation in gtFine or gtCoarse ({split} split)"
            hint = (
                "the test split's labels are withheld by the benchmark"
                if test
                else "annotate it, or remove it from the split"
            )
            builder.report(
                IMAGE_UNANNOTATED,
                message,
                Where(str(path)),
                hint=hint,
                severity=Severity.INFO if test else None,
            )
