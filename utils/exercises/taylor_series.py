"""Exercises of notebook 05 (Taylor series)."""

import math

import numpy as np

from utils.checks import Case, Exercise, Mistake

# 05.1 · Taylor polynomial of exp -------------------------------------------------------------------


def _exp_taylor(x, n):
    """sum_{k=0}^{n} x^k / k! by the recurrence term_k = term_{k-1} * x / k."""
    term = np.ones_like(x, dtype=float)
    total = term.copy()
    for k in range(1, n + 1):
        term = term * x / k
        total = total + term
    return total


def _exp_taylor_one_short(x, n):
    total = np.zeros_like(x, dtype=float)
    term = np.ones_like(x, dtype=float)
    for k in range(n):  # k = 0 .. n-1: degree n - 1
        total = total + term
        term = term * x / (k + 1)
    return total


def _exp_taylor_one_short_from_int(x, n):
    total, term = 0, 1.0  # scalars: the result is an array only after array terms were added
    for k in range(n):
        total = total + term
        term = term * x / (k + 1)
    return total


def _exp_taylor_loop_stops_early(x, n):
    total = np.ones_like(x, dtype=float)
    term = np.ones_like(x, dtype=float)
    for k in range(1, n):  # stops at degree n - 1
        term = term * x / k
        total = total + term
    return total


def _exp_taylor_one_short_by_factorial(x, n):
    total = np.zeros_like(x, dtype=float)
    for k in range(n):  # degree n - 1; float(math.factorial(171)) overflows, as for a learner
        total += x**k / math.factorial(k)
    return total


def _exp_taylor_one_short_by_factorial_from_int(x, n):
    total = 0
    for k in range(n):
        total += x**k / math.factorial(k)
    return total


def _exp_taylor_aliased(x, n):
    term = np.ones_like(x, dtype=float)
    total = term  # the same array under two names
    for k in range(1, n + 1):
        term *= x / k
        total += term
    return total


def _exp_taylor_no_factorial(x, n):
    return sum((x**k for k in range(n + 1)), np.zeros_like(x, dtype=float))


def _exp_taylor_divided_by_k(x, n):
    return 1.0 + sum((x**k / k for k in range(1, n + 1)), np.zeros_like(x, dtype=float))


def _exp_taylor_factor_k_in_recurrence(x, n):
    term = np.ones_like(x, dtype=float)
    total = term.copy()
    for k in range(1, n + 1):
        term = term * x * k
        total = total + term
    return total


def _exp_taylor_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([0.0, 1.0, -1.0, 2.0]), 3), "x = 0, 1, -1, 2 and n = 3 (answer at 1: 1 + 1 + 1/2 + 1/6)"),
        Case((np.array([0.5, -3.0, 4.0]), 0), "n = 0: the polynomial is the constant 1"),
        Case((np.array([[0.25, -0.5, 1.5], [3.0, -2.0, 0.0]]), 6), "a (2, 3) array with n = 6: the shape must be kept"),
        Case((np.array([-1.5]), 1), "a batch of one value, n = 1 (answer 1 + x)"),
        Case((np.array([10.0, 30.0, -5.0]), 100), "large x and n = 100"),
        Case((np.array([0.5, 2.0, 30.0]), 200), "n = 200 (200! is too large for a float: use the recurrence)"),
    ]
    return fixed + [Case((rng.uniform(-3, 3, size=5), int(rng.integers(4, 12))), "5 random x in [-3, 3], random n")]


EXP_TAYLOR = Exercise(
    exercise_id="05.1",
    name="exp_taylor",
    reference=_exp_taylor,
    cases=_exp_taylor_cases,
    warning_hint="Something overflowed: x**k or k! grows past the float range for large k. Build each term "
    "from the previous one, term = term * x / k, whose size stays reasonable.",
    mistakes=(
        Mistake(
            "one term short",
            _exp_taylor_one_short,
            "One term is missing: the degree-n polynomial has the n + 1 terms k = 0, 1, ..., n, so loop over "
            "range(n + 1) (or range(1, n + 1) after starting from the term 1).",
        ),
        Mistake(
            "loop stops one term early",
            _exp_taylor_loop_stops_early,
            "After starting from the term 1, loop over range(1, n + 1): range(1, n) stops at degree n - 1.",
        ),
        Mistake(
            "one term short, starting from total = 0",
            _exp_taylor_one_short_from_int,
            "One term is missing (range(n) stops at degree n - 1), and starting from total = 0 makes n = 0 "
            "return the number 0 instead of an array. Start from the k = 0 term, total = np.ones_like(x), and "
            "add the terms k = 1, ..., n.",
        ),
        Mistake(
            "one term short, with x**k / math.factorial(k)",
            _exp_taylor_one_short_by_factorial,
            "Two things: range(n) stops at degree n - 1 (the degree-n polynomial has the n + 1 terms "
            "k = 0, ..., n), and x**k / math.factorial(k) fails from k = 171 on, where k! no longer fits in a "
            "float. Build each term from the previous one instead, term = term * x / k, for k = 1, ..., n.",
        ),
        Mistake(
            "one term short, with x**k / math.factorial(k), starting from total = 0",
            _exp_taylor_one_short_by_factorial_from_int,
            "Three things: range(n) stops at degree n - 1; starting from total = 0 makes n = 0 return the number "
            "0 instead of an array; and x**k / math.factorial(k) fails from k = 171 on. Start from "
            "term = np.ones_like(x), total = term.copy(), and add term = term * x / k for k = 1, ..., n.",
        ),
        Mistake(
            "total and term are the same array",
            _exp_taylor_aliased,
            "total = term does not copy: both names point to ONE array, so term *= ... also changes total. "
            "Write total = term.copy(), or use term = term * x / k, which makes a new array.",
        ),
        Mistake(
            "missing factorial",
            _exp_taylor_no_factorial,
            "Each term is x**k / k!, not x**k: divide by the factorial (the recurrence term = term * x / k does "
            "it for you).",
        ),
        Mistake(
            "divided by k instead of k!",
            _exp_taylor_divided_by_k,
            "You divided x**k by k; the term is x**k / k! = x**k / (1 * 2 * ... * k). With the recurrence, "
            "term = term * x / k divides by one more factor each step.",
        ),
        Mistake(
            "multiplied by k in the recurrence",
            _exp_taylor_factor_k_in_recurrence,
            "The recurrence multiplies by x / k (term = term * x / k), not by x * k.",
        ),
        Mistake(
            "np.exp instead of the polynomial",
            lambda x, n: np.exp(x),
            "np.exp(x) is the function itself; return the degree-n Taylor polynomial sum_{k=0}^{n} x**k / k!, "
            "which differs from exp(x) by the remainder.",
        ),
    ),
)

# 05.2 · Lagrange remainder bound -------------------------------------------------------------------


def _lagrange_bound(M, x, a, n):
    return M * np.abs(x - a) ** (n + 1) / math.factorial(n + 1)


def _lagrange_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((1.0, np.array([1.0, -0.5, 2.0]), 0.0, 4), "M = 1, a = 0, n = 4, x = 1, -0.5, 2"),
        Case((np.e**2, np.array([0.5, 1.5, 3.0]), 1.0, 2), "M = e^2, expansion point a = 1, n = 2"),
        Case((3.0, np.array([0.0, -2.0]), 0.0, 0), "n = 0 (the mean value theorem: M |x - a|)"),
        Case((1.0, np.array([1.0]), 0.0, 6), "a batch of one: sin(1) with the polynomial of degree 6"),
        Case((1.0, np.array([[10.0, -10.0], [5.0, 20.0], [0.1, 1e-3]]), 0.0, 20), "a (3, 2) array, n = 20, large |x|"),
    ]
    return fixed + [
        Case((float(rng.uniform(0.5, 5)), rng.uniform(-3, 3, size=6), float(rng.uniform(-1, 1)), int(rng.integers(1, 9))),
             "random M, a, n and six random x")
    ]


LAGRANGE_BOUND = Exercise(
    exercise_id="05.2",
    name="lagrange_bound",
    reference=_lagrange_bound,
    cases=_lagrange_cases,
    mistakes=(
        Mistake(
            "n! instead of (n + 1)!",
            lambda M, x, a, n: M * np.abs(x - a) ** (n + 1) / math.factorial(n),
            "The remainder after the degree-n polynomial involves the (n + 1)-th derivative, so divide by "
            "(n + 1)!: math.factorial(n + 1).",
        ),
        Mistake(
            "power n instead of n + 1",
            lambda M, x, a, n: M * np.abs(x - a) ** n / math.factorial(n + 1),
            "The power is n + 1, one more than the degree: |x - a| ** (n + 1).",
        ),
        Mistake(
            "the degree-n term (n and n!)",
            lambda M, x, a, n: M * np.abs(x - a) ** n / math.factorial(n),
            "M |x - a|^n / n! has the size of the LAST term kept; the remainder is the first term left out: "
            "M |x - a|**(n + 1) / (n + 1)!.",
        ),
        Mistake(
            "no absolute value",
            lambda M, x, a, n: M * (x - a) ** (n + 1) / math.factorial(n + 1),
            "A bound on an error size must not be negative: take np.abs(x - a) before raising it to the power.",
        ),
        Mistake(
            "distance from 0 instead of from a",
            lambda M, x, a, n: M * np.abs(x) ** (n + 1) / math.factorial(n + 1),
            "Measure the distance from the expansion point: |x - a|, not |x|.",
        ),
        Mistake(
            "M left out",
            lambda M, x, a, n: np.abs(x - a) ** (n + 1) / math.factorial(n + 1),
            "Multiply by M, the bound on |f^(n+1)| between a and x.",
        ),
        Mistake(
            "np.math.factorial",
            lambda M, x, a, n: M * np.abs(x - a) ** (n + 1) / getattr(np, "math").factorial(n + 1),
            "np.math was removed in NumPy 2.0: use math.factorial (import math).",
        ),
    ),
)

# 05.3 · Second-order Taylor model in n dimensions ----------------------------------------------------


def _quadratic_model(f_value, gradient, hessian, d):
    return f_value + d @ gradient + 0.5 * np.einsum("ki,ij,kj->k", d, hessian, d)


def _quadratic_cases(rng: np.random.Generator) -> list[Case]:
    hessian_2 = np.array([[2.0, 0.5], [0.5, 3.0]])
    fixed = [
        Case((1.5, np.array([1.0, -2.0]), hessian_2, np.array([[1.0, 0.0], [0.0, 1.0], [0.5, -1.0]])),
             "n = 2, three steps d (shape (3, 2))"),
        Case((-2.0, np.array([0.5, 0.25, -1.0]), np.array([[4.0, 1.0, 0.0], [1.0, 3.0, -1.0], [0.0, -1.0, 2.0]]),
              np.array([[0.1, -0.2, 0.3], [1.0, 1.0, 1.0], [-2.0, 0.5, 0.0], [0.0, 0.0, -1.5]])),
             "n = 3, four steps (shape (4, 3)): non-square on purpose"),
        Case((0.0, np.array([3.0]), np.array([[-2.0]]), np.array([[0.5], [-1.0], [2.0], [0.0], [1e3]])),
             "n = 1 with a negative curvature, five steps (shape (5, 1))"),
        Case((4.0, np.array([1.0, 1.0]), hessian_2, np.array([[2.0, -3.0]])), "a batch of one step (shape (1, 2))"),
        Case((7.0, np.array([1.0, -1.0]), hessian_2, np.zeros((3, 2))), "zero steps: the model equals f"),
        Case((1e6, np.array([1e3, -2e3]), 1e4 * hessian_2, np.array([[10.0, 20.0], [-30.0, 5.0], [1.0, 1.0]])),
             "large values"),
    ]
    n, k = 4, 6
    square = rng.normal(size=(n, n))
    return fixed + [Case((float(rng.normal()), rng.normal(size=n), square + square.T, rng.normal(size=(k, n))),
                         "random f, gradient (4,), symmetric Hessian (4, 4), steps (6, 4)")]


QUADRATIC_MODEL = Exercise(
    exercise_id="05.3",
    name="taylor_quadratic",
    reference=_quadratic_model,
    cases=_quadratic_cases,
    mistakes=(
        Mistake(
            "missing 1/2",
            lambda f, g, H, d: f + d @ g + np.einsum("ki,ij,kj->k", d, H, d),
            "The second-order term is (1/2) d^T H d, as in f(a) + f'(a) h + f''(a) h^2 / 2: multiply it by 0.5.",
        ),
        Mistake(
            "gradient term missing",
            lambda f, g, H, d: f + 0.5 * np.einsum("ki,ij,kj->k", d, H, d),
            "The first-order term is missing: add the dot product of each step with the gradient, d @ gradient.",
        ),
        Mistake(
            "(k, k) matrix from d @ H @ d.T",
            lambda f, g, H, d: f + d @ g + 0.5 * (d @ H @ d.T),
            "d @ H @ d.T is the (k, k) matrix of every pair of steps; you need only its diagonal, one number per "
            "step: np.sum((d @ H) * d, axis=1) or np.einsum('ki,ij,kj->k', d, H, d).",
        ),
        Mistake(
            "gradient @ d instead of d @ gradient",
            lambda f, g, H, d: f + g @ d + 0.5 * np.einsum("ki,ij,kj->k", d, H, d),
            "gradient @ d tries to multiply an (n,) vector by a (k, n) array, and the shapes do not fit. Each "
            "step is a ROW of d, so the k dot products are d @ gradient (shape (k,)).",
        ),
        Mistake(
            "1/2 on the gradient term too",
            lambda f, g, H, d: f + 0.5 * (d @ g + np.einsum("ki,ij,kj->k", d, H, d)),
            "Only the Hessian term carries the 1/2: f + d @ gradient + 0.5 * (d^T H d).",
        ),
        Mistake(
            "squared the steps elementwise",
            lambda f, g, H, d: f + d @ g + 0.5 * (d**2) @ np.diag(H),
            "(d**2) @ diag(H) keeps only the diagonal of H; d^T H d also has the cross terms H_ij d_i d_j. "
            "Compute it per step as np.sum((d @ H) * d, axis=1).",
        ),
    ),
)

# 05.4 · One Newton step -----------------------------------------------------------------------------


def _newton(grad, hess, x):
    return x - np.linalg.solve(hess(x), grad(x))


_A3 = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, -1.0], [0.5, -1.0, 2.0]])
_B3 = np.array([1.0, -2.0, 0.5])


def quadratic_grad(x):
    """Gradient of 0.5 x^T A x - b^T x with a fixed symmetric positive-definite A (3 x 3)."""
    return _A3 @ x - _B3


def quadratic_hess(x):
    return _A3.copy()


def rosenbrock_grad(x):
    return np.array([-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)])


def rosenbrock_hess(x):
    return np.array([[2 - 400 * (x[1] - 3 * x[0] ** 2), -400 * x[0]], [-400 * x[0], 200.0]])


def quartic_grad(x):
    """Gradient of sum(x^4 / 4 + x^2 / 2) (one variable or more)."""
    return x**3 + x


def quartic_hess(x):
    return np.diag(3 * x**2 + 1.0)


def _newton_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((quadratic_grad, quadratic_hess, np.array([1.0, 1.0, 1.0])),
             "a quadratic in 3 variables: one Newton step lands exactly on the minimum"),
        Case((rosenbrock_grad, rosenbrock_hess, np.array([-1.2, 1.0])), "the Rosenbrock function at (-1.2, 1)"),
        Case((rosenbrock_grad, rosenbrock_hess, np.array([1.0, 1.0])), "Rosenbrock at its minimum (1, 1): gradient 0"),
        Case((quartic_grad, quartic_hess, np.array([2.0])), "one variable (x of shape (1,))"),
        Case((quartic_grad, quartic_hess, np.array([-30.0, 0.0, 5.0, 100.0])), "4 variables with large |x|"),
    ]
    return fixed + [Case((rosenbrock_grad, rosenbrock_hess, rng.uniform(-2, 2, size=2)), "Rosenbrock at a random point")]


NEWTON_STEP = Exercise(
    exercise_id="05.4",
    name="newton_step",
    reference=_newton,
    cases=_newton_cases,
    mistakes=(
        Mistake(
            "plus sign",
            lambda grad, hess, x: x + np.linalg.solve(hess(x), grad(x)),
            "Step downhill: subtract, x - H^{-1} g. With a plus sign you move towards the maximum of the "
            "quadratic model's mirror image.",
        ),
        Mistake(
            "multiplied by H instead of solving",
            lambda grad, hess, x: x - hess(x) @ grad(x),
            "The step is H^{-1} g, the solution s of H s = g, not H @ g: use np.linalg.solve(hess(x), grad(x)).",
        ),
        Mistake(
            "gradient step (no Hessian)",
            lambda grad, hess, x: x - grad(x),
            "That is a gradient-descent step with step size 1. Newton's step rescales the gradient by the "
            "curvature: x - np.linalg.solve(hess(x), grad(x)).",
        ),
        Mistake(
            "returned the step, not the new point",
            lambda grad, hess, x: np.linalg.solve(hess(x), grad(x)),
            "You returned the step H^{-1} g; return the new point x - H^{-1} g.",
        ),
        Mistake(
            "divided by the Hessian matrix",
            lambda grad, hess, x: x - grad(x) / hess(x),
            "Dividing by a matrix is not H^-1 g: grad(x) / hess(x) divides elementwise and broadcasts to an "
            "(n, n) array. Use np.linalg.solve(H, g), which solves H s = g for the step s.",
        ),
        Mistake(
            "diagonal of H only",
            lambda grad, hess, x: x - grad(x) / np.diag(hess(x)),
            "Dividing by the diagonal of H ignores the off-diagonal curvature; solve the full system "
            "np.linalg.solve(hess(x), grad(x)).",
        ),
    ),
)

# 05.5 · Euler's method ------------------------------------------------------------------------------


def _euler(f, y0, t_end, n_steps, extra_step=0, time_of=lambda k, h: k * h, scale_by_h=True, swap_args=False):
    """Euler's method; the keyword switches reproduce the classic mistakes (wrong h, wrong time, no h, f(y, t))."""
    h = t_end / (n_steps + extra_step)
    y = np.empty(n_steps + 1)
    y[0] = y0
    for k in range(n_steps):
        slope = f(y[k], time_of(k, h)) if swap_args else f(time_of(k, h), y[k])
        y[k + 1] = y[k] + (h * slope if scale_by_h else slope)
    return y


def _euler_without_start(f, y0, t_end, n_steps):
    return _euler(f, y0, t_end, n_steps)[1:]


def forced_decay(t, y):
    """y' = cos(t) - y: depends on t as well as y."""
    return np.cos(t) - y


def logistic_growth(t, y):
    """y' = 1.5 y (1 - y / 10): logistic growth with rate 1.5 and capacity 10."""
    return 1.5 * y * (1.0 - y / 10.0)


def decay(t, y):
    """y' = -y."""
    return -y


def gaussian_bump(t, y):
    """y' = -2 t y, whose exact solution is y0 exp(-t^2)."""
    return -2.0 * t * y


def _euler_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case((forced_decay, 1.0, 2.0, 5), "y' = cos(t) - y, y(0) = 1, up to t = 2 in 5 steps"),
        Case((logistic_growth, 0.5, 4.0, 8), "logistic growth y' = 1.5 y (1 - y/10), y(0) = 0.5, t_end = 4, 8 steps"),
        Case((decay, -3.0, 1.0, 1), "y' = -y from y(0) = -3 in a single step (2 values)"),
        Case((decay, 0.0, 5.0, 4), "y(0) = 0 stays 0 for y' = -y"),
        Case((gaussian_bump, 2.0, 3.0, 1000), "y' = -2 t y, 1000 steps"),
        Case((forced_decay, float(rng.uniform(-2, 2)), float(rng.uniform(1, 5)), int(rng.integers(3, 30))),
             "y' = cos(t) - y with random y(0), t_end and number of steps"),
    ]


EULER = Exercise(
    exercise_id="05.5",
    name="euler",
    reference=_euler,
    cases=_euler_cases,
    mistakes=(
        Mistake(
            "step size t_end / (n_steps + 1)",
            lambda f, y0, t_end, n_steps: _euler(f, y0, t_end, n_steps, extra_step=1),
            "n_steps steps cover [0, t_end], so the step is h = t_end / n_steps (there are n_steps + 1 points "
            "but only n_steps gaps).",
        ),
        Mistake(
            "f evaluated at the new time",
            lambda f, y0, t_end, n_steps: _euler(f, y0, t_end, n_steps, time_of=lambda k, h: (k + 1) * h),
            "Euler's step uses the slope at the point you stand on: f(t_k, y_k) with t_k = k * h, not t_(k+1).",
        ),
        Mistake(
            "step index used as the time",
            lambda f, y0, t_end, n_steps: _euler(f, y0, t_end, n_steps, time_of=lambda k, h: k),
            "The time of step k is t_k = k * h, not k: call f(k * h, y[k]).",
        ),
        Mistake(
            "missing the factor h",
            lambda f, y0, t_end, n_steps: _euler(f, y0, t_end, n_steps, scale_by_h=False),
            "The first-order Taylor step is y + h * f(t, y): multiply the slope by the step size h.",
        ),
        Mistake(
            "arguments of f swapped",
            lambda f, y0, t_end, n_steps: _euler(f, y0, t_end, n_steps, swap_args=True),
            "f takes the time first and the value second, f(t, y): call f(k * h, y[k]), not f(y[k], k * h).",
        ),
        Mistake(
            "y0 left out",
            _euler_without_start,
            "Return all n_steps + 1 values, starting with y0 itself (the value at t = 0).",
        ),
    ),
)

EXERCISES = (EXP_TAYLOR, LAGRANGE_BOUND, QUADRATIC_MODEL, NEWTON_STEP, EULER)
