"""Exercises of notebook 02 (derivatives)."""

import numpy as np

from utils.checks import Case, Exercise, Mistake
from utils.exercises.limits import difference_cases
from utils.numerics import derivative

RELATIVE_STEP_HINT = (
    "utils.derivative multiplies h by max(1, |x|) (a relative step), so it does not use the h given here: "
    "write the quotient yourself."
)


def _central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def _forward(f, x, h):
    return (f(x + h) - f(x)) / h


CENTRAL_DIFFERENCE = Exercise(
    exercise_id="02.1",
    name="central_difference",
    reference=_central,
    cases=difference_cases,
    mistakes=(
        Mistake(
            "missing factor 2",
            lambda f, x, h: (f(x + h) - f(x - h)) / h,
            "The points x - h and x + h are 2h apart: divide by 2 * h, not by h.",
        ),
        Mistake(
            "multiplied by h",
            lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h,
            "Operator precedence: `/ 2 * h` divides by 2 and then multiplies by h. Write `/ (2 * h)`.",
        ),
        Mistake(
            "forward difference",
            _forward,
            "That is the forward quotient (f(x + h) - f(x)) / h; the central one uses f(x + h) and f(x - h).",
        ),
        Mistake(
            "reversed difference",
            lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h),
            "The sign is flipped: subtract f(x - h) from f(x + h).",
        ),
        Mistake("utils.derivative used", lambda f, x, h: derivative(f, x, h=h), RELATIVE_STEP_HINT),
    ),
)


COMPLEX_STEP = Exercise(
    exercise_id="02.2",
    name="complex_step",
    reference=lambda f, x, h: np.imag(f(x + 1j * h)) / h,
    cases=difference_cases,
    mistakes=(
        Mistake(
            "real part",
            lambda f, x, h: np.real(f(x + 1j * h)) / h,
            "The derivative sits in the imaginary part: use np.imag(f(x + 1j * h)) / h.",
        ),
        Mistake(
            "no division by h",
            lambda f, x, h: np.imag(f(x + 1j * h)),
            "Im f(x + ih) is about h f'(x): divide it by h.",
        ),
        Mistake(
            "absolute value",
            lambda f, x, h: np.abs(f(x + 1j * h)) / h,
            "np.abs gives the modulus of the complex number, not its imaginary part: use np.imag.",
        ),
        Mistake(
            "divided by 2h",
            lambda f, x, h: np.imag(f(x + 1j * h)) / (2 * h),
            "The complex step evaluates f at one point only, x + ih, so divide by h, not 2h.",
        ),
        Mistake(
            "no imaginary step",
            lambda f, x, h: np.imag(f(x + h)) / h,
            "Step into the complex plane: evaluate f(x + 1j * h); f(x + h) is real, so its imaginary part is 0.",
        ),
    ),
)


def _richardson(f, x, h):
    return (4 * _central(f, x, h / 2) - _central(f, x, h)) / 3


RICHARDSON = Exercise(
    exercise_id="02.3",
    name="richardson",
    reference=_richardson,
    cases=difference_cases,
    mistakes=(
        Mistake(
            "weights swapped",
            lambda f, x, h: (4 * _central(f, x, h) - _central(f, x, h / 2)) / 3,
            "The weight 4 belongs to the estimate with the SMALLER step: (4 D(h/2) - D(h)) / 3.",
        ),
        Mistake(
            "plain average",
            lambda f, x, h: (_central(f, x, h / 2) + _central(f, x, h)) / 2,
            "Averaging does not cancel the h^2 error term; the combination (4 D(h/2) - D(h)) / 3 does.",
        ),
        Mistake(
            "forward quotients",
            lambda f, x, h: (4 * _forward(f, x, h / 2) - _forward(f, x, h)) / 3,
            "Build the extrapolation from CENTRAL quotients D(h) = (f(x + h) - f(x - h)) / (2h).",
        ),
        Mistake(
            "utils.derivative used",
            lambda f, x, h: (4 * derivative(f, x, h=h / 2) - derivative(f, x, h=h)) / 3,
            RELATIVE_STEP_HINT,
        ),
        Mistake(
            "divided by 4",
            lambda f, x, h: (4 * _central(f, x, h / 2) - _central(f, x, h)) / 4,
            "The weights 4 and -1 add up to 3, so divide by 3 (the result must equal f' when both estimates do).",
        ),
        Mistake(
            "only D(h) divided by 3",
            lambda f, x, h: 4 * _central(f, x, h / 2) - _central(f, x, h) / 3,
            "Operator precedence: 4 * D(h/2) - D(h) / 3 divides only D(h) by 3. Put the numerator in parentheses: "
            "(4 * D(h/2) - D(h)) / 3.",
        ),
        Mistake(
            "steps h and 2h",
            lambda f, x, h: (4 * _central(f, x, h) - _central(f, x, 2 * h)) / 3,
            "That combines the steps h and 2h. This exercise uses h / 2 and h: (4 * D(h / 2) - D(h)) / 3, "
            "with D(s) = (f(x + s) - f(x - s)) / (2 * s).",
        ),
    ),
)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid without overflow: exp only ever sees a non-positive argument."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([0.0, 2.0, -2.0]),), "z = 0, 2, -2 (the true slope at 2 is 0.104994)"),
        Case((np.array([[-3.0, 0.5, 1.5], [4.0, -0.25, 6.0]]),), "a (2, 3) array: the shape must be kept"),
        Case((np.array([0.75]),), "a batch of one value"),
        Case((np.array([-40.0, 40.0, 12.0]),), "saturated inputs, +-40"),
        Case((np.array([-1000.0, 1000.0]),), "huge inputs, +-1000 (nothing may overflow)"),
    ]
    return fixed + [Case((4.0 * rng.normal(size=7),), "7 random z")]


SIGMOID_DERIVATIVE = Exercise(
    exercise_id="02.4",
    name="sigmoid_grad_from_input",
    reference=lambda z: _sigmoid(z) * (1.0 - _sigmoid(z)),
    cases=_sigmoid_cases,
    gradient_of=lambda z: float(np.sum(_sigmoid(z))),
    warning_hint="An intermediate value overflowed (see the warning), e.g. np.exp(-z) at z = -1000. Compute the "
    "sigmoid stably: np.exp(-np.logaddexp(0, -z)). If you use np.where, remember that it computes BOTH "
    "branches on every element, so each branch must be safe on its own (use np.exp(-np.abs(z))).",
    mistakes=(
        Mistake(
            "output formula applied to the input",
            lambda z: z * (1.0 - z),
            "z * (1 - z) is the from-OUTPUT formula applied to the input, a mix-up common in tutorials. From the input, "
            "compute s = sigmoid(z) first and return s * (1 - s).",
        ),
        Mistake(
            "sign error",
            lambda z: _sigmoid(z) * (1.0 + _sigmoid(z)),
            "Check the sign: the slope is s * (1 - s), which is never more than 1/4.",
        ),
        Mistake(
            "sigmoid itself",
            _sigmoid,
            "That is sigmoid(z) itself; return its derivative s * (1 - s) with s = sigmoid(z).",
        ),
        Mistake(
            "sigmoid applied twice",
            lambda z: _sigmoid(_sigmoid(z)) * (1.0 - _sigmoid(_sigmoid(z))),
            "The sigmoid was applied twice: with s = sigmoid(z), return s * (1 - s), not the same formula "
            "evaluated at sigmoid(s).",
        ),
    ),
)


def _softplus_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([0.0, 1.0, -1.0, 2.0]),), "z = 0, 1, -1, 2 (softplus(0) = log 2)"),
        Case((np.array([-30.0, -50.0, -100.0]),), "very negative z: the answers are tiny but not zero"),
        Case((np.array([30.0, 1000.0, 1e5]),), "large z: the answers are about z (nothing may overflow)"),
        Case((np.array([0.5]),), "a batch of one value"),
    ]
    return fixed + [Case((5.0 * rng.normal(size=(3, 4)),), "random z of shape (3, 4)")]


SOFTPLUS = Exercise(
    exercise_id="02.5",
    name="softplus",
    reference=lambda z: np.logaddexp(0.0, z),
    cases=_softplus_cases,
    atol=0.0,  # purely relative: softplus(-100) = 3.7e-44 must not be answered with 0
    warning_hint="np.exp(z) overflows for z = 1000. Use softplus(z) = np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))): "
    "its exp never sees a positive argument.",
    mistakes=(
        Mistake(
            "log(1 + e^z) loses tiny values",
            lambda z: np.log(1.0 + np.exp(z)),
            "np.log(1 + np.exp(z)) loses accuracy for very negative z, where 1 + e^z rounds towards 1 (from "
            "z = -37 on it gives exactly 0, e.g. at z = -100 instead of 3.7e-44), and overflows for large z "
            "(np.exp(1000) is inf). Use np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))).",
        ),
        Mistake(
            "exp overflows",
            lambda z: np.log1p(np.exp(z)),
            "np.exp(z) overflows to inf for z = 1000. Rewrite as np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))).",
        ),
        Mistake(
            "log instead of log1p",
            lambda z: np.maximum(z, 0.0) + np.log(1.0 + np.exp(-np.abs(z))),
            "np.log(1 + u) loses tiny u (for z = -100, u = e^-100 vanishes next to 1): use np.log1p(u).",
        ),
        Mistake(
            "np.max instead of np.maximum",
            lambda z: np.max(z, 0) + np.log1p(np.exp(-np.abs(z))),
            "np.max(z, 0) is the largest entry along axis 0; the elementwise maximum of z and 0 is np.maximum(z, 0).",
        ),
        Mistake(
            "exp(-z) instead of exp(-|z|)",
            lambda z: np.maximum(z, 0.0) + np.log1p(np.exp(-z)),
            "In the stable formula the exponent is -|z|, not -z: np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))). "
            "With np.exp(-z) the formula is wrong for z < 0 and overflows for z = -1000.",
        ),
        Mistake(
            "ReLU instead",
            lambda z: np.maximum(z, 0.0),
            "That is ReLU, the limit softplus approaches far from 0; softplus(0) is log 2, not 0.",
        ),
    ),
)

EXERCISES = (CENTRAL_DIFFERENCE, COMPLEX_STEP, RICHARDSON, SIGMOID_DERIVATIVE, SOFTPLUS)
