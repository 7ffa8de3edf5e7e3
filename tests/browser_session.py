"""The course in a real browser: JupyterLab driven through Debian's Chromium by Playwright.

The tests are tests/test_browser_first_half.py and test_browser_second_half.py: each runs every other
notebook with its own JupyterLab server and Chromium, so that pytest-xdist's two workers (with --dist
loadfile, a file stays on one worker) share the browser work instead of one worker doing all of it.

Each notebook is opened in one JupyterLab page, run with *Run -> Run All Cells* from the menu bar, and
checked the way a learner would see it: no error output (except in cells tagged `raises-exception`),
every cell executed, every `interact_plot` widget rendered live with its plot, no widget placeholders,
plots present, and moving a slider of the first slider widget redraws its plot.

Where Chromium (`/usr/bin/chromium`, or the path in COURSE_CHROMIUM) or the `playwright` package is
missing, the tests skip with the reason; with COURSE_REQUIRE_BROWSER=1 (set by .ci/run) they fail instead.
Never run `playwright install` (it downloads a browser): Debian's `chromium` package is used.

COURSE_BROWSER_NOTEBOOKS=DIR tests the notebooks in DIR instead of notebooks/ (the server then serves
DIR; used to show that a broken notebook fails). On failure a screenshot is saved under
tests/browser-failures/ (git-ignored) and its path is in the assertion message. Run with `-s` to see
the time each notebook takes.
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = Path(os.environ.get("COURSE_BROWSER_NOTEBOOKS") or REPO / "notebooks").resolve()
SERVER_ROOT = REPO if NOTEBOOK_DIR.is_relative_to(REPO) else NOTEBOOK_DIR
NOTEBOOKS = sorted(path.name for path in NOTEBOOK_DIR.glob("*.ipynb"))
FAILURE_DIR = REPO / "tests" / "browser-failures"
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
# The machine notes: without these flags headless Chromium keeps trying (refused) network connections.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
RUN_TIMEOUT = float(os.environ.get("COURSE_BROWSER_TIMEOUT", "300"))  # seconds for one notebook's Run All
RENDER_TIMEOUT = 60.0  # seconds for widgets and plots to appear once the kernel is idle
ERROR_MIME = "application/vnd.jupyter.stderr"  # JupyterLab renders error outputs and stderr with this type
PLACEHOLDERS = ("Loading widget", "Error displaying widget", "interactive(children=")
# Problems that may only mean "not drawn yet" when the kernel has just gone idle (the others are final).
RENDERING = ("live widget(s) rendered", "a widget shows no plot", "widget placeholder", "shows no plot image")
MAKES_FIGURES = re.compile(r"\b(plt|fig|ax|axes)\.\w+\(|\binteract_plot\(|\bplot_\w+\(")
# Settings a learner would not change but a test must: never save a notebook (autosave would write outputs
# into the repository), no update or news checks, every cell attached to the page (windowing off).
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"checkForUpdates": False, "fetchNews": "false"},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def _missing_browser() -> str | None:
    """Why the browser test cannot run here, or None."""
    reasons = []
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        reasons.append(f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        reasons.append(f"the Python package playwright is not importable ({error}; pip install playwright, "
                       "never `playwright install`)")
    return "; ".join(reasons) or None


def _require_browser() -> None:
    reason = _missing_browser()
    if reason is None:
        return
    if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required (COURSE_REQUIRE_BROWSER=1) but {reason}", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}")


# ---------------------------------------------------------------------------------------------- server


class Lab:
    """A private JupyterLab server: its process, URL, token and log."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.token = secrets.token_hex(24)
        self.log_path = tmp / "server.log"
        self.process: subprocess.Popen | None = None
        self.url = ""

    def environment(self) -> dict[str, str]:
        # Built explicitly: the root conftest.py sets COURSE_STATIC_WIDGETS (static widgets for nbval) and
        # PYTHONWARNINGS (kernel-side only, never exported to a Jupyter server); neither may reach this server.
        dropped = ("COURSE_STATIC_WIDGETS", "PYTHONWARNINGS", "MPLBACKEND")
        env = {key: value for key, value in os.environ.items() if key not in dropped and not key.startswith("JUPYTER")}
        env.update(
            JUPYTER_CONFIG_DIR=str(self.tmp / "config"),
            JUPYTER_DATA_DIR=str(self.tmp / "data"),
            JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
            IPYTHONDIR=str(REPO / "tests" / "ipython"),  # the test profile: offline guard, plain tracebacks
        )
        return env

    def start(self) -> None:
        settings = self.tmp / "config" / "lab" / "user-settings"
        for name, values in USER_SETTINGS.items():
            path = settings / f"{name}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        for _attempt in range(3):  # a free port can be taken between choosing it and the server binding it
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            command = [
                sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={SERVER_ROOT}",
                f"--FileCheckpoints.checkpoint_dir={self.tmp / 'checkpoints'}",  # absolute: nothing lands in the repo
                "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, to open and close notebooks in one page
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            ]
            if getattr(os, "geteuid", lambda: 1)() == 0:
                command.append("--allow-root")
            with open(self.log_path, "a") as log:
                self.process = subprocess.Popen(command, env=self.environment(), cwd=SERVER_ROOT, stdout=log,
                                                stderr=subprocess.STDOUT)
            self.url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    self.api("GET", "status")
                    return
                except OSError:
                    time.sleep(0.25)
            self.stop()
        raise RuntimeError(f"JupyterLab did not start; server log:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the server by its process id: terminate, wait, kill if it does not exit."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")
        for kernel in self.api("GET", "kernels"):
            self.api("DELETE", f"kernels/{kernel['id']}")
        deadline = time.monotonic() + 30
        while self.api("GET", "kernels") and time.monotonic() < deadline:
            time.sleep(0.2)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


@pytest.fixture(scope="module")
def lab():
    with tempfile.TemporaryDirectory(prefix="course-lab-") as tmp:
        server = Lab(Path(tmp))
        try:
            started = time.monotonic()
            server.start()
            _report(f"browser: JupyterLab server started in {time.monotonic() - started:.1f} s")
            yield server
        finally:
            server.stop()
            saved = [line for line in server.log_tail(10_000).splitlines() if "Saving file at" in line]
            assert not saved, f"the browser test saved files in the course: {saved}"


@pytest.fixture(scope="module")
def page(lab):
    """One Chromium and one JupyterLab page for all notebooks (loading JupyterLab is the slow part)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh temporary profile (user-data-dir).
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            lab_page = context.new_page()
            lab_page.page_errors = []
            lab_page.on("pageerror", lambda error: lab_page.page_errors.append(str(error)))
            started = time.monotonic()
            lab_page.goto(f"{lab.url}/lab?reset&token={lab.token}", timeout=180_000)
            lab_page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=180_000)
            lab_page.evaluate("async () => { await window.jupyterapp.restored; }")
            lab_page.get_by_role("menuitem", name="Run", exact=True).wait_for(timeout=60_000)
            _report(f"browser: JupyterLab loaded in {time.monotonic() - started:.1f} s")
            yield lab_page
        finally:
            browser.close()


# ----------------------------------------------------------------------------------- notebook checks


def interact_calls(source: str) -> tuple[int, bool]:
    """(number of interact_plot calls a cell makes when run, whether that number can vary: a call in a loop)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        tree = ast.parse(TransformerManager().transform_cell(source))
    except (ImportError, SyntaxError):
        return len(re.findall(r"\binteract_plot\(", source)), True
    count, variable = 0, False

    def visit(node: ast.AST, in_loop: bool) -> None:
        nonlocal count, variable
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return  # defined, not called, here
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "interact_plot":
                count += 1
                variable = variable or in_loop
        loops = (ast.For, ast.AsyncFor, ast.While, ast.comprehension, ast.ListComp, ast.SetComp, ast.DictComp,
                 ast.GeneratorExp)
        for child in ast.iter_child_nodes(node):
            visit(child, in_loop or isinstance(node, loops))

    visit(tree, False)
    return count, variable


# One snapshot of the open notebook as the page shows it, cell by cell (cells from JupyterLab's notebook widget,
# so that collapsed solution cells, whose prompt is not on the page, count too).
SNAPSHOT_JS = """
([errorMime, placeholders]) => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.map(cell => {
    const node = cell.node;
    const outputs = Array.from(node.querySelectorAll('.jp-OutputArea-output'));
    const prompt = node.querySelector('.jp-InputPrompt');
    const images = Array.from(node.querySelectorAll('.jp-OutputArea-output img'));
    const text = node.querySelector('.jp-Cell-outputWrapper');
    return {
      count: cell.model.type === 'code' ? cell.model.executionCount : null,
      running: (cell.model.executionState === 'running') || (prompt !== null && prompt.textContent.trim() === '[*]:'),
      errors: outputs.filter(o => o.dataset.mimeType === errorMime).map(o => o.textContent.slice(-1500)),
      widgets: Array.from(node.querySelectorAll('.widget-interact')).map(
        w => Array.from(w.querySelectorAll('.widget-output img')).filter(
          i => (i.getAttribute('src') || '').length > 200).length),
      images: images.filter(i => (i.getAttribute('src') || '').length > 200).length,
      placeholders: placeholders.filter(p => text !== null && text.textContent.includes(p)),
    };
  });
}
"""

KERNEL_IDLE_JS = """
(name) => {
  const selector = '#jp-main-statusbar .jp-StatusBar-TextItem[title="Change kernel for ' + name + '"]';
  const item = document.querySelector(selector);
  return item !== null && /\\|\\s*Idle$/.test(item.textContent.trim());
}
"""

# Run All marks every code cell [*] at once; a cell shows a number when done (a hidden-input cell only in its
# model). After an error, even an expected one (`raises-exception`), JupyterLab 4 clears the [*] of every cell
# still queued although the kernel goes on running them: so "finished" is every non-blank code cell numbered
# and the kernel idle, or, when cells stay unnumbered (an unexpected error aborts the rest), the kernel idle and
# nothing running for QUIET seconds.
CELLS_JS = """
() => window.jupyterapp.shell.currentWidget.content.widgets.filter(cell => cell.model.type === 'code').map(cell => {
  const prompt = cell.node.querySelector('.jp-InputPrompt');
  const shown = prompt === null ? '' : prompt.textContent.trim();
  return {running: cell.model.executionState === 'running' || shown === '[*]:', count: cell.model.executionCount,
          blank: cell.model.sharedModel.getSource().trim() === ''};
})
"""
RUN_STARTED_JS = f"() => ({CELLS_JS})().some(cell => cell.running || cell.count !== null)"
RUN_STATE_JS = f"""
(name) => {{
  const cells = ({CELLS_JS})();
  return {{idle: ({KERNEL_IDLE_JS})(name), running: cells.some(cell => cell.running),
          pending: cells.filter(cell => !cell.blank && cell.count === null).length}};
}}
"""
QUIET = 10.0


def _wait_until_run_finished(page, name: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    quiet_since = None
    while True:
        state = page.evaluate(RUN_STATE_JS, name)
        now = time.monotonic()
        if state["idle"] and not state["running"]:
            if not state["pending"]:
                return
            quiet_since = quiet_since or now
            if now - quiet_since > QUIET:
                return  # cells that will never run: reported as not executed
        else:
            quiet_since = None
        if now > deadline:
            raise TimeoutError(f"Run All did not finish within {timeout:.0f} s ({state})")
        time.sleep(0.2)


def _report(line: str) -> None:
    print(line, flush=True)  # shown with `pytest -s` (timings) and in the report of a failing test


def _problems(notebook, snapshot, moved: str | None) -> list[tuple[int | None, str]]:
    """Everything wrong with the page, as (cell index or None, message)."""
    problems: list[tuple[int | None, str]] = []
    if len(snapshot) != len(notebook.cells):
        problems.append((None, f"the page shows {len(snapshot)} cells, the notebook has {len(notebook.cells)}"))
        return problems
    makes_figures = False
    for index, (cell, shown) in enumerate(zip(notebook.cells, snapshot, strict=True)):
        if cell.cell_type != "code":
            continue
        where = f"cell {index} ({cell.source.strip().splitlines()[0][:60] if cell.source.strip() else 'empty'!r})"
        tags = cell.metadata.get("tags", [])
        if shown["errors"] and "raises-exception" not in tags:
            problems.append((index, f"{where}: error output:\n{shown['errors'][0]}"))
        if cell.source.strip() and (shown["count"] is None or shown["running"]):
            problems.append((index, f"{where}: not executed (its prompt shows {'[*]' if shown['running'] else '[ ]'})"))
        expected, variable = interact_calls(cell.source)
        rendered = len(shown["widgets"])
        if (rendered < expected) if variable else (rendered != expected):
            problems.append((index, f"{where}: {rendered} live widget(s) rendered, expected {expected}"))
        if any(images == 0 for images in shown["widgets"]):
            problems.append((index, f"{where}: a widget shows no plot"))
        if shown["placeholders"]:
            problems.append((index, f"{where}: widget placeholder {shown['placeholders']} instead of a widget"))
        makes_figures = makes_figures or bool(MAKES_FIGURES.search(cell.source))
    if makes_figures and not any(shown["images"] for shown in snapshot):
        problems.append((None, "the notebook draws figures but the page shows no plot image"))
    if moved:
        problems.append((None, moved))
    return problems


def _move_a_slider(page, name: str) -> str | None:
    """Move the first slider of the first slider widget by two steps; None if its plot changed, else what went wrong."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    widget = panel.locator(".widget-interact").filter(has=page.locator(".noUi-handle")).first
    handle = widget.locator(".noUi-handle").first
    readout = widget.locator(".widget-readout").first
    before = widget.locator(".widget-output img").first.get_attribute("src")
    value, maximum = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
    try:
        key = "ArrowLeft" if float(value) >= float(maximum) else "ArrowRight"
    except (TypeError, ValueError):
        key = "ArrowRight"
    shown = readout.inner_text() if readout.count() else value
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(2):
        handle.press(key)
    try:
        page.wait_for_function(
            """([widget, before, errorMime]) => {
                 const image = widget.querySelector('.widget-output img');
                 const failed = widget.querySelector(`.widget-output [data-mime-type="${errorMime}"]`) !== null;
                 return failed || (image !== null && image.getAttribute('src') !== before && image.complete);
               }""",
            arg=[widget.element_handle(), before, ERROR_MIME], timeout=RENDER_TIMEOUT * 1000, polling=200)
        _wait_until_run_finished(page, name, RENDER_TIMEOUT)
    except Exception as error:  # playwright's TimeoutError, or ours
        after = readout.inner_text() if readout.count() else handle.get_attribute("aria-valuenow")
        return f"moving the first slider ({key} twice: {shown} -> {after}) did not change its plot: {error}"
    return None


def _screenshot(page, name: str, cell: int | None) -> Path:
    FAILURE_DIR.mkdir(parents=True, exist_ok=True)
    path = FAILURE_DIR / f"{Path(name).stem}.png"
    try:
        if cell is not None:
            page.evaluate("i => window.jupyterapp.shell.currentWidget.content.widgets[i].node.scrollIntoView()", cell)
        page.screenshot(path=str(path), full_page=True)
    except Exception as error:  # the screenshot must never hide the failure itself
        return Path(f"(no screenshot: {error})")
    return path


def _close_notebook(page, lab: Lab) -> None:
    """Close the notebook without saving (the course files stay untouched) and shut its kernel down."""
    try:
        page.evaluate("""() => {
            for (const widget of Array.from(window.jupyterapp.shell.widgets('main'))) {
              if (widget.context && widget.context.model) { widget.context.model.dirty = false; }
              widget.dispose();
            }
        }""")
    finally:
        lab.shut_down_kernels()


def check_notebook_in_jupyterlab(request, name: str) -> None:
    """Open one notebook in the shared JupyterLab page, run all cells and fail with a screenshot on any problem."""
    _require_browser()  # in the test, not a fixture: a required but missing browser is a failure, not an error
    lab, page = request.getfixturevalue("lab"), request.getfixturevalue("page")
    notebook = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    path = (NOTEBOOK_DIR / name).relative_to(SERVER_ROOT).as_posix()
    page.page_errors.clear()
    timings: dict[str, float] = {}
    started = time.monotonic()
    problems: list[tuple[int | None, str]] = []
    try:
        page.evaluate("""async path => {
            const panel = await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
            await panel.context.ready;
            await panel.revealed;
        }""", path)
        timings["shown"] = time.monotonic() - started
        page.wait_for_function(KERNEL_IDLE_JS, arg=name, timeout=RUN_TIMEOUT * 1000, polling=200)
        timings["idle"] = time.monotonic() - started - timings["shown"]
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        page.wait_for_function(RUN_STARTED_JS, timeout=30_000, polling=100)
        _wait_until_run_finished(page, name, RUN_TIMEOUT)
        mark = time.monotonic()
        timings["run"] = mark - started - timings["shown"] - timings["idle"]
        deadline = time.monotonic() + RENDER_TIMEOUT  # widget views and images attach after the kernel is idle
        while True:
            snapshot = page.evaluate(SNAPSHOT_JS, [ERROR_MIME, list(PLACEHOLDERS)])
            problems = _problems(notebook, snapshot, None)
            still_rendering = all(any(kind in message for kind in RENDERING) for _, message in problems)
            if not problems or not still_rendering or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        timings["render"] = time.monotonic() - mark
        moved = None
        if not problems and any(shown["widgets"] for shown in snapshot) and page.locator(".noUi-handle").count():
            mark = time.monotonic()
            moved = _move_a_slider(page, name)
            timings["slider"] = time.monotonic() - mark
            snapshot = page.evaluate(SNAPSHOT_JS, [ERROR_MIME, list(PLACEHOLDERS)])
            problems = _problems(notebook, snapshot, moved)
        dialogs = page.locator(".jp-Dialog").all_inner_texts()
        problems += [(None, f"a dialog is open: {text[:300]!r}") for text in dialogs]
        problems += [(None, f"JavaScript error in the page: {error[:300]}") for error in page.page_errors]
    except Exception as error:  # a timeout or a page that stopped responding is a failure with a screenshot too
        problems.append((None, f"{type(error).__name__}: {error}"))
    timings["total"] = time.monotonic() - started
    _report(f"browser {name}: " + ", ".join(f"{key} {value:.1f} s" for key, value in timings.items()))
    try:
        if problems:
            first_cell = next((cell for cell, _ in problems if cell is not None), None)
            shot = _screenshot(page, name, first_cell)
            details = "\n".join(f"- {message}" for _, message in problems[:10])
            pytest.fail(f"{name} in JupyterLab ({len(problems)} problem(s)); screenshot: {shot}\n{details}",
                        pytrace=False)
    finally:
        _close_notebook(page, lab)
