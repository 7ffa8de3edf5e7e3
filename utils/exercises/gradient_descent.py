"""Exercises of notebook 07 (gradient descent)."""

import math

import numpy as np

from utils.checks import Case, Exercise, Mistake

# --- 07.1 a gradient descent loop in one dimension ----------------------------------------------------


def parabola_slope(x):
    """Slope of f(x) = x**2 + 5x + 6 (minimum at -2.5)."""
    return 2.0 * x + 5.0


def steep_slope(x):
    """Slope of f(x) = 50 x**2 (minimum at 0, curvature 100)."""
    return 100.0 * x


def quartic_slope(x):
    """Slope of f(x) = x**4 / 4 - x (minimum at 1)."""
    return x**3 - 1.0


def _descend(grad, x0, lr, n_steps, sign=-1.0, frozen=False):
    """x0 and the n_steps iterates of x <- x + sign * lr * grad(x) (with frozen, grad is taken at x0 only)."""
    iterates = [float(x0)]
    slope_at_start = grad(x0)
    for _ in range(n_steps):
        slope = slope_at_start if frozen else grad(iterates[-1])
        iterates.append(iterates[-1] + sign * lr * slope)
    return np.array(iterates)


def _descent_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((parabola_slope, 0.0, 0.1, 5), "f(x) = x**2 + 5x + 6 from x0 = 0, lr = 0.1, 5 steps"),
        Case((parabola_slope, -10.0, 0.3, 3), "a negative start, x0 = -10, lr = 0.3, 3 steps"),
        Case((steep_slope, 1000.0, 0.015, 4), "a steep bowl f = 50 x**2 from x0 = 1000, lr = 0.015 (oscillates)"),
        Case((quartic_slope, 2.0, 0.05, 6), "f = x**4 / 4 - x from x0 = 2, lr = 0.05, 6 steps"),
        Case((parabola_slope, 3.0, 0.1, 1), "a single step"),
        Case((parabola_slope, 1.5, 0.1, 0), "zero steps: only the start"),
    ]
    x0, lr = float(rng.uniform(-5, 5)), float(rng.uniform(0.05, 0.6))
    return fixed + [Case((parabola_slope, x0, lr, 8), f"random start x0 = {x0:.3f}, lr = {lr:.3f}, 8 steps")]


GRADIENT_DESCENT_1D = Exercise(
    exercise_id="07.1",
    name="gradient_descent_1d",
    reference=_descend,
    cases=_descent_cases,
    mistakes=(
        Mistake(
            "ascent instead of descent",
            lambda grad, x0, lr, n: _descend(grad, x0, lr, n, sign=1.0),
            "You climbed uphill: the step goes AGAINST the slope, x_new = x - lr * grad(x) (minus, not plus).",
        ),
        Mistake(
            "start left out",
            lambda grad, x0, lr, n: _descend(grad, x0, lr, n)[1:],
            "Put the starting point x0 first in the list of iterates: n_steps steps give n_steps + 1 points, "
            "x0, x1, ..., x_n.",
        ),
        Mistake(
            "one step too few",
            lambda grad, x0, lr, n: _descend(grad, x0, lr, n)[:-1],
            "Take exactly n_steps steps: loop `for _ in range(n_steps)`, appending each new x, so that the result "
            "holds n_steps + 1 points including x0.",
        ),
        Mistake(
            "only the last point",
            lambda grad, x0, lr, n: float(_descend(grad, x0, lr, n)[-1]),
            "Return every iterate, not just the final x: collect them in a list (starting with x0) and return "
            "np.array(that_list).",
        ),
        Mistake(
            "slope frozen at the start",
            lambda grad, x0, lr, n: _descend(grad, x0, lr, n, frozen=True),
            "Evaluate the slope at the CURRENT point in every step, grad(x), not once at x0 before the loop.",
        ),
    ),
)

# --- 07.2 the gradient of the mean squared error of a line ------------------------------------------


def _line_gradient(w, b, X, y):
    x = X.ravel()  # (m, 1) -> (m,), so that w * x + b - y has shape (m,)
    residual = w * x + b - y
    return np.array([2.0 * np.mean(residual * x), 2.0 * np.mean(residual)])


def _line_gradient_broadcast(w, b, X, y):
    residual = w * X + b - y  # (m, 1) - (m,) broadcasts to (m, m)
    return np.array([2.0 * np.mean(residual * X), 2.0 * np.mean(residual)])


def _line_gradient_ragged(w, b, X, y):
    residual = w * X.ravel() + b - y
    return np.array([2.0 * X.T @ residual / len(y), 2.0 * np.mean(residual)])  # X.T @ r has shape (1,): ValueError


def _line_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((0.0, 0.0, np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 4.0, 6.0])),
             "w = b = 0, X = [[1], [2], [3]] (shape (3, 1)), y = [2, 4, 6] (shape (3,))"),
        Case((-1.5, 2.0, np.array([[-1.0], [0.5], [2.0], [-3.0]]), np.array([1.0, -2.0, 0.5, 4.0])),
             "negative w, X of shape (4, 1)"),
        Case((0.002, -5.0, np.array([[1000.0], [-2000.0], [3500.0], [500.0], [0.0]]),
              np.array([3.0, -9.0, 2.0, 1.0, -4.0])), "large inputs, X of shape (5, 1)"),
        Case((2.0, 0.0, np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 4.0, 6.0])),
             "the exact line w = 2, b = 0 (the gradient is zero)"),
        Case((0.5, 1.0, np.array([[2.0]]), np.array([3.0])), "a batch of one example, X of shape (1, 1)"),
    ]
    X = rng.normal(size=(7, 1))
    y = 1.5 * X.ravel() - 0.5 + 0.1 * rng.normal(size=7)
    return fixed + [Case((float(rng.normal()), float(rng.normal()), X, y), "random X of shape (7, 1)")]


LINE_GRADIENT = Exercise(
    exercise_id="07.2",
    name="line_mse_gradient",
    reference=_line_gradient,
    cases=_line_cases,
    mistakes=(
        Mistake(
            "(m, 1) broadcast against (m,)",
            _line_gradient_broadcast,
            "w * X + b - y has shape (m, m), not (m,): X is a column (m, 1) and y a row-like (m,), so NumPy "
            "pairs every prediction with every target. Flatten first, x = X.ravel(), and check "
            "(w * x + b - y).shape == y.shape.",
        ),
        Mistake(
            "sum instead of mean",
            lambda w, b, X, y: _line_gradient(w, b, X, y) * len(y),
            "The loss is the MEAN of the squared residuals, so its gradient keeps the 1/m: use np.mean, not np.sum.",
        ),
        Mistake(
            "missing factor 2",
            lambda w, b, X, y: _line_gradient(w, b, X, y) / 2,
            "The derivative of r**2 is 2r: both partial derivatives carry a factor 2.",
        ),
        Mistake(
            "sign flipped",
            lambda w, b, X, y: -_line_gradient(w, b, X, y),
            "The residual is prediction minus target, r = w * x + b - y; with y - (w * x + b) every sign flips.",
        ),
        Mistake(
            "x factor in the bias derivative",
            lambda w, b, X, y: np.array([_line_gradient(w, b, X, y)[0]] * 2),
            "d loss/db has no factor x: the prediction changes by 1 when b changes by 1, so d loss/db = 2 * mean(r).",
        ),
        Mistake(
            "derivatives in the wrong order",
            lambda w, b, X, y: _line_gradient(w, b, X, y)[::-1],
            "Return the two derivatives in the order of the docstring, (d loss/dw, d loss/db): the one for w "
            "first, then the one for b.",
        ),
        Mistake(
            "an entry of shape (1,) in np.array",
            _line_gradient_ragged,
            "np.array([...]) got entries of different shapes: X.T @ r is an array of shape (1,) (X is a column), "
            "the other entry a single number. Take the number out with (X.T @ r).item(), or flatten first, "
            "x = X.ravel(), and use x @ r or np.mean(r * x).",
        ),
    ),
)

# --- 07.3 one Adam step -----------------------------------------------------------------------------


def _adam(params, grad, m, v, t, lr, beta1, beta2, eps, correct=True, root=True, sign=-1.0, return_corrected=False,
          eps_inside=False, t_shift=0):
    m_new = beta1 * m + (1 - beta1) * grad
    v_new = beta2 * v + (1 - beta2) * grad**2
    m_hat = m_new / (1 - beta1 ** (t + t_shift)) if correct else m_new
    v_hat = v_new / (1 - beta2 ** (t + t_shift)) if correct else v_new
    if eps_inside:
        new_params = params + sign * lr * m_hat / np.sqrt(v_hat + eps)
    else:
        new_params = params + sign * lr * m_hat / ((np.sqrt(v_hat) if root else v_hat) + eps)
    return (new_params, m_hat, v_hat) if return_corrected else (new_params, m_new, v_new)


def _adam_swapped(params, grad, m, v, t, lr, beta1, beta2, eps):
    return _adam(params, grad, m, v, t, lr, beta2, beta1, eps)


def _adam_cases(rng: np.random.Generator) -> list[Case]:
    zeros3 = np.zeros(3)
    fixed = [
        Case((np.array([1.0, -2.0, 0.5]), np.array([0.4, -3.0, 0.02]), zeros3, zeros3, 1, 0.1, 0.9, 0.999, 1e-8),
             "the first step (t = 1) from zero moments"),
        Case((np.array([0.3, 0.7, -1.2]), np.array([1.0, -0.5, 2.0]), np.array([0.5, -0.2, 0.1]),
              np.array([0.4, 0.3, 0.9]), 5, 0.01, 0.9, 0.999, 1e-8), "step t = 5 with earlier moments"),
        Case((np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 4.0]]), np.array([[1e3, -2e3, 5e2], [0.0, 1e4, -1e3]]),
              np.zeros((2, 3)), np.zeros((2, 3)), 1, 0.001, 0.9, 0.999, 1e-8),
             "a (2, 3) weight matrix with large gradients, t = 1"),
        Case((np.array([2.0]), np.array([-0.3]), np.array([0.05]), np.array([0.01]), 3, 0.05, 0.8, 0.99, 1e-8),
             "one parameter, other betas (0.8, 0.99), t = 3"),
    ]
    params, grad, m = rng.normal(size=(3, 4))
    v = rng.uniform(0.1, 1.0, size=4)
    return fixed + [Case((params, grad, m, v, 20, 0.01, 0.9, 0.999, 1e-8), "random arrays of shape (4,), t = 20")]


ADAM_STEP = Exercise(
    exercise_id="07.3",
    name="adam_step",
    reference=lambda params, grad, m, v, t, lr, beta1, beta2, eps: _adam(params, grad, m, v, t, lr, beta1, beta2, eps),
    cases=_adam_cases,
    mistakes=(
        Mistake(
            "no bias correction",
            lambda *args: _adam(*args, correct=False),
            "Correct the bias of the averages before the step: m_hat = m / (1 - beta1**t) and "
            "v_hat = v / (1 - beta2**t). Return the UNcorrected m and v, which the next step builds on.",
        ),
        Mistake(
            "square root missing",
            lambda *args: _adam(*args, root=False),
            "Divide by the square root of the second moment, np.sqrt(v_hat) + eps: v averages SQUARED gradients, "
            "so its root has the units of the gradient.",
        ),
        Mistake(
            "beta1 and beta2 swapped",
            _adam_swapped,
            "beta1 (0.9) belongs to the first moment m (the average gradient), beta2 (0.999) to the second "
            "moment v (the average squared gradient): m = beta1 * m + (1 - beta1) * grad, "
            "v = beta2 * v + (1 - beta2) * grad**2.",
        ),
        Mistake(
            "step uphill",
            lambda *args: _adam(*args, sign=1.0),
            "Subtract the step: params - lr * m_hat / (np.sqrt(v_hat) + eps).",
        ),
        Mistake(
            "bias-corrected moments returned",
            lambda *args: _adam(*args, return_corrected=True),
            "The update is right, but return the UNcorrected averages m and v, not m_hat and v_hat: the next step "
            "builds on the plain running averages; the bias correction is used only inside the update.",
        ),
        Mistake(
            "eps inside the square root",
            lambda *args: _adam(*args, eps_inside=True),
            "Add eps after taking the root, np.sqrt(v_hat) + eps, not np.sqrt(v_hat + eps): inside the root it "
            "acts like sqrt(eps) = 1e-4 and shrinks the steps of coordinates with small gradients.",
        ),
        Mistake(
            "bias correction with t + 1",
            lambda *args: _adam(*args, t_shift=1),
            "Use the step number t itself in the bias correction, 1 - beta1**t and 1 - beta2**t: t already counts "
            "from 1, so do not add 1 to it.",
        ),
    ),
)

# --- 07.4 the logistic (binary cross-entropy) loss from logits ----------------------------------------


def _naive_logistic_loss(z, y):
    p = 1.0 / (1.0 + np.exp(-z))
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _clipped_logistic_loss(z, y):
    p = np.clip(0.5 * (1.0 + np.tanh(0.5 * z)), 1e-15, 1 - 1e-15)  # the sigmoid, then clipped
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _math_logistic_loss(z, y):
    return float(np.mean([math.log(1 + math.exp(zi)) - yi * zi for zi, yi in zip(z, y, strict=True)]))  # raises at 800


def _logistic_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([-50.0, -1.0, 0.0, 2.0, 40.0]), np.array([1.0, 0.0, 1.0, 1.0, 0.0])),
             "z = -50, -1, 0, 2, 40 with labels 1, 0, 1, 1, 0"),
        Case((np.array([800.0, -800.0, 3.0]), np.array([0.0, 1.0, 1.0])), "huge logits, +-800: nothing may overflow"),
        Case((np.array([0.0, 0.0, 0.0, 0.0]), np.array([1.0, 0.0, 0.0, 1.0])), "z = 0: the loss is log 2"),
        Case((np.array([1.5]), np.array([1.0])), "a batch of one example"),
        Case((np.array([4.0, -3.0, 2.5, -6.0]), np.array([1.0, 0.0, 1.0, 0.0])), "confident and right: a small loss"),
    ]
    z = 3.0 * rng.normal(size=9)
    return fixed + [Case((z, (rng.random(9) < 0.5).astype(float)), "9 random logits and labels")]


LOGISTIC_LOSS = Exercise(
    exercise_id="07.4",
    name="logistic_loss",
    reference=lambda z, y: float(np.mean(np.logaddexp(0.0, z) - y * z)),
    cases=_logistic_cases,
    warning_hint="Something overflowed or took log(0). Do not form the sigmoid first: use "
    "-log(sigmoid(z)) = np.logaddexp(0, -z) and -log(1 - sigmoid(z)) = np.logaddexp(0, z).",
    mistakes=(
        Mistake(
            "log of a rounded sigmoid",
            _naive_logistic_loss,
            "At z = 40 the sigmoid rounds to exactly 1.0, so log(1 - p) is log(0) = -inf. Never take the log of a "
            "computed sigmoid: the loss per example is np.logaddexp(0, z) - y * z.",
        ),
        Mistake(
            "exp overflow in log(1 + e^z)",
            lambda z, y: float(np.mean(np.log1p(np.exp(z)) - y * z)),
            "np.exp(800) overflows to inf. Compute log(1 + e^z) as np.logaddexp(0, z), which never overflows.",
        ),
        Mistake(
            "sum instead of mean",
            lambda z, y: float(np.sum(np.logaddexp(0.0, z) - y * z)),
            "The loss is the MEAN over the m examples (np.mean), so that it does not grow with the batch size.",
        ),
        Mistake(
            "sign flipped",
            lambda z, y: float(np.mean(y * z - np.logaddexp(0.0, z))),
            "A cross-entropy is never negative: it is MINUS the mean log-likelihood. Per example: "
            "np.logaddexp(0, z) - y * z.",
        ),
        Mistake(
            "labels swapped",
            lambda z, y: float(np.mean(np.logaddexp(0.0, z) - (1 - y) * z)),
            "The logit z is the evidence for label 1: the loss is small when y = 1 and z is large. Use y * z, "
            "not (1 - y) * z.",
        ),
        Mistake(
            "probabilities clipped to [1e-15, 1 - 1e-15]",
            _clipped_logistic_loss,
            "Clipping p to [1e-15, 1 - 1e-15] avoids log(0) but caps every term at -log(1e-15), about 34.5: the "
            "confidently wrong z = -50 for a 1 must cost 50. Do not form p at all: per example the loss is "
            "np.logaddexp(0, z) - y * z.",
        ),
        Mistake(
            "math.exp overflow",
            _math_logistic_loss,
            "math.exp(800) is beyond the float range (math.exp overflows above about 709) and the math module "
            "raises an error instead of returning inf. Compute log(1 + e^z) for the whole array with "
            "np.logaddexp(0, z), which never overflows.",
        ),
    ),
)

# --- 07.5 a proximal gradient step for the L1 penalty ------------------------------------------------


def _soft(v, threshold):
    return np.sign(v) * np.maximum(np.abs(v) - threshold, 0.0)


def _prox_step(w, grad, lr, lam):
    return _soft(w - lr * grad, lr * lam)


def _prox_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([0.5, -0.02, 0.0, -1.5, 0.1]), np.array([1.0, 0.0, 0.3, -2.0, 0.6]), 0.1, 0.5),
             "w of shape (5,), lr = 0.1, lam = 0.5 (threshold 0.05)"),
        Case((np.array([-3.0, -0.4, 2.0]), np.array([-1.0, 2.0, 5.0]), 0.2, 1.0), "negative weights, threshold 0.2"),
        Case((np.array([0.03, -0.01, 0.2]), np.zeros(3), 0.1, 2.0), "zero gradient: only the shrinking acts"),
        Case((np.array([120.0, -300.0, 0.5, -0.05]), np.array([10.0, -20.0, 1.0, 0.0]), 0.5, 0.3),
             "large weights"),
        Case((np.array([0.7]), np.array([0.2]), 0.5, 0.2), "a single weight"),
        Case((np.array([1.0, -1.0]), np.array([0.5, -0.5]), 0.1, 0.0), "lam = 0: a plain gradient step"),
    ]
    w, grad = rng.normal(size=(2, 8))
    return fixed + [Case((w, grad, 0.1, 2.0), "random w and gradient of shape (8,), lr = 0.1, lam = 2")]


PROXIMAL_STEP = Exercise(
    exercise_id="07.5",
    name="proximal_l1_step",
    reference=_prox_step,
    cases=_prox_cases,
    mistakes=(
        Mistake(
            "threshold lam instead of lr * lam",
            lambda w, grad, lr, lam: _soft(w - lr * grad, lam),
            "The threshold is lr * lam, not lam: the penalty's pull is scaled by the step size, like the gradient.",
        ),
        Mistake(
            "survivors not shrunk",
            lambda w, grad, lr, lam: (w - lr * grad) * (np.abs(w - lr * grad) > lr * lam),
            "Zeroing the small entries is only half of it: the entries that survive are also moved towards 0 by "
            "lr * lam, sign(v) * max(|v| - lr * lam, 0).",
        ),
        Mistake(
            "sign lost",
            lambda w, grad, lr, lam: np.maximum(np.abs(w - lr * grad) - lr * lam, 0.0),
            "Negative weights came out positive: multiply by np.sign(v) to give each survivor back its sign.",
        ),
        Mistake(
            "shrink before the gradient step",
            lambda w, grad, lr, lam: _soft(w, lr * lam) - lr * grad,
            "Take the gradient step first, v = w - lr * grad, and soft-threshold v; shrinking w first and "
            "stepping afterwards leaves the result off zero.",
        ),
        Mistake(
            "subgradient step",
            lambda w, grad, lr, lam: w - lr * (grad + lam * np.sign(w)),
            "That is a subgradient step, w - lr * (grad + lam * sign(w)): it jumps over 0 instead of stopping "
            "there. Soft-threshold instead: v = w - lr * grad, then sign(v) * max(|v| - lr * lam, 0).",
        ),
        Mistake(
            "negative weights set to 0",
            lambda w, grad, lr, lam: np.maximum(w - lr * grad - lr * lam, 0.0),
            "np.maximum(v - lr * lam, 0) works only for positive v: it sets every negative weight to 0. Shrink the "
            "size and keep the sign: np.sign(v) * np.maximum(np.abs(v) - lr * lam, 0).",
        ),
    ),
)

EXERCISES = (GRADIENT_DESCENT_1D, LINE_GRADIENT, ADAM_STEP, LOGISTIC_LOSS, PROXIMAL_STEP)
