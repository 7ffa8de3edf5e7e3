"""Unit tests of the scalar reverse-mode engine in utils.autodiff."""

import math

import numpy as np
import pytest
import sympy as sp

from utils.autodiff import Value, as_value, topological_order, value_sum
from utils.numerics import numerical_gradient


def _nested_sigmoid(x, w1, w2):
    return (w2 * (w1 * x).sigmoid()).sigmoid()


def test_nested_sigmoid_matches_sympy_and_finite_differences():
    x, w1, w2 = Value(2.0), Value(3.0), Value(4.0)
    out = _nested_sigmoid(x, w1, w2)
    out.backward()
    xs, a, b = sp.symbols("x w1 w2")
    sigma = lambda z: 1 / (1 + sp.exp(-z))  # noqa: E731
    expr = sigma(b * sigma(a * xs))
    point = {xs: 2, a: 3, b: 4}
    for value, symbol in [(x, xs), (w1, a), (w2, b)]:
        assert value.grad == pytest.approx(float(sp.diff(expr, symbol).subs(point)), abs=1e-12)
    numeric = numerical_gradient(lambda p: _nested_sigmoid(*map(Value, p)).data, np.array([2.0, 3.0, 4.0]))
    np.testing.assert_allclose([x.grad, w1.grad, w2.grad], numeric, rtol=1e-7, atol=1e-10)


def test_fan_out_accumulates():
    a = Value(3.0)
    b = a + a
    b.backward()
    assert a.grad == 2.0
    c = a * a
    c.backward()
    assert a.grad == 6.0  # backward starts from zero again


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda v: v - 1.5, 1.0),
        (lambda v: 2.0 - v, -1.0),
        (lambda v: v / 4.0, 0.25),
        (lambda v: 1.0 / v, -1 / 0.7**2),
        (lambda v: v**3, 3 * 0.7**2),
        (lambda v: v.exp(), math.exp(0.7)),
        (lambda v: v.log(), 1 / 0.7),
        (lambda v: v.tanh(), 1 - math.tanh(0.7) ** 2),
        (lambda v: v.relu(), 1.0),
        (lambda v: (-v).relu(), 0.0),
        (lambda v: 3 * v + 1, 3.0),
    ],
)
def test_each_operation_has_the_right_derivative(build, expected):
    v = Value(0.7)
    out = build(v)
    out.backward()
    assert v.grad == pytest.approx(expected, rel=1e-12)


def test_sigmoid_is_stable_for_large_inputs():
    assert Value(-1000.0).sigmoid().data == 0.0
    assert Value(1000.0).sigmoid().data == 1.0


def test_value_exponent_is_refused():
    with pytest.raises(TypeError, match="constant exponents"):
        Value(2.0) ** Value(3.0)


def test_topological_order_puts_parents_first_and_handles_deep_graphs():
    x = Value(1.0)
    y = x
    for _ in range(5000):  # deeper than the recursion limit
        y = y * 1.0001
    order = topological_order(y)
    position = {id(node): i for i, node in enumerate(order)}
    assert order[-1] is y and id(x) in position and len(position) == len(order)
    assert all(position[id(p)] < position[id(node)] for node in order for p in node.parents)
    y.backward()
    assert x.grad == pytest.approx(1.0001**5000)


def test_helpers():
    assert as_value(2).data == 2.0
    v = Value(1.0, label="v")
    assert as_value(v) is v and "v=1" in repr(v)
    total = value_sum([v, 2.0, v])
    total.backward()
    assert total.data == 4.0 and v.grad == 2.0


def test_power_edge_cases_give_clear_errors():
    zero = Value(0.0)
    (zero**0).backward()
    assert zero.grad == 0.0
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        1 / Value(0.0)
    with pytest.raises(ValueError, match="negative base"):
        Value(-2.0) ** 0.5
    assert (Value(-2.0) ** 2).data == 4.0
