"""The utils package imports quickly and without side effects."""

import subprocess
import sys

import utils


def test_import_changes_no_global_state_and_stays_light():
    code = (
        "import matplotlib as mpl, sys; before = dict(mpl.rcParams); import utils; "
        "assert dict(mpl.rcParams) == before, 'rcParams changed on import'; "
        "heavy = [m for m in ('sympy', 'scipy', 'ipywidgets') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_public_functions_have_docstrings_and_hints():
    for name in utils.__all__:
        obj = getattr(utils, name)
        if callable(obj):
            assert obj.__doc__ and obj.__doc__.strip(), f"{name} has no docstring"
        if callable(obj) and not isinstance(obj, type):
            assert obj.__annotations__, f"{name} has no type hints"
