"""The teacher command: solution-free copies that never overwrite by accident and still run."""

import ast
import linecache
import math
import re
from pathlib import Path

import nbclient
import nbformat
import numpy as np
import pytest

from utils.checks import NOT_STARTED, check
from utils.handout import NOTEBOOK_DIR, is_solution_cell, main, write_handouts

NOTEBOOKS = sorted(path.name for path in NOTEBOOK_DIR.glob("*.ipynb"))
EXERCISE_CALL = re.compile(r'^check\("(\d\d\.\d+)", (\w+)\)$', re.MULTILINE)


def test_handouts_have_no_solutions_but_keep_the_exercises(tmp_path):
    written = write_handouts(tmp_path / "class")
    assert sorted(path.name for path in written) == NOTEBOOKS
    for path in written:
        original = nbformat.read(NOTEBOOK_DIR / path.name, as_version=4)
        copy = nbformat.read(path, as_version=4)
        assert not any(is_solution_cell(cell) for cell in copy.cells)
        kept = [cell.source for cell in original.cells if not is_solution_cell(cell)]
        assert [cell.source for cell in copy.cells] == kept


def test_refuses_to_overwrite_without_force(tmp_path, capsys):
    target = tmp_path / "class"
    assert main([str(target)]) == 0
    precious = target / NOTEBOOKS[0]
    precious.write_text("a teacher's edits")
    assert main([str(target)]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert precious.read_text() == "a teacher's edits"
    assert main([str(target), "--force"]) == 0
    assert precious.read_text() != "a teacher's edits"


def test_never_writes_over_the_course_notebooks(tmp_path):
    with pytest.raises(FileExistsError, match="course notebooks themselves"):
        write_handouts(NOTEBOOK_DIR, force=True)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_handout_text_does_not_point_at_missing_solutions(tmp_path, name):
    write_handouts(tmp_path)
    pointer = re.compile(r"\b(the|a|folded|hidden) solutions?\b|solution cells?", re.IGNORECASE)
    for cell in nbformat.read(tmp_path / name, as_version=4).cells:
        if cell.cell_type == "markdown" and pointer.search(cell.source):
            assert "your copy" in cell.source, f"handout text points at a solution: {cell.source[:80]!r}"


def test_other_files_in_the_folder_are_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    write_handouts(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_missing_source_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_handouts(tmp_path / "out", source_dir=tmp_path / "nowhere")


def _exercise_cells(notebook):
    return [c for c in notebook.cells if c.cell_type == "code" and "# your code here" in c.source]


def test_a_handout_runs_from_a_fresh_kernel_and_reports_not_started(tmp_path):
    """End to end on notebook 00: write the handouts, execute one in a kernel, read the checkers' reports.

    Every notebook is executed in full by nbval and by the browser test; what a handout changes (no
    solution cells) is covered for every notebook by the two tests below, without a third execution.
    """
    write_handouts(tmp_path)
    notebook = nbformat.read(tmp_path / NOTEBOOKS[0], as_version=4)
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    exercise_cells = _exercise_cells(notebook)
    assert exercise_cells
    for cell in exercise_cells:
        texts = [o.get("data", {}).get("text/plain", "") for o in cell.outputs]
        assert any("not started yet" in text for text in texts), cell.source[:80]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_exercise_cell_reports_not_started_before_any_work(name):
    """An exercise cell as a student first runs it: the stub is defined and its checker says "not started"."""
    exercise_cells = _exercise_cells(nbformat.read(NOTEBOOK_DIR / name, as_version=4))
    assert exercise_cells
    for cell in exercise_cells:
        exercise_id, function_name = EXERCISE_CALL.search(cell.source).groups()
        source = EXERCISE_CALL.sub("", cell.source)
        filename = f"<{name} exercise {exercise_id}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)  # as IPython does
        namespace = {"np": np, "math": math}
        exec(compile(source, filename, "exec"), namespace)
        result = check(exercise_id, namespace[function_name])
        assert result.status == NOT_STARTED, f"{name} {exercise_id}: {result}"


def _top_level_definitions(source):
    tree = ast.parse(source)
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_later_cells_never_use_what_only_a_solution_defines(name):
    """A handout drops the solutions, so no other cell may rely on the names they define."""
    cells = [c for c in nbformat.read(NOTEBOOK_DIR / name, as_version=4).cells if c.cell_type == "code"]
    solution_names = set().union(*(_top_level_definitions(c.source) for c in cells if is_solution_cell(c)))
    for cell in cells:
        if is_solution_cell(cell) or "# your code here" in cell.source:
            continue
        used = {n.id for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Name)}
        assert not used & solution_names, f"{name}: cell uses {used & solution_names}: {cell.source[:60]!r}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_solutions_leave_the_notebooks_random_stream_alone(name):
    """A solution that drew from the notebook's `rng` would make every later random number differ in a handout."""
    for cell in nbformat.read(NOTEBOOK_DIR / name, as_version=4).cells:
        if cell.cell_type == "code" and is_solution_cell(cell):
            used = {n.id for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Name)}
            assert "rng" not in used, f"{name}: a solution cell uses the notebook's rng: {cell.source[:60]!r}"
