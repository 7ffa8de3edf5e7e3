"""Execute every notebook from a fresh kernel; print wall time and peak memory, then the key computations.

Usage: python tools/benchmark.py [NOTEBOOK ...]   (default: all of notebooks/*.ipynb)
Each notebook runs in its own child process, so the peak resident memory of its kernel can be read
back with getrusage once the kernel has exited. The course budget is 30 s per notebook.
The key computations (naive vs vectorised convolution, network training) are timed by the notebooks
themselves; after a notebook has run, the variables named in KEY_TIMINGS are read from its kernel,
so the figures printed here are the ones the notebook measured and asserted.
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
for _blas_threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas_threads, "1")  # as in the test suite (conftest.py): one BLAS thread per kernel
NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
TIMINGS_MARKER = "BENCHMARK-TIMINGS "
# notebook -> (label, variable holding seconds measured in that notebook)
NAIVE_CONVOLUTION = "09: naive loop convolution of a batch"
VECTORISED_CONVOLUTION = "09: vectorised convolution of the same batch"
KEY_TIMINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "08_backpropagation": (
        ("08: MLP training on the digits", "training_seconds"),
        ("08: autodiff-engine network on two moons", "moons_seconds"),
    ),
    "09_cnn": (
        (NAIVE_CONVOLUTION, "loop_seconds"),
        (VECTORISED_CONVOLUTION, "vector_seconds"),
        ("09: CNN training on the digits", "train_seconds"),
    ),
    "10_rnn": (
        ("10: RNN forecaster training (El Nino)", "train_seconds"),
        ("10: RNN sentiment classifier training", "classifier_seconds"),
    ),
}
# (label, slow computation, fast computation): speed-ups printed from the timings above
SPEEDUPS: tuple[tuple[str, str, str], ...] = (
    ("09: speed-up of vectorised over naive convolution", NAIVE_CONVOLUTION, VECTORISED_CONVOLUTION),
)

_RUN_ONE = """
import json, resource, sys, time
import nbclient, nbformat
path, wanted = sys.argv[1], json.loads(sys.argv[3])
notebook = nbformat.read(path, as_version=4)
if wanted:
    notebook.cells.append(nbformat.v4.new_code_cell(
        "import json as _json\\n"
        f"print({TIMINGS_MARKER!r} + _json.dumps({{name: float(globals()[name]) for name in {wanted!r}}}))"
    ))
start = time.perf_counter()
nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3").execute(cwd=sys.argv[2])
seconds = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
timings = {}
for output in notebook.cells[-1].get("outputs", []) if wanted else []:
    if output.get("name") == "stdout" and TIMINGS_MARKER in output["text"]:
        timings = json.loads(output["text"].split(TIMINGS_MARKER, 1)[1])
print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "timings": timings}))
"""


def measure(path: Path) -> dict:
    """Run one notebook in a child process; return its wall time, the kernel's peak memory and key timings."""
    wanted = [variable for _, variable in KEY_TIMINGS.get(path.stem, ())]
    completed = subprocess.run(
        [sys.executable, "-c", f"TIMINGS_MARKER = {TIMINGS_MARKER!r}\n" + _RUN_ONE, str(path), str(path.parent),
         json.dumps(wanted)],
        capture_output=True, text=True, check=True,
    )
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    labels = dict((variable, label) for label, variable in KEY_TIMINGS.get(path.stem, ()))
    figures["timings"] = {labels[variable]: seconds for variable, seconds in figures["timings"].items()}
    return figures


def print_key_computations(timings: dict[str, float]) -> None:
    """Print the key computations' times and the speed-ups between them."""
    if not timings:
        return
    print(f"\n{'key computation':<52} {'milliseconds':>12}")
    for label, seconds in timings.items():
        print(f"{label:<52} {seconds * 1000:>12.1f}")
    for label, slow, fast in SPEEDUPS:
        if slow in timings and fast in timings:
            print(f"{label:<52} {timings[slow] / timings[fast]:>11.0f}x")


def main(argv: list[str]) -> int:
    """Print a table of wall time and peak memory per notebook; exit 1 if one is over budget."""
    paths = [Path(arg) for arg in argv] or sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    print(f"{'notebook':<36} {'wall time (s)':>14} {'peak memory (MiB)':>18}")
    over_budget = False
    total = 0.0
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for path in paths:
        figures = measure(path)
        total += figures["seconds"]
        timings.update(figures["timings"])
        flag = "  OVER BUDGET" if figures["seconds"] > BUDGET_SECONDS else ""
        over_budget |= bool(flag)
        print(f"{path.name:<36} {figures['seconds']:>14.1f} {figures['peak_mib']:>18.0f}{flag}")
    print(f"{'total (kernel execution)':<36} {total:>14.1f}   (wall incl. start-up {time.perf_counter() - started:.1f} s)")
    print_key_computations(timings)
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
