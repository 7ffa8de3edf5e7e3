"""Exercises of notebook 06 (integrals and probability)."""

import math

import numpy as np

from utils.checks import Case, Exercise, Mistake

RULES = ("left", "right", "midpoint")


def _bump(x):
    """1 + x sin x, the running example of notebook 06."""
    return 1.0 + x * np.sin(x)


def _cubic(x):
    return x**3 - 2.0 * x + 1.0


def _parabola(x):
    return x**2 - 2.0


def _riemann_nodes(a, b, n, rule):
    width = (b - a) / n
    offset = {"left": 0.0, "right": 1.0, "midpoint": 0.5}[rule]
    return a + width * (np.arange(n) + offset), width


def _riemann(f, a, b, n, rule):
    nodes, width = _riemann_nodes(a, b, n, rule)
    return float(width * np.sum(f(nodes)))


def _riemann_all_points(f, a, b, n, rule):
    width = (b - a) / n
    return float(width * np.sum(f(np.linspace(a, b, n + 1))))


def _riemann_wrong_width(f, a, b, n, rule):
    nodes, _ = _riemann_nodes(a, b, n, rule)
    return float((b - a) / (n - 1) * np.sum(f(nodes)))


def _riemann_swapped(f, a, b, n, rule):
    swapped = {"left": "right", "right": "left"}.get(rule, rule)
    return _riemann(f, a, b, n, swapped)


def _riemann_midpoint_at_left(f, a, b, n, rule):
    return _riemann(f, a, b, n, "left" if rule == "midpoint" else rule)


def _riemann_midpoint_at_right(f, a, b, n, rule):
    return _riemann(f, a, b, n, "right" if rule == "midpoint" else rule)


def _riemann_no_width(f, a, b, n, rule):
    nodes, _ = _riemann_nodes(a, b, n, rule)
    return float(np.sum(f(nodes)))


def _riemann_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((_bump, 0.0, 3.0, 4, "left"), "1 + x sin x on [0, 3], n = 4, left rule"),
        Case((_bump, 0.0, 3.0, 4, "right"), "1 + x sin x on [0, 3], n = 4, right rule"),
        Case((_bump, 0.0, 3.0, 4, "midpoint"), "1 + x sin x on [0, 3], n = 4, midpoint rule"),
        Case((_cubic, -2.0, 1.5, 7, "right"), "a cubic on [-2, 1.5] (negative x and values), n = 7, right rule"),
        Case((_parabola, -3.0, -1.0, 1, "midpoint"), "x^2 - 2 on [-3, -1] with a single rectangle (n = 1)"),
        Case((np.cos, 0.0, 1000.0, 5000, "left"), "cos on the long interval [0, 1000], n = 5000, left rule"),
    ]
    random = []
    for k in range(3):
        a = float(rng.uniform(-2.0, 0.0))
        b = a + float(rng.uniform(0.5, 3.0))
        n = int(rng.integers(2, 40))
        rule = RULES[k]
        random.append(Case((np.exp, a, b, n, rule), f"exp on a random interval, n = {n}, {rule} rule"))
    return fixed + random


RIEMANN_SUM = Exercise(
    exercise_id="06.1",
    name="riemann_sum",
    reference=_riemann,
    cases=_riemann_cases,
    mistakes=(
        Mistake(
            "n points from a to b",
            lambda f, a, b, n, rule: float((b - a) / n * np.sum(f(np.linspace(a, b, n)))),
            "np.linspace(a, b, n) puts n points on [a, b] including both ends, so they are neither left ends, "
            "right ends nor midpoints of the n pieces. Use a + (b - a) / n * (np.arange(n) + offset) with "
            "offset 0, 1 or 0.5.",
        ),
        Mistake(
            "n + 1 points",
            _riemann_all_points,
            "You evaluated f at all n + 1 grid points, endpoints included. n rectangles need n points: "
            "the left rule uses x_0 ... x_{n-1}, the right rule x_1 ... x_n, the midpoint rule their midpoints.",
        ),
        Mistake(
            "width (b - a) / (n - 1)",
            _riemann_wrong_width,
            "The width of each rectangle is h = (b - a) / n: n rectangles split [a, b] into n pieces, "
            "so divide by n, not n - 1.",
        ),
        Mistake(
            "left and right swapped",
            _riemann_swapped,
            "Left and right are swapped: the left rule uses the left end of each piece, x_i = a + i h for "
            "i = 0 ... n-1; the right rule uses x_i = a + (i + 1) h.",
        ),
        Mistake(
            "midpoint at the left ends",
            _riemann_midpoint_at_left,
            "Your midpoint rule gives the left sum: the midpoints are a + (i + 1/2) h, half a width right of "
            "the left ends.",
        ),
        Mistake(
            "missing factor h",
            _riemann_no_width,
            "Each rectangle's area is height times width: multiply the sum of the heights by "
            "h = (b - a) / n.",
        ),
        Mistake(
            "midpoint at the right ends",
            _riemann_midpoint_at_right,
            "Your midpoint rule gives the right sum: the midpoints are a + (i + 1/2) h, a HALF width right of "
            "the left ends, not a whole width h.",
        ),
    ),
)


def _trapezoid(f, a, b, n):
    x = np.linspace(a, b, n + 1)
    y = f(x)
    h = (b - a) / n
    return float(h * (np.sum(y) - 0.5 * (y[0] + y[-1])))


def _trapezoid_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((_bump, 0.0, 3.0, 4), "1 + x sin x on [0, 3], n = 4"),
        Case((_cubic, -2.0, 1.5, 7), "a cubic on [-2, 1.5] (negative x and values), n = 7"),
        Case((_parabola, -3.0, -1.0, 1), "x^2 - 2 on [-3, -1] with a single trapezoid (n = 1)"),
        Case((np.cos, 0.0, 1000.0, 5000), "cos on the long interval [0, 1000], n = 5000"),
    ]
    random = []
    for _ in range(3):
        a = float(rng.uniform(-2.0, 0.0))
        b = a + float(rng.uniform(0.5, 3.0))
        n = int(rng.integers(2, 40))
        random.append(Case((np.exp, a, b, n), f"exp on a random interval, n = {n}"))
    return fixed + random


def _trapezoid_endpoints_full(f, a, b, n):
    return float((b - a) / n * np.sum(f(np.linspace(a, b, n + 1))))


def _trapezoid_no_h(f, a, b, n):
    y = f(np.linspace(a, b, n + 1))
    return float(np.sum(y) - 0.5 * (y[0] + y[-1]))


def _trapezoid_n_points(f, a, b, n):
    y = f(np.linspace(a, b, n))
    return float((b - a) / n * (np.sum(y) - 0.5 * (y[0] + y[-1])))


TRAPEZOID = Exercise(
    exercise_id="06.2",
    name="trapezoid",
    reference=_trapezoid,
    cases=_trapezoid_cases,
    mistakes=(
        Mistake(
            "end halves added",
            lambda f, a, b, n: float((b - a) / n * (np.sum(f(np.linspace(a, b, n + 1)))
                                                    + 0.5 * (f(a) + f(b)))),
            "The two end values get weight 1/2, so SUBTRACT half of them from the full sum: "
            "h * (sum(y) - (y[0] + y[-1]) / 2).",
        ),
        Mistake(
            "endpoints weighted 1",
            _trapezoid_endpoints_full,
            "The two endpoints belong to one trapezoid each, so they get weight 1/2: "
            "h * (y[0] / 2 + y[1] + ... + y[n-1] + y[n] / 2).",
        ),
        Mistake(
            "missing h",
            _trapezoid_no_h,
            "Multiply the weighted sum by the width h = (b - a) / n. (np.trapezoid(y) without x= or dx= "
            "makes the same mistake: it assumes a spacing of 1.)",
        ),
        Mistake(
            "n points instead of n + 1",
            _trapezoid_n_points,
            "n trapezoids need n + 1 points: np.linspace(a, b, n + 1). With np.linspace(a, b, n) the spacing is "
            "(b - a) / (n - 1), not h.",
        ),
    ),
)


def _normal_probability(mu, sigma, lo, hi):
    scale = sigma * math.sqrt(2.0)
    return 0.5 * (math.erf((hi - mu) / scale) - math.erf((lo - mu) / scale))


def _normal_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((1.0, 2.0, 0.0, 4.0), "mu = 1, sigma = 2, interval [0, 4]"),
        Case((0.0, 1.0, -1.0, 1.0), "the standard normal within one sigma (answer 0.6827)"),
        Case((-3.0, 0.5, -4.0, -3.5), "negative mean, sigma = 0.5, interval [-4, -3.5]"),
        Case((0.0, 1.0, -np.inf, 1.96), "an infinite lower end: P(X <= 1.96) for the standard normal"),
        Case((1000.0, 50.0, 900.0, 1100.0), "a large mean and sigma: mu = 1000, sigma = 50, interval [900, 1100]"),
    ]
    random = []
    for _ in range(3):
        mu = float(rng.normal(0.0, 3.0))
        sigma = float(rng.uniform(0.3, 4.0))
        lo = mu + float(rng.uniform(-3.0, 1.0)) * sigma
        hi = lo + float(rng.uniform(0.2, 3.0)) * sigma
        random.append(Case((mu, sigma, lo, hi), "a random normal and interval"))
    return fixed + random


NORMAL_PROBABILITY = Exercise(
    exercise_id="06.3",
    name="normal_probability",
    reference=_normal_probability,
    cases=_normal_cases,
    mistakes=(
        Mistake(
            "lo and hi swapped",
            lambda mu, sigma, lo, hi: _normal_probability(mu, sigma, hi, lo),
            "A probability cannot be negative: it is F(hi) - F(lo), the upper limit's term minus the lower one's.",
        ),
        Mistake(
            "missing sqrt(2)",
            lambda mu, sigma, lo, hi: 0.5 * (math.erf((hi - mu) / sigma) - math.erf((lo - mu) / sigma)),
            "Divide by sigma * sqrt(2), not by sigma: Phi(z) = (1 + erf(z / sqrt(2))) / 2, because erf is "
            "defined with exp(-t^2), not exp(-t^2 / 2).",
        ),
        Mistake(
            "variance instead of standard deviation",
            lambda mu, sigma, lo, hi: _normal_probability(mu, sigma**2, lo, hi),
            "sigma is the standard deviation: standardise with (x - mu) / sigma, not (x - mu) / sigma**2.",
        ),
        Mistake(
            "missing 1/2",
            lambda mu, sigma, lo, hi: 2.0 * _normal_probability(mu, sigma, lo, hi),
            "erf runs from -1 to 1, so a difference of two erf values can reach 2: multiply it by 1/2.",
        ),
        Mistake(
            "operator precedence",
            lambda mu, sigma, lo, hi: 0.5 * (
                math.erf((hi - mu) / sigma * math.sqrt(2)) - math.erf((lo - mu) / sigma * math.sqrt(2))
            ),
            "Operator precedence: `/ sigma * math.sqrt(2)` divides by sigma and then MULTIPLIES by sqrt(2). "
            "Write `/ (sigma * math.sqrt(2))`.",
        ),
        Mistake(
            "np.erf",
            lambda mu, sigma, lo, hi: 0.5 * (getattr(np, "erf")((hi - mu) / (sigma * math.sqrt(2.0)))
                                             - getattr(np, "erf")((lo - mu) / (sigma * math.sqrt(2.0)))),
            "NumPy has no erf: use math.erf for single numbers (as here), or scipy.special.erf for arrays.",
        ),
        Mistake(
            "mean not subtracted",
            lambda mu, sigma, lo, hi: _normal_probability(0.0, sigma, lo, hi),
            "Standardise with (x - mu) / (sigma * sqrt(2)): subtract the mean mu before dividing.",
        ),
    ),
)


def _entropy(p):
    positive = p[p > 0]
    return float(-np.sum(positive * np.log(positive))) + 0.0  # + 0.0 turns -0.0 into 0.0


def _entropy_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([0.5, 0.25, 0.25, 0.0]),), "p = [0.5, 0.25, 0.25, 0] (one outcome has probability 0)"),
        Case((np.full(6, 1 / 6),), "a fair die: uniform over 6 outcomes (answer ln 6)"),
        Case((np.array([0.0, 1.0, 0.0]),), "a certain outcome, p = [0, 1, 0] (answer 0)"),
        Case((np.array([1.0]),), "a single outcome (answer 0)"),
        Case((np.array([1e-300, 1.0 - 1e-12, 1e-12 - 1e-300]),), "tiny probabilities, down to 1e-300"),
    ]
    random = []
    for size in (5, 12):
        p = rng.dirichlet(np.ones(size))
        p[rng.choice(size, size=2, replace=False)] = 0.0
        random.append(Case((p / p.sum(),), f"a random distribution over {size} outcomes, two of them impossible"))
    return fixed + random


def _entropy_nan(p):
    return float(-np.sum(p * np.log(p)))


ENTROPY = Exercise(
    exercise_id="06.4",
    name="entropy",
    reference=_entropy,
    cases=_entropy_cases,
    warning_hint="np.log(0) warns (divide by zero) even where you later multiply by 0. Take the log of the "
    "positive entries only: positive = p[p > 0].",
    mistakes=(
        Mistake(
            "0 * log 0 gives nan",
            _entropy_nan,
            "np.log(0) is -inf and 0 * -inf is nan. By convention 0 log 0 = 0 (the limit of t ln t as t -> 0), so "
            "sum over the positive entries only: positive = p[p > 0].",
        ),
        Mistake(
            "log base 2",
            lambda p: _entropy(p) / math.log(2.0),
            "The answer is in nats: use the natural log np.log, not np.log2 (bits differ by a factor ln 2).",
        ),
        Mistake(
            "missing minus sign",
            lambda p: -_entropy(p),
            "Entropy is -sum p log p; every log p <= 0, so the result must be >= 0. Add the minus sign.",
        ),
        Mistake(
            "epsilon inside the log",
            lambda p: float(-np.sum(p * np.log(p + 1e-12))),
            "Adding a small epsilon inside the log changes every term (and is far off for probabilities near "
            "the epsilon). Keep the exact formula and drop the zeros instead: positive = p[p > 0].",
        ),
        Mistake(
            "log without the weights p",
            lambda p: float(-np.sum(np.log(p[p > 0]))),
            "Weight each log p by its probability: -sum p * log p, an expectation of -log p.",
        ),
    ),
)


def _sir(t, y, beta, gamma, N):
    S, I, R = y
    infections = beta * S * I / N
    return np.array([-infections, infections - gamma * I, gamma * I])


def _sir_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((0.0, np.array([762.0, 1.0, 0.0]), 1.7, 0.45, 763.0), "the school at day 0: S, I, R = 762, 1, 0"),
        Case((3.5, np.array([300.0, 250.0, 213.0]), 1.7, 0.45, 763.0), "mid-outbreak: S, I, R = 300, 250, 213"),
        Case((0.0, np.array([0.4, 0.1, 0.5]), 2.0, 0.5, 1.0), "fractions of a population of N = 1"),
        Case((10.0, np.array([9.0e6, 5.0e5, 5.0e5]), 0.3, 0.1, 1.0e7), "a city of 10 million"),
        Case((1.0, np.array([763.0, 0.0, 0.0]), 1.7, 0.45, 763.0), "nobody infected: nothing changes"),
    ]
    random = []
    for _ in range(3):
        N = float(rng.integers(100, 100_000))
        S, I = rng.uniform(0.05, 0.6, size=2) * N
        random.append(Case((float(rng.uniform(0, 30)), np.array([S, I, N - S - I]), float(rng.uniform(0.1, 3.0)),
                            float(rng.uniform(0.05, 1.0)), N), "a random population and state"))
    return fixed + random


SIR_RHS = Exercise(
    exercise_id="06.5",
    name="sir_rhs",
    reference=_sir,
    cases=_sir_cases,
    mistakes=(
        Mistake(
            "missing / N",
            lambda t, y, beta, gamma, N: _sir(t, y, beta * N, gamma, N),
            "New infections are beta * S * I / N: divide by N, so that beta is a rate per day and does not grow "
            "with the population.",
        ),
        Mistake(
            "sign error in dS",
            lambda t, y, beta, gamma, N: _sir(t, y, beta, gamma, N) * np.array([-1.0, 1.0, 1.0]),
            "Susceptible people only ever leave S: dS/dt = -beta * S * I / N, with a minus sign.",
        ),
        Mistake(
            "recovery applied to S",
            lambda t, y, beta, gamma, N: np.array(
                [-beta * y[0] * y[1] / N, beta * y[0] * y[1] / N - gamma * y[0], gamma * y[0]]
            ),
            "Only infected people recover: the recovery flow is gamma * I (in dI and dR), not gamma * S.",
        ),
        Mistake(
            "everything divided by N",
            lambda t, y, beta, gamma, N: _sir(t, y, beta, gamma, N) / N,
            "Only the infection term beta * S * I / N has the / N; the recovery flow gamma * I is already in "
            "people per day, so do not divide it (or the whole result) by N.",
        ),
        Mistake(
            "recovery missing from dI",
            lambda t, y, beta, gamma, N: np.array(
                [-beta * y[0] * y[1] / N, beta * y[0] * y[1] / N, gamma * y[1]]
            ),
            "People who recover leave I: dI/dt = beta * S * I / N - gamma * I. Then dS + dI + dR = 0.",
        ),
    ),
)

EXERCISES = (RIEMANN_SUM, TRAPEZOID, NORMAL_PROBABILITY, ENTROPY, SIR_RHS)
