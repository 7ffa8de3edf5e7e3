"""Numerical helpers shared by notebooks and checkers: finite differences and error measures."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

EPS = np.finfo(np.float64).eps
# Step sizes that balance truncation against round-off error (notebook 02 derives them).
FORWARD_STEP = float(np.sqrt(EPS))  # about 1.5e-8: error O(h) + O(eps/h)
CENTRAL_STEP = float(np.cbrt(EPS))  # about 6.1e-6: error O(h^2) + O(eps/h)
RICHARDSON_STEP = float(EPS**0.2)  # about 7.4e-4: error O(h^4) + O(eps/h)


def derivative(
    f: Callable[[np.ndarray], np.ndarray],
    x: float | np.ndarray,
    h: float | None = None,
    method: str = "central",
) -> float | np.ndarray:
    """Finite-difference derivative of an elementwise function f at x (``central`` or ``forward``)."""
    x = np.asarray(x, dtype=np.float64)
    if method == "central":
        step = (CENTRAL_STEP if h is None else h) * np.maximum(1.0, np.abs(x))
        result = (f(x + step) - f(x - step)) / (2 * step)
    elif method == "forward":
        step = (FORWARD_STEP if h is None else h) * np.maximum(1.0, np.abs(x))
        result = (f(x + step) - f(x)) / step
    else:
        raise ValueError(f"method must be 'central' or 'forward', not {method!r}")
    return float(result) if np.ndim(result) == 0 else result


def numerical_gradient(
    f: Callable[..., float], x: float | np.ndarray, *rest: object, h: float | None = None
) -> float | np.ndarray:
    """Gradient of a scalar function f(x, *rest) with respect to x, in float64, by centred differences.

    Each partial derivative combines centred differences at steps h and h/2 by one Richardson step,
    (4 D(h/2) - D(h)) / 3, which cancels the O(h^2) error; the default h = eps**(1/5) * max(1, |x_i|)
    balances the remaining O(h^4) truncation error against round-off. Sample away from kinks.
    """
    x0 = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x0)
    base_step = RICHARDSON_STEP if h is None else h
    flat_x, flat_grad = x0.reshape(-1), grad.reshape(-1)

    def centred(i: int, step: float) -> float:
        original = flat_x[i]
        flat_x[i] = original + step
        f_plus = float(f(x0.copy(), *rest))
        flat_x[i] = original - step
        f_minus = float(f(x0.copy(), *rest))
        flat_x[i] = original
        return (f_plus - f_minus) / (2 * step)

    for i in range(flat_x.size):
        step = base_step * max(1.0, abs(flat_x[i]))
        flat_grad[i] = (4 * centred(i, step / 2) - centred(i, step)) / 3
    return float(grad) if grad.ndim == 0 else grad


def relative_error(a: float | np.ndarray, b: float | np.ndarray, floor: float = 1e-12) -> float:
    """Norm-wise relative error ||a - b|| / max(||a||, ||b||, floor); 0 when both are zero."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = max(float(np.linalg.norm(a)), float(np.linalg.norm(b)), floor)
    return float(np.linalg.norm(a - b)) / scale


def gradient_check(
    f: Callable[..., float],
    grad: Callable[..., float | np.ndarray],
    x: float | np.ndarray,
    *rest: object,
) -> float:
    """Relative error between grad(x, *rest) and the centred-difference gradient of f at x."""
    analytic = np.asarray(grad(np.array(x, dtype=np.float64), *rest), dtype=np.float64)
    numeric = np.asarray(numerical_gradient(f, x, *rest), dtype=np.float64)
    if analytic.shape != numeric.shape:
        raise ValueError(f"grad returned shape {analytic.shape}, expected {numeric.shape}")
    return relative_error(analytic, numeric)


def loglog_slope(x: np.ndarray, y: np.ndarray) -> float:
    """Least-squares slope of log(y) against log(x): the order p in y ~ C x^p."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1 or x.size < 2:
        raise ValueError("x and y must be 1-D arrays of the same length >= 2")
    if np.any(x <= 0) or np.any(y <= 0):
        raise ValueError("log-log slope needs strictly positive x and y")
    slope, _ = np.polyfit(np.log(x), np.log(y), 1)
    return float(slope)
