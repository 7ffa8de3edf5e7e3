"""Unit tests of utils.environment (the notebook 00 environment check)."""

from packaging.requirements import Requirement

from utils import check_environment
from utils.environment import REQUIREMENTS_FILE, TEST_ONLY, read_requirements


def test_requirements_file_lists_the_course_packages():
    names = {r.name for r in read_requirements()}
    assert {"jupyterlab", "numpy", "scipy", "sympy", "matplotlib", "ipywidgets", "nbval", "pytest"} <= names


def test_this_environment_is_complete():
    report = check_environment()
    assert report.ok, str(report)
    assert "Everything is ready" in str(report) and "✅" in report._repr_html_()


def test_missing_and_too_old_packages_are_named():
    report = check_environment([Requirement("no-such-package-xyz>=1"), Requirement("numpy>=999")])
    assert not report.ok
    problems = " ".join(report.problems)
    assert "no-such-package-xyz is missing" in problems
    assert "numpy" in problems and ">=999" in problems


def test_test_only_packages_do_not_block_learners():
    report = check_environment([Requirement("pytest>=999"), Requirement("numpy>=1")])
    assert report.ok and "only the test suite needs it" in " ".join(report.problems)


def test_every_testing_requirement_is_test_only():
    """The packages under `# Testing` in requirements.txt never block a learner's environment check."""
    lines = REQUIREMENTS_FILE.read_text().splitlines()
    start = lines.index("# Testing") + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("#"))
    testing = {Requirement(line.split("#")[0]).name for line in lines[start:end] if line.strip()}
    assert "hypothesis" in testing and testing <= TEST_ONLY
