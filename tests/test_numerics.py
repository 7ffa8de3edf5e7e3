"""Unit tests of utils.numerics."""

import numpy as np
import pytest

from utils import derivative, gradient_check, loglog_slope, numerical_gradient, relative_error


def test_central_derivative_of_cube_at_two_is_twelve():
    assert derivative(lambda x: x**3, 2.0) == pytest.approx(12.0, rel=1e-9)


def test_forward_derivative_is_less_accurate_than_central():
    forward_error = abs(derivative(np.exp, 1.0, method="forward") - np.e)
    central_error = abs(derivative(np.exp, 1.0) - np.e)
    assert central_error < forward_error < 1e-6


def test_derivative_is_elementwise_on_arrays():
    x = np.array([-1.0, 0.0, 2.0, 30.0])
    np.testing.assert_allclose(derivative(np.sin, x), np.cos(x), rtol=1e-8, atol=1e-9)


def test_derivative_rejects_unknown_method():
    with pytest.raises(ValueError, match="central"):
        derivative(np.sin, 0.0, method="backward")


def test_numerical_gradient_matches_analytic_and_leaves_input_alone():
    w = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.3]])
    before = w.copy()
    grad = numerical_gradient(lambda v, c: float(np.sum(c * v**2)), w, 3.0)
    np.testing.assert_allclose(grad, 6.0 * w, rtol=1e-8, atol=1e-9)
    np.testing.assert_array_equal(w, before)
    assert grad.shape == w.shape


def test_numerical_gradient_of_scalar_input_is_a_float():
    value = numerical_gradient(lambda x: float(np.sin(x)), 0.3)
    assert isinstance(value, float) and value == pytest.approx(np.cos(0.3), rel=1e-9)


def test_relative_error_basics():
    assert relative_error(1.0, 1.0) == 0.0
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 1e-3])) == pytest.approx(1e-3, rel=1e-6)
    assert relative_error(2.0, 1.0) == pytest.approx(0.5)


def test_gradient_check_separates_right_from_wrong():
    x = np.array([0.3, -1.2, 2.5])
    loss = lambda v: float(np.sum(np.sin(v) * v))  # noqa: E731
    right = lambda v: np.cos(v) * v + np.sin(v)  # noqa: E731
    wrong = lambda v: np.cos(v) * v  # noqa: E731
    assert gradient_check(loss, right, x) < 1e-8
    assert gradient_check(loss, wrong, x) > 1e-2


def test_gradient_check_rejects_wrong_shape():
    with pytest.raises(ValueError, match="shape"):
        gradient_check(lambda v: float(np.sum(v)), lambda v: np.ones((3, 1)), np.zeros(3))


def test_loglog_slope_recovers_power():
    h = np.logspace(-4, -1, 10)
    assert loglog_slope(h, 3.0 * h**2) == pytest.approx(2.0)


@pytest.mark.parametrize(("x", "y"), [([1.0], [1.0]), ([1.0, 2.0], [0.0, 1.0]), ([1.0, 2.0], [1.0, 2.0, 3.0])])
def test_loglog_slope_rejects_bad_input(x, y):
    with pytest.raises(ValueError):
        loglog_slope(np.array(x), np.array(y))
