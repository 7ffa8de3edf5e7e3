"""Test-session setup for the kernels nbval starts (read before any kernel is launched)."""

import os
from pathlib import Path

# Kernel-side only: deprecated or soon-changing calls *in notebook code* (module __main__) fail the
# notebook. Library internals are left alone, and nothing here reaches a Jupyter server.
os.environ["PYTHONWARNINGS"] = "error::DeprecationWarning:__main__,error::FutureWarning:__main__"
os.environ["IPYTHONDIR"] = str(Path(__file__).parent / "tests" / "ipython")
# Headless kernels draw each widget once instead of creating live controls: nbclient can stall for a
# whole cell timeout on interactive-output messages (jupyter/nbclient#312). Widget callbacks are still
# called by every notebook's verification cells; live widgets are for JupyterLab (and a browser test).
os.environ["COURSE_STATIC_WIDGETS"] = "1"
# Two notebooks run at once on CI's two cores (-n 2): one BLAS thread per kernel avoids oversubscription,
# which otherwise makes mid-sized matrix products (and the notebooks' own timing checks) many times slower.
for _blas_threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas_threads, "1")
