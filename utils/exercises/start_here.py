"""Exercises of notebook 00 (start here)."""

import numpy as np

from utils.checks import Case, Exercise, Mistake


def _mse_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])), "perfect predictions (error zero)"),
        Case((np.array([2.0, -1.0, 0.5, 4.0]), np.array([1.0, 1.0, -0.5, 3.0])), "a mix of positive and negative errors"),
        Case((np.array([-3.0, -1.0]), np.array([-1.0, -4.0])), "negative values"),
        Case((np.array([2.5e8, -1.0e8, 3.0e8]), np.array([2.0e8, 1.0e8, 3.5e8])), "large magnitudes"),
        Case((np.array([0.25]), np.array([-0.75])), "a batch of one sample"),
    ]
    randoms = [
        Case((rng.normal(size=n), rng.normal(size=n)), f"random predictions and targets, n = {n}")
        for n in (7, 50)
    ]
    return fixed + randoms


MEAN_SQUARED_ERROR = Exercise(
    exercise_id="00.1",
    name="mean_squared_error",
    reference=lambda predictions, targets: float(np.mean(np.square(predictions - targets))),
    cases=_mse_cases,
    mistakes=(
        Mistake(
            "sum instead of mean",
            lambda p, t: float(np.sum((p - t) ** 2)),
            "Average over the samples: use np.mean (or divide the sum by len(targets)).",
        ),
        Mistake(
            "differences not squared",
            lambda p, t: float(np.mean(p - t)),
            "Square each difference before averaging, otherwise positive and negative errors cancel.",
        ),
        Mistake(
            "absolute instead of squared",
            lambda p, t: float(np.mean(np.abs(p - t))),
            "That is the mean absolute error: square the differences instead of taking np.abs.",
        ),
        Mistake(
            "square of the mean",
            lambda p, t: float(np.mean(p - t) ** 2),
            "Square first, then average: np.mean((p - t) ** 2), not np.mean(p - t) ** 2.",
        ),
        Mistake(
            "missing parentheses",
            lambda p, t: float(np.mean(p - t**2)),
            "Operator precedence: p - t ** 2 squares only the targets. Write (predictions - targets) ** 2.",
        ),
        Mistake(
            "divided by n - 1",
            lambda p, t: float(np.sum((p - t) ** 2) / (len(t) - 1)) if len(t) > 1 else float("inf"),
            "Divide by the number of samples n, not n - 1 (np.mean does this for you).",
        ),
        Mistake(
            "root taken",
            lambda p, t: float(np.sqrt(np.mean((p - t) ** 2))),
            "That is the root-mean-squared error: leave out the square root.",
        ),
    ),
)

EXERCISES = (MEAN_SQUARED_ERROR,)
