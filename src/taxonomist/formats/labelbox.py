"""stub"""
from pathlib import Path
from taxonomist.dataset.model import Dataset
def sniff(path: Path, head: bytes) -> str | None:
    return None
def read(path: Path) -> list[Dataset]:
    return []
