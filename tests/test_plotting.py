"""Unit tests of utils.plotting."""

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from utils import (
    PALETTE,
    decorate,
    interact_plot,
    plot_computational_graph,
    plot_convergence,
    plot_secant_tangent,
    plot_surface_and_contour,
    use_course_style,
)
from utils.autodiff import Value


@pytest.fixture(autouse=True)
def _restore_style():
    with mpl.rc_context():
        yield
    plt.close("all")


def test_course_style_sets_the_palette():
    use_course_style()
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == list(PALETTE.values())
    assert mpl.rcParams["axes.grid"] is True


def test_palette_is_okabe_ito():
    assert set(PALETTE.values()) == {
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"
    }


def test_decorate_sets_labels_and_legend():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="line")
    assert decorate(ax, title="T", xlabel="x", ylabel="y", xlim=(0, 2)) is ax
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("T", "x", "y")
    assert ax.get_xlim() == (0.0, 2.0) and ax.get_legend() is not None


def test_decorate_skips_legend_without_labels():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    decorate(ax, title="T")
    assert ax.get_legend() is None


def test_secant_tangent_returns_the_secant_slope_and_draws_three_curves():
    fig, ax = plt.subplots()
    slope = plot_secant_tangent(ax, lambda x: x**2, 1.0, 0.5, xlim=(-1, 3))
    assert slope == pytest.approx(2.5)
    assert len(ax.get_lines()) == 4  # f, secant, tangent, the two points
    assert "2.0000" in ax.get_lines()[2].get_label()


def test_surface_and_contour_returns_two_axes():
    fig, surface_ax, contour_ax = plot_surface_and_contour(lambda x, y: x**2 + y**2, (-1, 1), (-1, 1), n=21)
    assert surface_ax.name == "3d" and contour_ax.name == "rectilinear"
    assert contour_ax.get_xlabel() == "x" and surface_ax.get_zlabel() == "f(x, y)"


def test_convergence_plot_fits_and_labels_the_slope():
    fig, ax = plt.subplots()
    h = np.logspace(-5, -1, 9)
    slope = plot_convergence(ax, h, 0.5 * h**2, label="central")
    assert slope == pytest.approx(2.0)
    assert "slope 2.00" in ax.get_lines()[0].get_label()
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"


def test_convergence_plot_fits_only_the_chosen_range():
    fig, ax = plt.subplots()
    h = np.logspace(-8, -1, 8)
    errors = np.where(h > 1e-5, h, 1e-16 / h)  # V shape: slope 1 right, -1 left
    assert plot_convergence(ax, h, errors, fit=h > 1e-5) == pytest.approx(1.0)


def test_computational_graph_draws_every_node_with_values_and_grads():
    fig, ax = plt.subplots()
    x, w = Value(2.0, label="x"), Value(3.0, label="w")
    out = (w * x).sigmoid()
    out.backward()
    assert plot_computational_graph(ax, out) == 4
    texts = [text.get_text() for text in ax.texts]
    assert any(t.startswith("x\n2") and "grad" in t for t in texts) and any(t.startswith("sigmoid") for t in texts)
    assert not ax.axison


def test_interact_plot_calls_the_function_and_shows_no_return_value(capsys, monkeypatch):
    monkeypatch.delenv("COURSE_STATIC_WIDGETS", raising=False)
    import ipywidgets

    calls = []

    def draw(a=1.0):
        calls.append(a)
        return "RETURNED"

    assert interact_plot(draw, a=ipywidgets.FloatSlider(value=0.5, min=0.0, max=1.0)) is None
    assert calls == [0.5]
    assert "RETURNED" not in capsys.readouterr().out


def test_interact_plot_draws_once_with_initial_values_when_static(monkeypatch):
    import ipywidgets

    monkeypatch.setenv("COURSE_STATIC_WIDGETS", "1")
    calls = []

    def draw(a=0.9, b=2.0, c=0.0, name="x"):  # a widget's own value wins over the default, as in interact
        calls.append((a, b, c, name))

    interact_plot(draw, a=ipywidgets.FloatSlider(value=0.25), b=(0.0, 10.0, 0.5), c=(-1.0, 3.0), name=["y", "z"])
    assert calls == [(0.25, 2.0, 0.0, "x")]
    calls.clear()

    def draw_without_defaults(c, name):
        calls.append((c, name))

    interact_plot(draw_without_defaults, c=(-1.0, 3.0), name=["y", "z"])
    assert calls == [(1.0, "y")]
