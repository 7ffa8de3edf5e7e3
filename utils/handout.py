"""Teacher tooling: write solution-free copies of the course notebooks.

Usage: ``python -m utils.handout OUTPUT_DIR [--force]`` (also installed as ``course-handout``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import nbformat

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
SOLUTION_TAG = "solution"


def is_solution_cell(cell: nbformat.NotebookNode) -> bool:
    """True for a cell tagged ``solution``."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def strip_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook without solution cells and without outputs."""
    stripped = nbformat.from_dict(notebook)
    stripped.cells = [cell for cell in stripped.cells if not is_solution_cell(cell)]
    for cell in stripped.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return stripped


def write_handouts(output_dir: Path, source_dir: Path = NOTEBOOK_DIR, force: bool = False) -> list[Path]:
    """Write a solution-free copy of every notebook in source_dir; refuse to overwrite unless force."""
    if output_dir.resolve() == source_dir.resolve():
        raise FileExistsError(f"refusing to write handouts over the course notebooks themselves ({source_dir})")
    sources = sorted(source_dir.glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no notebooks found in {source_dir}")
    targets = [output_dir / source.name for source in sources]
    existing = [target for target in targets if target.exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise FileExistsError(f"refusing to overwrite {names}; pass --force to replace them")
    output_dir.mkdir(parents=True, exist_ok=True)
    for source, target in zip(sources, targets):
        nbformat.write(strip_solutions(nbformat.read(source, as_version=4)), target)
    return targets


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m utils.handout",
        description="Write copies of the course notebooks without solution cells (for teaching).",
    )
    parser.add_argument("output_dir", type=Path, help="folder to write the handout notebooks into")
    parser.add_argument("--force", action="store_true", help="overwrite handout notebooks that already exist")
    args = parser.parse_args(argv)
    try:
        written = write_handouts(args.output_dir, force=args.force)
    except (FileExistsError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} solution-free notebook(s) to {args.output_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
