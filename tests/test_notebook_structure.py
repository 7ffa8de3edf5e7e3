"""Every notebook follows the course skeleton (guide sections 4 and 5)."""

import re
from pathlib import Path

import nbformat
import pytest

from utils.exercises import EXERCISES
from utils.handout import is_solution_cell

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
COURSE = [
    "00_start_here", "01_limits", "02_derivatives", "03_partial_derivatives", "04_chain_rule",
    "05_taylor_series", "06_integrals_and_probability", "07_gradient_descent", "08_backpropagation",
    "09_cnn", "10_rnn",
]
PRESENT = [name for name in COURSE if (NOTEBOOK_DIR / f"{name}.ipynb").exists()]
EXERCISE_CALL = re.compile(r'^check\("(\d\d\.\d+)", (\w+)\)$', re.MULTILINE)
STRICT_CALL = re.compile(r'^check\("(\d\d\.\d+)", (\w+), strict=True\);$', re.MULTILINE)
REMOVED_APIS = re.compile(r"scipy\.misc|np\.math\.|np\.trapz\(|scipy\.integrate\.(trapz|simps|cumtrapz)")


def _load(name):
    return nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)


def _markdown(notebook):
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def test_only_course_notebooks_exist_and_the_first_two_are_there():
    assert {path.stem for path in NOTEBOOK_DIR.glob("*.ipynb")} <= set(COURSE)
    assert PRESENT[:2] == ["00_start_here", "01_limits"]


@pytest.mark.parametrize("name", PRESENT)
def test_header_has_title_objectives_prerequisites_time_and_navigation(name):
    notebook = _load(name)
    header = notebook.cells[0].source
    assert notebook.cells[0].cell_type == "markdown"
    assert header.startswith(f"# {name[:2]} · ")
    objectives = header.split("**You will learn to**", 1)[1].split("**Prerequisites:**", 1)[0]
    assert 3 <= objectives.count("\n- ") <= 6
    assert "**Prerequisites:**" in header and "**Estimated time:**" in header
    navigation = header.split("**Navigation:**", 1)[1]
    index = COURSE.index(name)
    if index > 0:
        assert f"Previous: [" in navigation and f"({COURSE[index - 1]}.ipynb)" in navigation
    if index + 1 < len(COURSE):
        following = COURSE[index + 1]
        expected = f"({following}.ipynb)" if following in PRESENT else "(in preparation)"
        assert "Next:" in navigation and expected in navigation


@pytest.mark.parametrize("name", PRESENT)
def test_setup_cell_imports_utils_styles_and_seeds(name):
    setup = _load(name).cells[1]
    assert setup.cell_type == "code"
    assert setup.source.startswith("import sys\n\ntry:\n") and "from utils import" in setup.source
    assert "except ModuleNotFoundError as missing:" in setup.source and ") from None" in setup.source
    assert "use_course_style()" in setup.source and "np.random.default_rng(seed=" in setup.source


@pytest.mark.parametrize("name", PRESENT)
def test_summary_and_pitfalls_present(name):
    markdown = _markdown(_load(name))
    assert "\n## Summary" in markdown or markdown.startswith("## Summary")
    assert "**⚠️ Common pitfalls**" in markdown


@pytest.mark.parametrize("name", PRESENT)
def test_committed_without_outputs(name):
    for cell in _load(name).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("name", PRESENT)
def test_every_exercise_is_followed_by_its_hidden_solution(name):
    cells = _load(name).cells
    found = 0
    for position, cell in enumerate(cells):
        match = EXERCISE_CALL.search(cell.source) if cell.cell_type == "code" else None
        if match is None or is_solution_cell(cell):
            continue
        found += 1
        exercise_id, function = match.groups()
        assert exercise_id.startswith(name[:2]), f"{exercise_id} does not belong in {name}"
        assert "# your code here" in cell.source and "..." in cell.source
        assert f"### Exercise {exercise_id} · " in _markdown(_load(name))
        solution = cells[position + 1]
        assert is_solution_cell(solution), f"no solution cell right after exercise {exercise_id}"
        assert solution.metadata.get("jupyter", {}).get("source_hidden") is True
        assert STRICT_CALL.search(solution.source).groups() == (exercise_id, function)
    assert found >= (1 if name == "00_start_here" else 4)


def test_exercise_ids_are_unique_and_all_registered():
    ids = []
    for name in PRESENT:
        for cell in _load(name).cells:
            if cell.cell_type == "code" and not is_solution_cell(cell):
                ids += [match.group(1) for match in EXERCISE_CALL.finditer(cell.source)]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(EXERCISES), "every registered exercise appears in a notebook, and vice versa"


@pytest.mark.parametrize("name", PRESENT)
def test_relative_links_point_to_existing_files(name):
    for target in re.findall(r"\]\(([^)#:]+?)(?:#[^)]*)?\)", _markdown(_load(name))):
        assert (NOTEBOOK_DIR / target).exists(), f"broken link {target}"


@pytest.mark.parametrize("name", PRESENT)
def test_no_cell_raises_on_purpose(name):
    """JupyterLab's Run All stops at an error: demonstrate errors with try/except and assert on the caught one."""
    tagged = [cell.source[:60] for cell in _load(name).cells if "raises-exception" in cell.metadata.get("tags", [])]
    assert not tagged, f"{name}: cells tagged raises-exception would stop Run All: {tagged}"


@pytest.mark.parametrize("name", PRESENT)
def test_enough_widgets(name):
    code = "\n".join(cell.source for cell in _load(name).cells if cell.cell_type == "code")
    assert "widgets.interact(" not in code, "use interact_plot, which does not display the return value"
    assert code.count("interact_plot(") >= (1 if name == "00_start_here" else 2)


@pytest.mark.parametrize("name", PRESENT)
def test_no_removed_apis_in_code(name):
    for cell in _load(name).cells:
        if cell.cell_type == "code":
            assert not REMOVED_APIS.search(cell.source), cell.source[:80]


@pytest.mark.parametrize("name", PRESENT)
def test_every_section_with_code_has_a_verification_assert(name):
    notebook = _load(name)
    sections = re.split(r"(?m)^## ", "\n".join(
        cell.source if cell.cell_type == "markdown" else f"```code\n{cell.source}\n```" for cell in notebook.cells
    ))
    for section in sections[1:]:
        title = section.splitlines()[0]
        if "```code" in section and not title.startswith(("Summary", "5. The course map")):
            assert "assert " in section or "strict=True" in section, f"section '{title}' asserts nothing"


def test_course_maps_link_every_present_notebook():
    start_here = _markdown(_load("00_start_here"))
    readme = (NOTEBOOK_DIR.parent / "README.md").read_text()
    for name in PRESENT:
        assert f"({name}.ipynb)" in start_here, f"00's course map does not link {name}"
        assert f"(notebooks/{name}.ipynb)" in readme, f"the README's course map does not link {name}"
