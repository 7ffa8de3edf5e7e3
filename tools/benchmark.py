"""Execute every notebook from a fresh kernel; print wall time and the kernel's peak memory.

Usage: python tools/benchmark.py [NOTEBOOK ...]   (default: all of notebooks/*.ipynb)
Each notebook runs in its own child process, so the peak resident memory of its kernel can be read
back with getrusage once the kernel has exited. The course budget is 30 s per notebook.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BUDGET_SECONDS = 30.0
os.environ.setdefault("COURSE_STATIC_WIDGETS", "1")  # as in the test suite: no live widgets without a browser
NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"

_RUN_ONE = """
import json, resource, sys, time
import nbclient, nbformat
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
start = time.perf_counter()
nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3").execute(cwd=sys.argv[2])
seconds = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024}))
"""


def measure(path: Path) -> dict[str, float]:
    """Run one notebook in a child process; return its wall time and the kernel's peak memory."""
    completed = subprocess.run(
        [sys.executable, "-c", _RUN_ONE, str(path), str(path.parent)], capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    """Print a table of wall time and peak memory per notebook; exit 1 if one is over budget."""
    paths = [Path(arg) for arg in argv] or sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    print(f"{'notebook':<36} {'wall time (s)':>14} {'peak memory (MiB)':>18}")
    over_budget = False
    total = 0.0
    started = time.perf_counter()
    for path in paths:
        figures = measure(path)
        total += figures["seconds"]
        flag = "  OVER BUDGET" if figures["seconds"] > BUDGET_SECONDS else ""
        over_budget |= bool(flag)
        print(f"{path.name:<36} {figures['seconds']:>14.1f} {figures['peak_mib']:>18.0f}{flag}")
    print(f"{'total (kernel execution)':<36} {total:>14.1f}   (wall incl. start-up {time.perf_counter() - started:.1f} s)")
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
