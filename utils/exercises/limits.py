"""Exercises of notebook 01 (limits)."""

import numpy as np

from utils.checks import Case, Exercise, Mistake


def _left_limit_of_sign() -> float:
    import sympy as sp  # imported here so that importing utils stays fast

    x = sp.symbols("x", real=True)
    return float(sp.limit(sp.Abs(x) / x, x, 0, dir="-"))


LEFT_LIMIT = Exercise(
    exercise_id="01.1",
    name="left_limit",
    reference=_left_limit_of_sign,
    cases=lambda rng: [Case((), "the left-hand limit of |x|/x at 0")],
    is_value=True,
    mistakes=(
        Mistake(
            "sympy's default direction",
            lambda: 1.0,
            "1 is the limit from the right: sympy.limit approaches from the right unless you pass dir='-'.",
        ),
        Mistake(
            "value at the point",
            lambda: float("nan"),
            "|x|/x is undefined at 0 itself; the limit asks about points near 0, not the point.",
        ),
    ),
)


def _stable_softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    scaled = logits / temperature
    shifted = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _naive_softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    exps = np.exp(logits / temperature)
    return exps / exps.sum(axis=-1, keepdims=True)


def _softmax_wrong_axis(logits: np.ndarray, temperature: float) -> np.ndarray:
    scaled = logits / temperature
    shifted = np.exp(scaled - scaled.max(axis=0, keepdims=True))
    return shifted / shifted.sum(axis=0, keepdims=True)


def _softmax_no_keepdims(logits: np.ndarray, temperature: float) -> np.ndarray:
    scaled = logits / temperature
    shifted = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1)


def _softmax_max_without_keepdims(logits: np.ndarray, temperature: float) -> np.ndarray:
    scaled = logits / temperature
    shifted = np.exp(scaled - scaled.max(axis=-1))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _softmax_global_max(logits: np.ndarray, temperature: float) -> np.ndarray:
    scaled = logits / temperature
    shifted = np.exp(scaled - scaled.max())
    return shifted / shifted.sum(axis=-1, keepdims=True)


def _softmax_batch_sum(logits: np.ndarray, temperature: float) -> np.ndarray:
    scaled = logits / temperature
    shifted = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    return shifted / shifted.sum()


def _softmax_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.zeros((2, 3)), 1.0), "all-zero logits of shape (2, 3), T = 1 (answer: uniform rows)"),
        Case((np.array([[-1.0, -2.0, -3.0, -4.0, -5.0], [2.0, 0.0, -2.0, 1.0, 3.0], [0.5, 0.5, 0.5, 0.5, 0.6]]), 1.0),
             "negative and mixed logits of shape (3, 5), T = 1"),
        Case((np.array([[1.0, 2.0, 3.0, 4.0]]), 0.05), "a batch of one row, T = 0.05 (nearly one-hot)"),
        Case((np.array([[1.0, 2.0, 3.0], [3.0, 1.0, 2.0]]), 1000.0), "T = 1000 (nearly uniform)"),
        Case((np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]]), 1.0), "large logits (+-1000), T = 1"),
        Case((np.array([[-1000.0, -999.0], [1000.0, 1001.0]]), 1.0), "rows whose maxima differ by 2000, T = 1"),
    ]
    randoms = [Case((3.0 * rng.normal(size=(4, 6)), t), f"random logits of shape (4, 6), T = {t}") for t in (0.5, 2.0)]
    return fixed + randoms


SOFTMAX = Exercise(
    exercise_id="01.2",
    name="softmax",
    reference=_stable_softmax,
    cases=_softmax_cases,
    warning_hint="Subtract each row's maximum before np.exp so that nothing overflows.",
    mistakes=(
        Mistake(
            "no max subtraction",
            _naive_softmax,
            "np.exp overflows for large logits (e^1000 is inf). Subtract each row's maximum first: "
            "softmax(z) equals softmax(z - max(z)).",
        ),
        Mistake(
            "wrong axis",
            _softmax_wrong_axis,
            "Each row (one example) must sum to 1: take max and sum over the last axis (axis=-1), not axis=0.",
        ),
        Mistake(
            "reduction without keepdims",
            _softmax_no_keepdims,
            "Keep the reduced axis in both .max and .sum (keepdims=True): a result of shape (batch, 1) "
            "lines up with the rows, one of shape (batch,) does not.",
        ),
        Mistake(
            "max without keepdims",
            _softmax_max_without_keepdims,
            "Subtract each row's maximum with .max(axis=-1, keepdims=True): without keepdims the maxima have shape "
            "(batch,) and line up with the columns instead of the rows.",
        ),
        Mistake(
            "one maximum for the whole batch",
            _softmax_global_max,
            "Subtract each row's own maximum (.max(axis=-1, keepdims=True)), not one maximum for the whole "
            "batch: a row far below the overall maximum underflows to 0/0.",
        ),
        Mistake(
            "one sum for the whole batch",
            lambda z, t: np.exp(z / t) / np.exp(z / t).sum(),
            "Each row must sum to 1 on its own: sum over the last axis with .sum(axis=-1, keepdims=True), "
            "after subtracting each row's maximum.",
        ),
        Mistake(
            "one sum for the whole batch, after the max subtraction",
            _softmax_batch_sum,
            "Each row must sum to 1: divide by each row's own sum, e.sum(axis=-1, keepdims=True), not by e.sum(), "
            "which adds up the whole batch.",
        ),
        Mistake(
            "temperature ignored",
            lambda z, t: _stable_softmax(z, 1.0),
            "Divide the logits by the temperature before exponentiating.",
        ),
        Mistake(
            "multiplied by temperature",
            lambda z, t: _stable_softmax(z, 1.0 / t),
            "Divide by the temperature, don't multiply: a small T should make the output sharper.",
        ),
    ),
)


def _exp_ratio(x: np.ndarray) -> np.ndarray:
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 1.0, np.expm1(x) / safe)


def _exp_ratio_cancelling(x: np.ndarray) -> np.ndarray:
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 1.0, (np.exp(x) - 1.0) / safe)


def _exp_ratio_naive(x: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (np.exp(x) - 1) / x


def _exp_ratio_gap_zero(x: np.ndarray) -> np.ndarray:
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 0.0, np.expm1(x) / safe)


def _exp_ratio_gap_open(x: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.expm1(x) / x


def _exp_ratio_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([1.0, -1.0, 2.0]),), "x = 1, -1, 2 (answers e - 1, 1 - 1/e, (e^2 - 1)/2)"),
        Case((np.array([1e-5, 1e-10, -1e-12, 1e-300]),), "tiny x, both signs (the answers are all close to 1)"),
        Case((np.array([-3.0, 0.0, 3.0]),), "x = 0 in the middle (the removable gap)"),
        Case((np.array([50.0, -50.0, 700.0]),), "large magnitudes"),
        Case((np.array([0.0]),), "a batch of one value, x = 0"),
    ]
    signs = rng.choice([-1.0, 1.0], size=8)
    return fixed + [Case((signs * 10.0 ** rng.uniform(-15, 0, size=8),), "8 random x, 1e-15 <= |x| <= 1")]


EXP_RATIO = Exercise(
    exercise_id="01.3",
    name="exp_ratio",
    reference=_exp_ratio,
    cases=_exp_ratio_cases,
    warning_hint="np.where computes both branches, so x / 0 still runs: divide by a safe denominator, "
    "np.where(x == 0, 1.0, x).",
    mistakes=(
        Mistake(
            "cancellation in exp(x) - 1",
            _exp_ratio_cancelling,
            "For tiny x, np.exp(x) rounds to 1 plus a few eps and the subtraction keeps only that rounding. "
            "np.expm1(x) computes e^x - 1 without ever forming e^x.",
        ),
        Mistake(
            "gap left open",
            _exp_ratio_gap_open,
            "At x = 0 the formula is 0/0: fill the removable gap with its limit, 1, using np.where, and divide "
            "by a safe denominator so that nothing warns.",
        ),
        Mistake(
            "naive formula",
            _exp_ratio_naive,
            "(np.exp(x) - 1) / x cancels for tiny x: np.exp(x) rounds to 1 plus a few eps and the subtraction "
            "keeps only that rounding. Use np.expm1(x) / x, and at x = 0 (where the formula is 0/0) return the "
            "limit 1 with np.where and a safe denominator.",
        ),
        Mistake(
            "gap filled with 0",
            _exp_ratio_gap_zero,
            "At x = 0 fill the gap with the LIMIT of (e^x - 1)/x, which is 1 (not 0): the function must be "
            "continuous there.",
        ),
        Mistake(
            "returns the limit",
            np.ones_like,
            "1 is the limit at x = 0 only; everywhere else return (e^x - 1) / x.",
        ),
    ),
)


def _cube(x: np.ndarray) -> np.ndarray:
    return x**3 - 2 * x**2 + x + 1


def difference_cases(rng: np.random.Generator) -> list[Case]:
    """f, x and an array of steps h: shared by the difference-quotient exercises of notebooks 01 and 02."""
    fixed = [
        Case((np.exp, -1.0, np.array([0.5, 0.05])), "f = np.exp, x = -1, h = 0.5, 0.05"),
        Case((np.sin, 0.0, np.array([0.1, 0.01, 0.001])), "f = np.sin, x = 0, h = 0.1, 0.01, 0.001"),
        Case((_cube, 2.0, np.array([-0.1, 0.1, -0.01])), "f(x) = x^3 - 2x^2 + x + 1, x = 2, negative and positive h"),
        Case((np.cos, 1000.0, np.array([1e-3])), "f = np.cos, a large x = 1000, a single h"),
    ]
    x = float(rng.uniform(-2, 2))
    steps = 10.0 ** -rng.uniform(1, 5, size=6)
    return fixed + [Case((_cube, x, steps), f"f(x) = x^3 - 2x^2 + x + 1, x = {x:.4f}, 6 random h")]


FORWARD_DIFFERENCE = Exercise(
    exercise_id="01.4",
    name="forward_difference",
    reference=lambda f, x, h: (f(x + h) - f(x)) / h,
    cases=difference_cases,
    mistakes=(
        Mistake(
            "no division by h",
            lambda f, x, h: f(x + h) - f(x),
            "Divide the rise f(x + h) - f(x) by the run h.",
        ),
        Mistake(
            "missing parentheses",
            lambda f, x, h: f(x + h) - f(x) / h,
            "Operator precedence: f(x + h) - f(x) / h divides only f(x). Write (f(x + h) - f(x)) / h.",
        ),
        Mistake(
            "central difference without the 2",
            lambda f, x, h: (f(x + h) - f(x - h)) / h,
            "That uses f(x - h): this exercise asks for the forward quotient (f(x + h) - f(x)) / h.",
        ),
        Mistake(
            "centred difference",
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            "That is the centred quotient (f(x + h) - f(x - h)) / (2h), a better estimate that notebook 02 "
            "studies; this exercise asks for the forward quotient (f(x + h) - f(x)) / h.",
        ),
        Mistake(
            "reversed difference",
            lambda f, x, h: (f(x) - f(x + h)) / h,
            "The sign is flipped: the forward quotient is (f(x + h) - f(x)) / h.",
        ),
    ),
)


def _ratio_xy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return x * y / (x**2 + y**2)


def _ratio_xy2(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return x * y**2 / (x**2 + y**4)


def _line_cases(rng: np.random.Generator) -> list[Case]:
    t = np.array([1.0, 0.1, 0.01])
    fixed = [
        Case((_ratio_xy, 1.0, t), "f = xy/(x^2+y^2), m = 1, t = 1, 0.1, 0.01"),
        Case((_ratio_xy2, 2.0, t), "f = xy^2/(x^2+y^4), m = 2, t = 1, 0.1, 0.01"),
        Case((_ratio_xy2, -3.0, -t), "f = xy^2/(x^2+y^4), m = -3, negative t"),
        Case((_ratio_xy, 0.0, t), "f = xy/(x^2+y^2), m = 0 (along the x-axis)"),
        Case((_ratio_xy2, 0.5, np.array([1e3])), "f = xy^2/(x^2+y^4), m = 0.5, a single large t"),
    ]
    m = float(rng.uniform(-4, 4))
    return fixed + [Case((_ratio_xy2, m, rng.uniform(-1, 1, size=5)), f"f = xy^2/(x^2+y^4), m = {m:.4f}, 5 random t")]


ALONG_LINE = Exercise(
    exercise_id="01.5",
    name="along_line",
    reference=lambda f, m, t: f(t, m * t),
    cases=_line_cases,
    mistakes=(
        Mistake(
            "coordinates swapped",
            lambda f, m, t: f(m * t, t),
            "On the line y = m x the point at parameter t is (x, y) = (t, m t): call f(t, m * t).",
        ),
        Mistake(
            "slope used as y",
            lambda f, m, t: f(t, m + 0 * t),
            "On the line y = m x the y-coordinate is m * t, not m.",
        ),
    ),
)

EXERCISES = (LEFT_LIMIT, SOFTMAX, EXP_RATIO, FORWARD_DIFFERENCE, ALONG_LINE)
