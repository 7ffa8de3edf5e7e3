"""The course plot style and the figure helpers that several notebooks reuse."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from utils.autodiff import Value, topological_order
from utils.numerics import derivative, loglog_slope

# Okabe & Ito's colour-blind-safe palette, ordered so the first colours differ most.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}

COURSE_STYLE = {
    "axes.prop_cycle": mpl.cycler(color=list(PALETTE.values())),
    "figure.figsize": (7.0, 4.2),
    "figure.dpi": 100,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "legend.fontsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 2.0,
    "image.cmap": "viridis",
}


def use_course_style() -> None:
    """Apply the course plot style (palette, sizes, grid) to every later figure."""
    mpl.rcParams.update(COURSE_STYLE)


def decorate(ax: Axes, *, legend: bool = True, **options: object) -> Axes:
    """Finish an Axes in one call: ax.set(**options) (title, xlabel, xlim, ...) and a legend if labelled."""
    ax.set(**options)
    handles, _ = ax.get_legend_handles_labels()
    if legend and handles:
        ax.legend()
    return ax


def plot_secant_tangent(
    ax: Axes,
    f: Callable[[np.ndarray], np.ndarray],
    x0: float,
    h: float,
    xlim: tuple[float, float],
    slope_at_x0: float | None = None,
) -> float:
    """Draw f, its secant through x0 and x0 + h, and its tangent at x0; return the secant slope."""
    xs = np.linspace(*xlim, 400)
    tangent_slope = derivative(f, x0) if slope_at_x0 is None else slope_at_x0
    secant_slope = (f(x0 + h) - f(x0)) / h
    y0 = f(x0)
    ax.plot(xs, f(xs), color=PALETTE["blue"], label="f(x)")
    ax.plot(xs, y0 + secant_slope * (xs - x0), color=PALETTE["orange"], label=f"secant, slope {secant_slope:.4f}")
    ax.plot(xs, y0 + tangent_slope * (xs - x0), "--", color=PALETTE["green"], label=f"tangent, slope {tangent_slope:.4f}")
    ax.plot([x0, x0 + h], [y0, f(x0 + h)], "o", color=PALETTE["vermillion"])
    ax.set_xlim(*xlim)
    return float(secant_slope)


def plot_surface_and_contour(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    n: int = 101,
    levels: int = 20,
    zlabel: str = "f(x, y)",
) -> tuple[Figure, Axes, Axes]:
    """Plot f(x, y) as a 3-D surface beside its contour map; return (fig, surface_ax, contour_ax)."""
    x, y = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    z = f(x, y)
    fig = plt.figure(figsize=(12, 4.8), layout="constrained")
    surface_ax = fig.add_subplot(1, 2, 1, projection="3d")
    surface_ax.plot_surface(x, y, z, cmap="viridis", linewidth=0, antialiased=True)
    surface_ax.set(xlabel="x", ylabel="y", zlabel=zlabel)
    contour_ax = fig.add_subplot(1, 2, 2)
    filled = contour_ax.contourf(x, y, z, levels=levels, cmap="viridis")
    contour_ax.contour(x, y, z, levels=levels, colors="k", linewidths=0.4)
    fig.colorbar(filled, ax=contour_ax)
    contour_ax.set(xlabel="x", ylabel="y", aspect="equal")
    contour_ax.locator_params(nbins=5)
    return fig, surface_ax, contour_ax


def plot_convergence(
    ax: Axes,
    steps: np.ndarray,
    errors: np.ndarray,
    fit: np.ndarray | slice | None = None,
    label: str = "error",
) -> float:
    """Plot errors against steps on log-log axes, fit the slope over ``fit`` and label it; return the slope."""
    steps = np.asarray(steps, dtype=float)
    errors = np.asarray(errors, dtype=float)
    chosen = slice(None) if fit is None else fit
    slope = loglog_slope(steps[chosen], errors[chosen])
    ax.loglog(steps, errors, "o-", label=f"{label} (fitted slope {slope:.2f})")
    fitted_x = steps[chosen]
    anchor = errors[chosen][0] / fitted_x[0] ** slope
    ax.loglog(fitted_x, anchor * fitted_x**slope, "--", color=PALETTE["black"], linewidth=1)
    ax.xaxis.set_minor_formatter(NullFormatter())  # short ranges would otherwise label every minor tick
    return slope


def plot_computational_graph(ax: Axes, output: Value, show_grad: bool = True) -> int:
    """Draw the graph that computed ``output`` (inputs left, output right); return the number of nodes."""
    order = topological_order(output)
    depth: dict[int, int] = {}
    for node in order:
        depth[id(node)] = 1 + max((depth[id(parent)] for parent in node.parents), default=-1)
    first_use: dict[int, int] = {}  # inputs go just left of their first use, so arrows skip no column
    for node in order:
        for parent in node.parents:
            if not parent.parents:
                first_use[id(parent)] = min(first_use.get(id(parent), depth[id(node)]), depth[id(node)] - 1)
    depth.update(first_use)
    columns: dict[int, list[Value]] = {}
    for node in order:
        columns.setdefault(depth[id(node)], []).append(node)
    position = {
        id(node): (column, (len(nodes) - 1) / 2 - row)
        for column, nodes in columns.items()
        for row, node in enumerate(nodes)
    }
    boxes = {}
    for node in order:
        name = node.label or node.op or "const"
        text = f"{name}\n{node.data:.4g}" + (f"\ngrad {node.grad:.4g}" if show_grad else "")
        colour = PALETTE["sky"] if not node.parents else PALETTE["yellow"]
        edge = PALETTE["vermillion"] if node is output else "gray"
        boxes[id(node)] = ax.text(*position[id(node)], text, ha="center", va="center", fontsize=10,
                                  bbox={"boxstyle": "round", "facecolor": colour, "edgecolor": edge})
    for node in order:
        for parent in node.parents:  # arrows are clipped at the box outlines, so every head shows
            ax.annotate("", xy=position[id(node)], xytext=position[id(parent)],
                        arrowprops={"arrowstyle": "-|>", "color": "dimgray", "shrinkA": 1, "shrinkB": 1,
                                    "patchA": boxes[id(parent)].get_bbox_patch(),
                                    "patchB": boxes[id(node)].get_bbox_patch()})
    rows = max(len(nodes) for nodes in columns.values())
    ax.set(xlim=(-0.6, max(columns) + 0.6), ylim=(-rows / 2 - 0.2, rows / 2 + 0.2))
    ax.set_axis_off()
    return len(order)


def interact_plot(draw: Callable[..., object], **controls: object) -> None:
    """Show ipywidgets controls that call ``draw`` on every change; only what it draws is shown.

    With the environment variable COURSE_STATIC_WIDGETS=1 (set by the test suite) it draws once with the
    controls' initial values instead: headless notebook runners can stall on widget output messages.
    """
    if os.environ.get("COURSE_STATIC_WIDGETS") == "1":
        draw(**{name: _initial_value(draw, name, control) for name, control in controls.items()})
        return
    import ipywidgets  # imported here so that importing utils stays light

    def redraw(**values: object) -> None:
        draw(**values)  # the return value is for tests and verification cells, not for display

    ipywidgets.interact(redraw, **controls)


def _initial_value(draw: Callable[..., object], name: str, control: object) -> object:
    """The value a control starts at, as ipywidgets.interact chooses it.

    A widget starts at its own value; an abbreviation (a range tuple, a list or dict of options) at the
    function's default when it has one, else at the range's middle or the first option.
    """
    if hasattr(control, "value"):
        return control.value
    default = inspect.signature(draw).parameters[name].default
    if default is not inspect.Parameter.empty:
        return default
    if isinstance(control, tuple):
        return (control[0] + control[1]) / 2
    if isinstance(control, (list, dict)):
        return next(iter(control.values())) if isinstance(control, dict) else control[0]
    return control
