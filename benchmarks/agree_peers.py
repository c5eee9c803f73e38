"""The Python peers of ``taxonomist agree``, one job per fresh process, run from the peers'
environment by ``agree.py``: ``python benchmarks/agree_peers.py SUBJECT A B_RESULTS``.

Both evaluate B's boxes as detections (score 1) against A as ground truth with COCO's
``bbox`` protocol: ``COCO(A)``, ``loadRes(B_RESULTS)``, ``COCOeval(...).evaluate()``,
``accumulate()``, ``summarize()``. Prints one JSON line: the AP at IoU 0.5, so runs can be
compared."""

from __future__ import annotations

import contextlib
import io
import json
import sys


def evaluate(module: str, truth: str, results: str) -> dict[str, float]:
    if module == "pycocotools":
        from pycocotools.coco import COCO
        from pycocotools.cocoeval import COCOeval
    else:
        from hotcoco import COCO, COCOeval  # type: ignore[no-redef]
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(truth)
        dt = gt.loadRes(results)
        run = COCOeval(gt, dt, "bbox")
        run.evaluate()
        run.accumulate()
        run.summarize()
    return {"ap50": float(run.stats[1])}


if __name__ == "__main__":
    subject, truth, results = sys.argv[1:4]
    sys.stdout.write(json.dumps(evaluate(subject, truth, results)) + "\n")
