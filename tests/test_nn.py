"""Unit tests of utils.nn: stable activations, softmax cross-entropy and its gradient, batching, Adam."""

import numpy as np
import pytest

from utils.nn import (
    Adam,
    accuracy,
    dense_backward,
    dense_forward,
    he_init,
    log_softmax,
    minibatches,
    one_hot,
    relu,
    relu_backward,
    sigmoid,
    softmax,
    softmax_cross_entropy,
)
from utils.numerics import numerical_gradient, relative_error


def test_sigmoid_is_stable_and_exact():
    z = np.array([-1000.0, -2.0, 0.0, 2.0, 1000.0])
    with np.errstate(over="raise", invalid="raise"):
        values = sigmoid(z)
    np.testing.assert_allclose(values[1:4], 1 / (1 + np.exp(-z[1:4])), rtol=1e-15)
    assert values[0] == 0.0 and values[-1] == 1.0


def test_softmax_rows_sum_to_one_even_for_huge_logits():
    logits = np.array([[1000.0, 1001.0, 999.0], [0.0, 0.0, 0.0]])
    with np.errstate(over="raise", invalid="raise"):
        probs = softmax(logits)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(probs[1], 1 / 3)
    np.testing.assert_allclose(log_softmax(logits), np.log(probs))


def test_one_hot_and_accuracy():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    assert accuracy(np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]), np.array([1, 0, 0])) == pytest.approx(2 / 3)


def test_cross_entropy_of_uniform_logits_is_log_k_and_gradient_is_p_minus_y_over_m():
    loss, grad = softmax_cross_entropy(np.zeros((4, 10)), np.array([0, 3, 9, 3]))
    assert loss == pytest.approx(np.log(10))
    assert grad.shape == (4, 10)
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-15)
    logits = np.random.default_rng(0).normal(size=(5, 4))
    labels = np.array([0, 1, 2, 3, 1])
    numeric = numerical_gradient(lambda z: softmax_cross_entropy(z, labels)[0], logits)
    assert relative_error(softmax_cross_entropy(logits, labels)[1], numeric) < 1e-7


def test_minibatches_cover_every_index_once():
    batches = list(minibatches(10, 4, np.random.default_rng(1)))
    assert [len(b) for b in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(10))


def test_adam_first_step_moves_each_coordinate_by_the_learning_rate_and_minimises_a_bowl():
    weights = np.array([3.0, -2.0])
    optimiser = Adam([weights], lr=0.1)
    optimiser.step([np.array([5.0, -0.01])])
    np.testing.assert_allclose(weights, [2.9, -1.9], rtol=1e-6)
    for _ in range(500):
        optimiser.step([2 * weights * np.array([1.0, 10.0])])
    assert np.abs(weights).max() < 1e-3
    with pytest.raises(ValueError, match="2 gradients for 1 parameters"):
        optimiser.step([weights, weights])


def test_dense_and_relu_backward_match_finite_differences():
    rng = np.random.default_rng(2)
    x, weights, bias = rng.normal(size=(3, 4)), rng.normal(size=(4, 2)), rng.normal(size=2)
    upstream = rng.normal(size=(3, 2))

    def loss(x, weights, bias):
        return float(np.sum(relu(dense_forward(x, weights, bias)) * upstream))

    z = dense_forward(x, weights, bias)
    dx, dw, db = dense_backward(x, weights, relu_backward(z, upstream))
    assert relative_error(dx, numerical_gradient(lambda v: loss(v, weights, bias), x)) < 1e-7
    assert relative_error(dw, numerical_gradient(lambda v: loss(x, v, bias), weights)) < 1e-7
    assert relative_error(db, numerical_gradient(lambda v: loss(x, weights, v), bias)) < 1e-7


def test_he_init_has_the_he_scale():
    weights = he_init(np.random.default_rng(0), 200, 300)
    assert weights.shape == (200, 300)
    assert weights.std() == pytest.approx(np.sqrt(2 / 200), rel=0.02)
