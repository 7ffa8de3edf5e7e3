"""Exercises of notebook 03 (partial derivatives)."""

import numpy as np

from utils.checks import Case, Exercise, Mistake
from utils.numerics import derivative

# --- 03.1 partial derivatives by centred differences ------------------------------------------------


def _cubic_mix(x: float, y: float) -> float:
    return x**3 - 2 * x * y**2 + y


def _wave(x: float, y: float) -> float:
    return np.sin(x) * np.cos(2 * y) + x * y


def _big_product(x: float, y: float) -> float:
    return x * y + 1e-3 * x**2


def _central_partials(f, x: float, y: float, h: float) -> np.ndarray:
    return np.array([(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)])


def _forward_partials(f, x: float, y: float, h: float) -> np.ndarray:
    base = f(x, y)
    return np.array([(f(x + h, y) - base) / h, (f(x, y + h) - base) / h])


def _partials_without_2(f, x: float, y: float, h: float) -> np.ndarray:
    return np.array([(f(x + h, y) - f(x - h, y)) / h, (f(x, y + h) - f(x, y - h)) / h])


def _partials_precedence(f, x: float, y: float, h: float) -> np.ndarray:
    return np.array([(f(x + h, y) - f(x - h, y)) / 2 * h, (f(x, y + h) - f(x, y - h)) / 2 * h])


def _partials_both_stepped(f, x: float, y: float, h: float) -> np.ndarray:
    diagonal = (f(x + h, y + h) - f(x - h, y - h)) / (2 * h)
    return np.array([diagonal, diagonal])


def _partials_relative_step(f, x: float, y: float, h: float) -> np.ndarray:
    return np.array([derivative(lambda t: f(t, y), x, h=h), derivative(lambda t: f(x, t), y, h=h)])


def _partials_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((_cubic_mix, 1.5, -0.5, 1e-3), "f(x, y) = x^3 - 2xy^2 + y at (1.5, -0.5), h = 1e-3"),
        Case((_cubic_mix, 0.0, 0.0, 1e-3), "the same f at (0, 0), h = 1e-3 (answer close to [0, 1])"),
        Case((_wave, -1.5, -2.0, 1e-4), "f(x, y) = sin(x) cos(2y) + xy at negative (x, y) = (-1.5, -2), h = 1e-4"),
        Case((_wave, 0.5, 1.0, 0.1), "f(x, y) = sin(x) cos(2y) + xy at (0.5, 1), a large step h = 0.1"),
        Case((_big_product, 1e4, -3e4, 1e-2), "f(x, y) = xy + 0.001x^2 at the large point (1e4, -3e4), h = 0.01"),
    ]
    randoms = [
        Case((_cubic_mix, float(x), float(y), 1e-4),
             f"f(x, y) = x^3 - 2xy^2 + y at random ({x:.4f}, {y:.4f}), h = 1e-4")
        for x, y in rng.uniform(-3, 3, size=(3, 2))
    ]
    return fixed + randoms


PARTIALS = Exercise(
    exercise_id="03.1",
    name="partial_derivatives",
    reference=_central_partials,
    cases=_partials_cases,
    rtol=1e-8,
    atol=1e-10,
    mistakes=(
        Mistake(
            "forward difference",
            _forward_partials,
            "That is the forward difference (f(x + h, y) - f(x, y)) / h. Use the centred one: "
            "(f(x + h, y) - f(x - h, y)) / (2h) for x, and (f(x, y + h) - f(x, y - h)) / (2h) for y.",
        ),
        Mistake(
            "components swapped",
            lambda f, x, y, h: _central_partials(f, x, y, h)[::-1],
            "The two partials are in the wrong order: return np.array([df/dx, df/dy]), the x-partial first.",
        ),
        Mistake(
            "missing 2 in 2h",
            _partials_without_2,
            "The centred difference spans from x - h to x + h, a distance of 2h: divide by (2 * h), not by h.",
        ),
        Mistake(
            "operator precedence: / 2 * h",
            _partials_precedence,
            "Operator precedence: Python evaluates `/` and `*` from left to right, so `(...) / 2 * h` divides "
            "by 2 and then multiplies by h. Put the whole denominator in parentheses: `(...) / (2 * h)`.",
        ),
        Mistake(
            "both variables stepped",
            _partials_both_stepped,
            "A partial derivative moves one variable and holds the other fixed: for df/dx evaluate f(x + h, y) "
            "and f(x - h, y) with the same y; for df/dy keep x fixed.",
        ),
        Mistake(
            "utils.derivative used (relative step)",
            _partials_relative_step,
            "utils.derivative multiplies h by max(1, |x|) (a relative step), so wherever |x| or |y| > 1 it uses a "
            "different step from the h given here: write the two centred differences yourself, with exactly h.",
        ),
    ),
)

# --- 03.2 the gradient of the Rosenbrock function --------------------------------------------------


def _rosenbrock(p: np.ndarray) -> float:
    x, y = p
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def _rosenbrock_gradient(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


def _rosenbrock_gradient_outer_sign(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


def _rosenbrock_gradient_no_inner(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([-2 * (1 - x) + 200 * (y - x**2), 200 * (y - x**2)])


def _rosenbrock_gradient_inner_sign(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([-2 * (1 - x) + 400 * x * (y - x**2), 200 * (y - x**2)])


def _rosenbrock_gradient_dy_sign(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), -200 * (y - x**2)])


def _rosenbrock_gradient_no_2(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 100 * (y - x**2)])


def _rosenbrock_gradient_200x(p: np.ndarray) -> np.ndarray:
    x, y = p
    return np.array([-2 * (1 - x) - 200 * x * (y - x**2), 200 * (y - x**2)])


def _rosenbrock_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([-1.2, 1.0]),), "p = (-1.2, 1), the classic starting point"),
        Case((np.array([0.0, 0.0]),), "p = (0, 0) (answer: [-2, 0])"),
        Case((np.array([1.5, 2.25]),), "p = (1.5, 2.25) on the valley floor y = x^2 (answer: [1, 0])"),
        Case((np.array([-20.0, 300.0]),), "a large p = (-20, 300)"),
    ]
    randoms = [Case((p,), f"random p = ({p[0]:.4f}, {p[1]:.4f})") for p in rng.uniform(-2, 2, size=(3, 2))]
    return fixed + randoms


ROSENBROCK_GRADIENT = Exercise(
    exercise_id="03.2",
    name="rosenbrock_gradient",
    reference=_rosenbrock_gradient,
    cases=_rosenbrock_cases,
    gradient_of=_rosenbrock,
    mistakes=(
        Mistake(
            "sign of the (1 - x)^2 term",
            _rosenbrock_gradient_outer_sign,
            "d/dx (1 - x)^2 is -2(1 - x): the inner derivative of (1 - x) is -1, so the first term of df/dx "
            "is -2 * (1 - x).",
        ),
        Mistake(
            "inner derivative of y - x^2 forgotten",
            _rosenbrock_gradient_no_inner,
            "In df/dx of 100(y - x^2)^2 the chain rule multiplies 200(y - x^2) by the inner derivative "
            "d/dx (y - x^2) = -2x: that term is -400 * x * (y - x^2).",
        ),
        Mistake(
            "200x instead of 400x",
            _rosenbrock_gradient_200x,
            "In df/dx the second term is 100 * 2(y - x^2) * (-2x) = -400 * x * (y - x^2): you have -200 * x * "
            "(y - x^2), which misses the factor 2 that the power rule brings down from the square.",
        ),
        Mistake(
            "sign of the inner derivative -2x",
            _rosenbrock_gradient_inner_sign,
            "Check the sign of the second term of df/dx: the inner derivative d/dx (y - x^2) is -2x, so "
            "200(y - x^2) * (-2x) = -400 * x * (y - x^2), with a minus sign.",
        ),
        Mistake(
            "sign of df/dy",
            _rosenbrock_gradient_dy_sign,
            "Check the sign of df/dy: with respect to y the inner derivative of y - x^2 is +1 (the -2x belongs "
            "to df/dx only), so df/dy = +200 * (y - x^2).",
        ),
        Mistake(
            "missing factor 2 in df/dy",
            _rosenbrock_gradient_no_2,
            "df/dy of 100(y - x^2)^2 is 2 * 100 * (y - x^2) = 200 * (y - x^2): the power rule brings down the 2.",
        ),
        Mistake(
            "components swapped",
            lambda p: _rosenbrock_gradient(p)[::-1],
            "The components are in the wrong order: return np.array([df/dx, df/dy]), the x-partial first.",
        ),
    ),
)

# --- 03.3 directional derivatives for many angles --------------------------------------------------


def _directional(gradient: np.ndarray, angles: np.ndarray) -> np.ndarray:
    return gradient[0] * np.cos(angles) + gradient[1] * np.sin(angles)


def _directional_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([3.0, -4.0]), np.array([0.0, np.pi / 2, np.pi, -np.pi / 4])),
             "gradient (3, -4), angles 0, pi/2, pi and the negative angle -pi/4"),
        Case((np.array([0.0, 0.0]), np.array([0.0, 1.0, 2.0])), "a zero gradient (answer: all zeros)"),
        Case((np.array([2e6, -5e5]), np.array([0.3, 7.0])),
             "a large gradient (2e6, -5e5), angles 0.3 and 7.0 (above 2 pi)"),
        Case((np.array([1.5, 2.5]), np.array([1.0])), "a batch of one angle, 1.0 rad"),
    ]
    gradient = rng.normal(size=2)
    angles = rng.uniform(-np.pi, np.pi, size=5)
    label = f"random gradient ({gradient[0]:.4f}, {gradient[1]:.4f}), 5 random angles"
    return fixed + [Case((gradient, angles), label)]


DIRECTIONAL = Exercise(
    exercise_id="03.3",
    name="directional_derivative",
    reference=_directional,
    cases=_directional_cases,
    rtol=1e-10,
    atol=1e-9,
    mistakes=(
        Mistake(
            "angles converted from degrees",
            lambda g, a: _directional(g, np.deg2rad(a)),
            "The angles are already in radians, which is what np.cos and np.sin expect: do not convert them "
            "with np.deg2rad or np.radians.",
        ),
        Mistake(
            "cos and sin swapped",
            lambda g, a: g[0] * np.sin(a) + g[1] * np.cos(a),
            "The unit vector at angle theta is (cos theta, sin theta): cos goes with df/dx (gradient[0]) and "
            "sin with df/dy (gradient[1]).",
        ),
        Mistake(
            "clockwise angle",
            lambda g, a: g[0] * np.cos(a) - g[1] * np.sin(a),
            "Angles turn counter-clockwise from the x-axis, so the direction is (cos theta, +sin theta), "
            "not (cos theta, -sin theta).",
        ),
        Mistake(
            "gradient norm for every angle",
            lambda g, a: np.full(a.shape, np.linalg.norm(g)),
            "The norm of the gradient is only the largest directional derivative (facing along the gradient); "
            "for each angle take the dot product gradient . (cos theta, sin theta).",
        ),
    ),
)

# --- 03.4 a numerical Jacobian ----------------------------------------------------------------------


def _jacobian(f, x: np.ndarray, h: float) -> np.ndarray:
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((f(x + step) - f(x - step)) / (2 * h))
    return np.stack(columns, axis=1)


def _jacobian_without_2(f, x: np.ndarray, h: float) -> np.ndarray:
    return 2 * _jacobian(f, x, h)


def _jacobian_forward(f, x: np.ndarray, h: float) -> np.ndarray:
    base = f(x)
    columns = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        columns.append((f(x + step) - base) / h)
    return np.stack(columns, axis=1)


def _jacobian_all_at_once(f, x: np.ndarray, h: float) -> np.ndarray:
    column = (f(x + h) - f(x - h)) / (2 * h)
    return np.stack([column] * x.size, axis=1)


def _jacobian_steps_pile_up(f, x: np.ndarray, h: float) -> np.ndarray:
    x_plus, x_minus = x.copy(), x.copy()
    columns = []
    for j in range(x.size):
        x_plus[j] += h
        x_minus[j] -= h
        columns.append((f(x_plus) - f(x_minus)) / (2 * h))
    return np.stack(columns, axis=1)


def _map_3_to_2(x: np.ndarray) -> np.ndarray:
    return np.array([x[0] * x[1], np.sin(x[2]) + x[0] ** 2])


def _map_2_to_4(x: np.ndarray) -> np.ndarray:
    return np.array([x[0] + x[1], x[0] * x[1], x[0] ** 2, np.exp(x[1])])


def _map_4_to_1(x: np.ndarray) -> np.ndarray:
    return np.array([np.sum(x**2) + x[0] * x[3]])


def _jacobian_cases(rng: np.random.Generator) -> list[Case]:
    matrix = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    fixed = [
        Case((_map_3_to_2, np.array([-1.0, -2.0, -0.5]), 1e-5),
             "f(x) = [x0 x1, sin(x2) + x0^2] (3 inputs, 2 outputs) at the negative x = (-1, -2, -0.5), h = 1e-5"),
        Case((_map_3_to_2, np.zeros(3), 1e-4), "the same f at x = 0, h = 1e-4"),
        Case((_map_2_to_4, np.array([0.5, -1.5]), 1e-5),
             "f(x) = [x0 + x1, x0 x1, x0^2, exp(x1)] (2 inputs, 4 outputs), h = 1e-5"),
        Case((_map_4_to_1, np.array([1.0, -2.0, 0.5, 3.0]), 1e-5),
             "f(x) = [sum(x^2) + x0 x3] (4 inputs, 1 output), h = 1e-5"),
        Case((lambda x: matrix @ x, np.array([1e6, -2e6, 3e6]), 1.0),
             "the linear map f(x) = A x, A of shape (2, 3), at the large x = (1e6, -2e6, 3e6), h = 1 (answer: A)"),
    ]
    point = rng.uniform(-2, 2, size=3)
    return fixed + [Case((_map_3_to_2, point, 1e-5), "f(x) = [x0 x1, sin(x2) + x0^2] at a random x, h = 1e-5")]


JACOBIAN = Exercise(
    exercise_id="03.4",
    name="numerical_jacobian",
    reference=_jacobian,
    cases=_jacobian_cases,
    rtol=1e-8,
    atol=1e-10,
    mistakes=(
        Mistake(
            "transposed",
            lambda f, x, h: _jacobian(f, x, h).T,
            "Row i holds the partials of output i and column j the partials with respect to x[j]: the Jacobian "
            "has shape (m, n) = (outputs, inputs). Yours is (n, m), transposed: put the partials with respect to x[j] "
            "in column j, e.g. np.stack(columns, axis=1).",
        ),
        Mistake(
            "missing 2 in 2h",
            _jacobian_without_2,
            "The centred difference spans from x - h to x + h, a distance of 2h: divide by (2 * h), not by h.",
        ),
        Mistake(
            "forward difference",
            _jacobian_forward,
            "That is the forward difference (f(x + h e_j) - f(x)) / h. Use the centred one for column j: "
            "(f(x + h e_j) - f(x - h e_j)) / (2h).",
        ),
        Mistake(
            "all coordinates stepped at once",
            _jacobian_all_at_once,
            "Step one coordinate at a time: column j uses x + h e_j and x - h e_j, where e_j is 1 in position j "
            "and 0 elsewhere. x + h moves every coordinate at once.",
        ),
        Mistake(
            "steps pile up",
            _jacobian_steps_pile_up,
            "Each column must start again from x: make fresh copies inside the loop (x_plus = x.copy(); "
            "x_plus[j] += h), otherwise the steps of earlier columns are still there.",
        ),
    ),
)

# --- 03.5 the MSE gradient of linear regression -----------------------------------------------------


def _mse(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((X @ w - y) ** 2))


def _mse_gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 2 / len(y) * X.T @ (X @ w - y)


def _mse_cases(rng: np.random.Generator) -> list[Case]:
    x_line = np.linspace(-1, 1, 20)
    with_bias = np.column_stack([x_line, np.ones_like(x_line)])
    X_negative = -np.array([[1.0, 2.0], [0.5, 1.5], [2.0, 0.1], [3.0, 1.0]])
    X_large = 100 * np.array([[1.0, 2.0, -1.0], [0.5, -3.0, 2.0], [2.0, 1.0, 1.0], [-1.0, 0.0, 4.0],
                              [3.0, -2.0, 0.5], [1.0, 1.0, 1.0]])
    fixed = [
        Case((np.zeros(3), np.arange(15.0).reshape(5, 3) / 10, np.array([1.0, -1.0, 2.0, 0.5, 3.0])),
             "w = 0, X of shape (5, 3), y of shape (5,)"),
        Case((np.array([-1.0, -0.5]), X_negative, np.array([-1.0, -2.0, -0.5, -3.0])),
             "negative w, X and y; X of shape (4, 2)"),
        Case((np.array([0.5, -0.25, 2.0]), X_large, np.array([1e3, -2e3, 5e2, 0.0, 3e3, -1e3])),
             "large X (entries ~ 100) and y (~ 1000); X of shape (6, 3)"),
        Case((np.array([0.1, 0.2, 0.3, 0.4]), np.array([[1.0, -1.0, 2.0, 0.5]]), np.array([2.0])),
             "a batch of one example: X of shape (1, 4)"),
        Case((np.array([0.0, 0.0]), with_bias, 2 * x_line + 1),
             "a line y = 2x + 1 with a bias column of ones, X of shape (20, 2)"),
    ]
    X = rng.normal(size=(30, 4))
    y = X @ rng.normal(size=4) + 0.1 * rng.normal(size=30)
    return fixed + [Case((rng.normal(size=4), X, y), "random X of shape (30, 4), y and w")]


MSE_GRADIENT = Exercise(
    exercise_id="03.5",
    name="mse_gradient",
    reference=_mse_gradient,
    cases=_mse_cases,
    gradient_of=_mse,
    mistakes=(
        Mistake(
            "sum instead of mean (missing 1/m)",
            lambda w, X, y: 2 * X.T @ (X @ w - y),
            "The loss is a mean over the m examples, so its gradient keeps the 1/m: 2 / m * X.T @ (X @ w - y) "
            "with m = len(y).",
        ),
        Mistake(
            "1/n instead of 1/m",
            lambda w, X, y: 2 / len(w) * X.T @ (X @ w - y),
            "Divide by m = len(y), the number of examples (rows of X), not by n = len(w), the number of "
            "weights: the loss is a mean over the examples.",
        ),
        Mistake(
            "missing factor 2",
            lambda w, X, y: X.T @ (X @ w - y) / len(y),
            "The derivative of a square r^2 is 2r: the gradient is 2 / m * X.T @ (X @ w - y), with the 2.",
        ),
        Mistake(
            "sign flipped",
            lambda w, X, y: 2 / len(y) * X.T @ (y - X @ w),
            "The sign is flipped: the residual is prediction minus target, X @ w - y. With y - X @ w you get "
            "minus the gradient.",
        ),
        Mistake(
            "X instead of X.T",
            lambda w, X, y: 2 / len(y) * X @ (X @ w - y),
            "Multiply the residuals (shape (m,)) by X.T (shape (n, m)), not by X: each weight w[j] collects "
            "the residuals through its own column X[:, j], and the result has shape (n,).",
        ),
        Mistake(
            "y turned into a column",
            lambda w, X, y: 2 / len(y) * X.T @ (X @ w - y.reshape(-1, 1)),
            "y was turned into a column of shape (m, 1): X @ w - y then broadcasts to an (m, m) matrix. "
            "Keep y and X @ w both of shape (m,).",
        ),
    ),
)

EXERCISES = (PARTIALS, ROSENBROCK_GRADIENT, DIRECTIONAL, JACOBIAN, MSE_GRADIENT)
