"""Notebooks 00, 02, 04, ... in a real browser; the machinery and what it checks: browser_session.py."""

import pytest

from browser_session import NOTEBOOKS, check_notebook_in_jupyterlab, lab, page  # noqa: F401 (lab, page: fixtures)


@pytest.mark.parametrize("name", NOTEBOOKS[0::2])
def test_notebook_runs_in_jupyterlab(request, name):
    check_notebook_in_jupyterlab(request, name)
