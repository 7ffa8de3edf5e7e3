"""Vectorised neural-network pieces shared by notebooks 07-10; each is derived in a notebook before it is used."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + e^-z), without overflow for large |z|."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))


def log_softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """log softmax along ``axis``, computed as z - logsumexp(z) with the maximum subtracted first."""
    logits = np.asarray(logits, dtype=np.float64)
    shifted = logits - logits.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """Probabilities exp(z) / sum exp(z) along ``axis``, stable for large logits."""
    return np.exp(log_softmax(logits, axis))


def relu(z: np.ndarray) -> np.ndarray:
    """max(z, 0) elementwise."""
    return np.maximum(z, 0.0)


def relu_backward(z: np.ndarray, grad_out: np.ndarray) -> np.ndarray:
    """The gradient through ReLU: ``grad_out`` where the pre-activation z > 0, else 0 (the subgradient 0 at z = 0)."""
    return grad_out * (z > 0)


def he_init(rng: np.random.Generator, fan_in: int, fan_out: int) -> np.ndarray:
    """A (fan_in, fan_out) weight matrix drawn from N(0, 2 / fan_in), He et al.'s scale for ReLU layers."""
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


def dense_forward(x: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """An affine layer on a batch: x (m, n_in) @ weights (n_in, n_out) + bias (n_out,) -> (m, n_out)."""
    return x @ weights + bias


def dense_backward(
    x: np.ndarray, weights: np.ndarray, grad_out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of an affine layer from dL/d(output) (m, n_out): (dL/dx, dL/dweights, dL/dbias)."""
    return grad_out @ weights.T, x.T @ grad_out, grad_out.sum(axis=0)


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Integer labels (m,) -> float64 indicator rows (m, n_classes)."""
    labels = np.asarray(labels)
    encoded = np.zeros((labels.size, n_classes))
    encoded[np.arange(labels.size), labels.ravel()] = 1.0
    return encoded


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of softmax(logits) (m, k) against integer labels (m,), and its gradient (p - y) / m."""
    log_probs = log_softmax(logits, axis=1)
    m, n_classes = log_probs.shape
    loss = -log_probs[np.arange(m), labels].mean()
    grad = (np.exp(log_probs) - one_hot(labels, n_classes)) / m
    return float(loss), grad


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float:
    """The fraction of rows whose largest logit (or probability) is at the true label."""
    return float(np.mean(np.argmax(logits, axis=1) == np.asarray(labels)))


def minibatches(n: int, batch_size: int, rng: np.random.Generator) -> Iterator[np.ndarray]:
    """Index arrays covering a fresh random permutation of ``range(n)`` in batches of ``batch_size``."""
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


class Adam:
    """Adam (Kingma and Ba, 2015): updates a list of float arrays in place, one ``step(grads)`` per batch."""

    def __init__(
        self,
        params: Sequence[np.ndarray],
        lr: float = 1e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        self.params = list(params)
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.first_moments = [np.zeros_like(p) for p in self.params]
        self.second_moments = [np.zeros_like(p) for p in self.params]
        self.steps = 0

    def step(self, grads: Sequence[np.ndarray]) -> None:
        """Move every parameter against its bias-corrected, per-coordinate rescaled gradient."""
        if len(grads) != len(self.params):
            raise ValueError(f"got {len(grads)} gradients for {len(self.params)} parameters")
        self.steps += 1
        correction1 = 1 - self.beta1**self.steps
        correction2 = 1 - self.beta2**self.steps
        for param, grad, first, second in zip(self.params, grads, self.first_moments, self.second_moments):
            first *= self.beta1
            first += (1 - self.beta1) * grad
            second *= self.beta2
            second += (1 - self.beta2) * grad**2
            param -= self.lr * (first / correction1) / (np.sqrt(second / correction2) + self.eps)
