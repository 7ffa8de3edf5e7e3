"""Exercises of notebook 10 (recurrent networks)."""

import numpy as np

from utils.checks import Case, Exercise, Mistake

# ---------------------------------------------------------------------------------------------
# 10.1 · the unrolled forward pass


def _rnn_forward(xs, h0, W_x, W_h, b, recurrent=True, reuse_h0=False, transpose=False, squash=True):
    """All hidden states (T, m, n_h); the flags switch on the classic mistakes."""
    h, states = h0, []
    recurrent_matrix = W_h.T if transpose else W_h
    for x_t in xs:
        previous = h0 if reuse_h0 else h
        pre = x_t @ W_x + b + (previous @ recurrent_matrix if recurrent else 0.0)
        h = np.tanh(pre) if squash else pre
        states.append(h)
    return np.stack(states)


def _forward_skipping_first(xs, h0, W_x, W_h, b):
    """The classic off-by-one: a preallocated output and a loop that starts at t = 1, so xs[0] is never read."""
    states = np.zeros((len(xs), xs.shape[1], W_h.shape[0]))
    h = h0
    for t in range(1, len(xs)):
        h = np.tanh(xs[t] @ W_x + h @ W_h + b)
        states[t] = h
    return states


def _forward_one_short(xs, h0, W_x, W_h, b):
    """The same off-by-one with a list: T - 1 states, none of them having read xs[0]."""
    h, states = h0, []
    for t in range(1, len(xs)):
        h = np.tanh(xs[t] @ W_x + h @ W_h + b)
        states.append(h)
    return np.stack(states)


def _forward_cases(rng: np.random.Generator) -> list[Case]:
    fixed_xs = np.array([
        [[1.0, 0.0, -1.0, 0.5], [0.2, -0.3, 0.0, 1.0]],
        [[0.0, 1.0, 0.5, -0.5], [-1.0, 0.4, 0.3, 0.0]],
        [[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 1.0, -1.0]],
    ])  # (T, m, n_in) = (3, 2, 4)
    fixed_W_x = np.array([
        [0.5, -0.2, 0.1, 0.0, 0.3],
        [-0.4, 0.6, 0.0, 0.2, -0.1],
        [0.1, 0.1, -0.5, 0.4, 0.2],
        [0.0, -0.3, 0.2, 0.1, 0.5],
    ])  # (4, 5)
    fixed_W_h = np.array([
        [0.9, -0.5, 0.0, 0.3, 0.1],
        [0.2, 0.4, -0.6, 0.0, 0.5],
        [0.0, 0.7, 0.3, -0.2, 0.0],
        [-0.4, 0.0, 0.2, 0.5, -0.3],
        [0.3, -0.1, 0.0, 0.6, 0.2],
    ])  # (5, 5), not symmetric, so a transpose shows
    fixed_h0 = np.array([[0.5, -0.5, 0.2, 0.0, 0.1], [-0.2, 0.3, 0.0, 0.4, -0.6]])
    fixed_b = np.array([0.1, 0.0, -0.2, 0.3, 0.05])
    fixed = [
        Case((fixed_xs, fixed_h0, fixed_W_x, fixed_W_h, fixed_b), "T = 3 steps, batch m = 2, n_in = 4, n_h = 5"),
        Case((fixed_xs, np.zeros((2, 5)), np.zeros((4, 5)), np.zeros((5, 5)), fixed_b),
             "zero weights and zero h0: every state is tanh(b)"),
        Case((fixed_xs[:1, :1], fixed_h0[:1], fixed_W_x, fixed_W_h, fixed_b), "one step, a batch of one"),
        Case((10.0 * fixed_xs, fixed_h0, fixed_W_x, 3.0 * fixed_W_h, fixed_b), "large inputs and weights (tanh saturates)"),
    ]
    T, m, n_in, n_h = 6, 4, 3, 7
    random_case = Case(
        (rng.normal(size=(T, m, n_in)), rng.normal(size=(m, n_h)), rng.normal(size=(n_in, n_h)) / np.sqrt(n_in),
         rng.normal(size=(n_h, n_h)) / np.sqrt(n_h), rng.normal(size=n_h) * 0.1),
        "random: T = 6, m = 4, n_in = 3, n_h = 7",
    )
    return fixed + [random_case]


RNN_FORWARD = Exercise(
    exercise_id="10.1",
    name="rnn_forward",
    reference=_rnn_forward,
    cases=_forward_cases,
    mistakes=(
        Mistake(
            "only the final state returned",
            lambda xs, h0, W_x, W_h, b: _rnn_forward(xs, h0, W_x, W_h, b)[-1],
            "Return EVERY hidden state h_1, ..., h_T stacked into one array of shape (T, m, n_h), not just the last "
            "one: collect them in a list inside the loop and finish with np.stack(states).",
        ),
        Mistake(
            "h0 included in the output",
            lambda xs, h0, W_x, W_h, b: np.concatenate([h0[None], _rnn_forward(xs, h0, W_x, W_h, b)]),
            "Leave out the initial state: the output holds h_1, ..., h_T, one state per input step, shape (T, m, n_h).",
        ),
        Mistake(
            "recurrent term left out",
            lambda xs, h0, W_x, W_h, b: _rnn_forward(xs, h0, W_x, W_h, b, recurrent=False),
            "Each step must also add h_prev @ W_h inside the tanh: without it the network has no memory of "
            "earlier steps.",
        ),
        Mistake(
            "h0 used at every step",
            lambda xs, h0, W_x, W_h, b: _rnn_forward(xs, h0, W_x, W_h, b, reuse_h0=True),
            "Feed each step the state computed at the step before (h = np.tanh(...) and use that h next time), "
            "not the initial state h0 every time.",
        ),
        Mistake(
            "W_h transposed",
            lambda xs, h0, W_x, W_h, b: _rnn_forward(xs, h0, W_x, W_h, b, transpose=True),
            "The states are rows, so multiply as h_prev @ W_h (shape (m, n_h) times (n_h, n_h)), not h_prev @ W_h.T.",
        ),
        Mistake(
            "tanh left out",
            lambda xs, h0, W_x, W_h, b: _rnn_forward(xs, h0, W_x, W_h, b, squash=False),
            "Apply np.tanh to x_t @ W_x + h_prev @ W_h + b at every step.",
        ),
        Mistake(
            "loop skips xs[0] (first state left at zero)",
            _forward_skipping_first,
            "Your loop starts at t = 1, so it never reads the first input xs[0] and leaves the first state at zero: "
            "the first state is h_1 = tanh(xs[0] @ W_x + h0 @ W_h + b). Loop over every input (for x_t in xs: ...) "
            "or use range(len(xs)).",
        ),
        Mistake(
            "loop skips xs[0] (one state short)",
            _forward_one_short,
            "Your loop starts at t = 1, so it skips the first input xs[0] and returns only T - 1 states: start from "
            "h0, loop over every input (for x_t in xs: ...), and collect T states, the first being "
            "h_1 = tanh(xs[0] @ W_x + h0 @ W_h + b).",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# 10.2 · backpropagation through time for W_h


def _weighted_states_loss(W_h, xs, h0, W_x, b, weights):
    """L = sum over t, examples and units of weights[t] * h_t: any loss's gradient enters BPTT like this."""
    return float(np.sum(weights * _rnn_forward(xs, h0, W_x, W_h, b)))


def _bptt_Wh(W_h, xs, h0, W_x, b, weights, mode="right"):
    """dL/dW_h by backpropagation through time; ``mode`` switches on a classic mistake."""
    hs = _rnn_forward(xs, h0, W_x, W_h, b)
    previous = np.concatenate([h0[None], hs[:-1]])  # h_{t-1} for t = 1..T
    T = len(xs)
    grad_W_h = np.zeros_like(W_h)
    grad_h = np.zeros_like(h0)  # dL/dh_t arriving from step t + 1
    if mode == "wraps_at_first_step":
        previous = hs[np.arange(T) - 1]  # hs[t - 1] with t = 0 gives hs[-1] = h_T instead of h0
    for t in reversed(range(T)):
        grad_h = weights[t] + (grad_h if mode != "no_recurrent_term" else 0.0)
        if mode == "slope_from_preactivation":
            pre = xs[t] @ W_x + previous[t] @ W_h + b
            slope = 1.0 - pre**2
        elif mode == "tanh_applied_again":
            slope = 1.0 - np.tanh(hs[t]) ** 2
        else:
            slope = 1.0 - hs[t] ** 2
        grad_pre = grad_h * slope
        if mode == "uses_h_t":
            contribution = hs[t].T @ grad_pre
        elif mode == "transposed":
            contribution = grad_pre.T @ previous[t]
        else:
            contribution = previous[t].T @ grad_pre
        if mode == "overwritten":
            grad_W_h = contribution
        elif mode == "last_step_only":
            grad_W_h = contribution if t == T - 1 else grad_W_h
        else:
            grad_W_h = grad_W_h + contribution
        grad_h = (grad_h if mode == "recurrent_without_slope" else grad_pre) @ W_h.T
    return grad_W_h / len(h0) if mode == "divided_by_batch" else grad_W_h


def _bptt_cases(rng: np.random.Generator) -> list[Case]:
    forward_cases = _forward_cases(np.random.default_rng(0))
    xs, h0, W_x, W_h, b = forward_cases[0].args  # T = 3, m = 2, n_in = 4, n_h = 5
    weights = np.array([
        [[1.0, -0.5, 0.0, 0.2, 0.3], [0.0, 0.4, -1.0, 0.5, 0.1]],
        [[-0.3, 0.0, 0.6, 0.0, -0.2], [0.5, 0.5, 0.0, -0.4, 0.2]],
        [[0.2, 1.0, -0.2, 0.3, 0.0], [-0.6, 0.1, 0.3, 0.0, 0.7]],
    ])
    last_only = np.zeros_like(weights)
    last_only[-1] = weights[-1]
    fixed = [
        Case((W_h, xs, h0, W_x, b, weights), "T = 3, m = 2, n_in = 4, n_h = 5, the loss uses every state"),
        Case((W_h, xs, h0, W_x, b, last_only), "the loss uses only the last state (as in a many-to-one model)"),
        Case((np.zeros((5, 5)), xs, h0, W_x, b, weights), "W_h = 0 (its gradient is still not zero)"),
        Case((W_h, xs[:1, :1], h0[:1], W_x, b, weights[:1, :1]), "one step, a batch of one"),
    ]
    T, m, n_in, n_h = 5, 3, 2, 4
    random_case = Case(
        (rng.normal(size=(n_h, n_h)) / np.sqrt(n_h), rng.normal(size=(T, m, n_in)), rng.normal(size=(m, n_h)),
         rng.normal(size=(n_in, n_h)) / np.sqrt(n_in), rng.normal(size=n_h) * 0.1, rng.normal(size=(T, m, n_h))),
        "random: T = 5, m = 3, n_in = 2, n_h = 4",
    )
    return fixed + [random_case]


BPTT_WH = Exercise(
    exercise_id="10.2",
    name="bptt_grad_Wh",
    reference=_bptt_Wh,
    cases=_bptt_cases,
    gradient_of=_weighted_states_loss,
    mistakes=(
        Mistake(
            "only the last step's contribution",
            lambda *args: _bptt_Wh(*args, mode="last_step_only"),
            "W_h is used at EVERY step, so its gradient is a sum over time: add h_{t-1}.T @ da_t for every t = T, ..., 1 "
            "(grad_W_h += ... inside the loop), not only the term of the last step.",
        ),
        Mistake(
            "gradient not accumulated over time steps",
            lambda *args: _bptt_Wh(*args, mode="overwritten"),
            "Your loop overwrites the gradient at each step (grad_W_h = ...), so only one step's term survives: start "
            "from zeros and ADD each step's term, grad_W_h += h_{t-1}.T @ da_t.",
        ),
        Mistake(
            "recurrent term forgotten",
            lambda *args: _bptt_Wh(*args, mode="no_recurrent_term"),
            "h_{t-1} also affects the loss through h_t: before using dL/dh_{t-1}, add the part coming back from step t, "
            "da_t @ W_h.T, to the loss's own weights[t-1].",
        ),
        Mistake(
            "tanh slope from the pre-activation",
            lambda *args: _bptt_Wh(*args, mode="slope_from_preactivation"),
            "The slope of tanh is 1 - tanh(a)**2 = 1 - h**2, computed from the state h_t; 1 - a**2 with the "
            "pre-activation a is not it.",
        ),
        Mistake(
            "tanh applied to the state again",
            lambda *args: _bptt_Wh(*args, mode="tanh_applied_again"),
            "h_t is already a tanh output, so the slope is 1 - h_t**2; do not apply np.tanh to h_t again.",
        ),
        Mistake(
            "h_t instead of h_{t-1}",
            lambda *args: _bptt_Wh(*args, mode="uses_h_t"),
            "W_h multiplies the PREVIOUS state in h_t = tanh(x_t W_x + h_{t-1} W_h + b), so step t adds "
            "h_{t-1}.T @ da_t (with h_0 at the first step), not h_t.T @ da_t.",
        ),
        Mistake(
            "outer product transposed",
            lambda *args: _bptt_Wh(*args, mode="transposed"),
            "The gradient has the shape of W_h, rows indexed by the previous state's units: use h_{t-1}.T @ da_t, "
            "not da_t.T @ h_{t-1}.",
        ),
        Mistake(
            "hs[t-1] wraps around at the first step",
            lambda *args: _bptt_Wh(*args, mode="wraps_at_first_step"),
            "At the first step (t = 0 in Python) hs[t - 1] is hs[-1], the LAST state h_T, not the initial state: "
            "the state before the first step is h0. Use h0 when t == 0, or build "
            "previous = np.concatenate([h0[None], hs[:-1]]) and take previous[t].",
        ),
        Mistake(
            "recurrent pass without the tanh slope",
            lambda *args: _bptt_Wh(*args, mode="recurrent_without_slope"),
            "The gradient sent back to h_{t-1} must go through the tanh first: pass da_t @ W_h.T (with "
            "da_t = dL/dh_t * (1 - h_t**2)), not dL/dh_t @ W_h.T.",
        ),
        Mistake(
            "divided by the batch size",
            lambda *args: _bptt_Wh(*args, mode="divided_by_batch"),
            "Do not divide by the batch size m: the loss here is a plain sum, L = sum(weights * hs), and "
            "h_{t-1}.T @ da_t already adds up the examples. Return the sum of the steps' terms as it is.",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# 10.3 · the norm of dh_T/dh_0 for the linear recurrence


def _linear_norm(W, T):
    return float(np.linalg.norm(np.linalg.matrix_power(W, T), 2))


def _norm_cases(rng: np.random.Generator) -> list[Case]:
    angle = 0.7
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    q, r = np.linalg.qr(rng.normal(size=(4, 4)))
    fixed = [
        Case((np.array([[0.9, 0.8, 0.0], [0.0, 0.7, 0.5], [0.1, 0.0, 0.6]]), 4), "a non-normal W (3, 3), T = 4"),
        Case((np.array([[1.0, 1.0], [0.0, 1.0]]), 5), "the shear [[1, 1], [0, 1]], T = 5: eigenvalues 1, yet growth"),
        Case((0.5 * rotation, 4), "W = 0.5 Q with Q a rotation, T = 4 (the answer is 0.5**4)"),
        Case((2.0 * np.eye(3), 1), "W = 2 I, one step"),
        Case((np.diag([1.5, 0.3, 0.8]), 20), "a diagonal W, T = 20 (large and small factors)"),
    ]
    return fixed + [Case((1.1 * q * np.sign(np.diag(r)), 30), "W = 1.1 Q, Q a random orthogonal (4, 4), T = 30"),
                    Case((rng.normal(size=(5, 5)) / np.sqrt(5), 7), "a random W (5, 5), T = 7")]


LINEAR_NORM = Exercise(
    exercise_id="10.3",
    name="jacobian_norm_linear",
    reference=_linear_norm,
    cases=_norm_cases,
    mistakes=(
        Mistake(
            "Frobenius norm",
            lambda W, T: float(np.linalg.norm(np.linalg.matrix_power(W, T))),
            "np.linalg.norm(M) of a matrix is the Frobenius norm (root of the sum of squares); the spectral norm, the "
            "largest stretch factor, is np.linalg.norm(M, 2).",
        ),
        Mistake(
            "product of the step norms",
            lambda W, T: float(np.linalg.norm(W, 2) ** T),
            "||W||**T is only an upper bound on ||W**T||: multiply the T matrices first (np.linalg.matrix_power(W, T)), "
            "then take the spectral norm of the product.",
        ),
        Mistake(
            "elementwise power",
            lambda W, T: float(np.linalg.norm(W**T, 2)),
            "W**T raises each entry to the power T; the Jacobian of T steps is the matrix product W @ W @ ... @ W, "
            "np.linalg.matrix_power(W, T).",
        ),
        Mistake(
            "one step too few",
            lambda W, T: float(np.linalg.norm(np.linalg.matrix_power(W, T - 1), 2)),
            "Going from h_0 to h_T takes T steps, so the product has T factors of W (not T - 1).",
        ),
        Mistake(
            "largest eigenvalue to the power T",
            lambda W, T: float(np.max(np.abs(np.linalg.eigvals(W))) ** T),
            "The largest |eigenvalue| to the power T describes the long run only; for a matrix that is not orthogonal "
            "(e.g. the shear [[1, 1], [0, 1]]) the stretch is larger. Take np.linalg.norm(np.linalg.matrix_power(W, T), 2).",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# 10.4 · clipping by norm


def _clip_by_norm(grad, max_norm):
    norm = np.sqrt(np.sum(grad**2))
    return grad * (max_norm / norm) if norm > max_norm else grad.copy()


def _clip_always(grad, max_norm):
    with np.errstate(invalid="ignore", divide="ignore"):
        return grad * (max_norm / np.sqrt(np.sum(grad**2)))


def _clip_squared(grad, max_norm):
    squared = np.sum(grad**2)
    return grad * (max_norm / squared) if squared > max_norm else grad.copy()


def _clip_upside_down(grad, max_norm):
    norm = np.sqrt(np.sum(grad**2))
    return grad * (norm / max_norm) if norm > max_norm else grad.copy()


def _clip_spectral(grad, max_norm):
    norm = np.linalg.norm(grad, 2)  # for a matrix: the spectral norm, not the norm of all entries
    return grad * (max_norm / norm) if norm > max_norm else grad.copy()


def _clip_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([3.0, -4.0, 12.0]), 6.5), "norm 13 above the threshold 6.5: halve the gradient"),
        Case((np.array([0.3, -0.4]), 1.0), "norm 0.5 below the threshold 1: unchanged"),
        Case((np.zeros(3), 1.0), "a zero gradient (norm 0): unchanged, no division by zero"),
        Case((np.array([[1.0, -2.0, 0.5], [2.0, 0.0, -1.0]]), 0.5), "a matrix (2, 3): the norm of ALL its entries"),
        Case((np.array([0.6, 0.8]), 1.0), "norm exactly at the threshold: unchanged"),
        Case((np.array([400.0, 0.1, -0.3]), 2.0), "one huge entry and two small ones"),
    ]
    return fixed + [Case((rng.normal(size=(4, 5)) * 3, 2.5), "random (4, 5) gradient, threshold 2.5")]


CLIP_BY_NORM = Exercise(
    exercise_id="10.4",
    name="clip_by_norm",
    reference=_clip_by_norm,
    cases=_clip_cases,
    mistakes=(
        Mistake(
            "clipped by value",
            lambda grad, max_norm: np.clip(grad, -max_norm, max_norm),
            "That clips each entry separately (clipping by value), which turns the gradient; scale the WHOLE gradient "
            "by max_norm / norm when its norm exceeds max_norm.",
        ),
        Mistake(
            "always rescaled",
            _clip_always,
            "Only shrink gradients that are too long: if the norm is at most max_norm, return the gradient unchanged "
            "(your version also stretches short ones and divides by zero for a zero gradient).",
        ),
        Mistake(
            "squared norm",
            _clip_squared,
            "Use the norm itself, np.sqrt(np.sum(grad**2)) (or np.linalg.norm(grad)), not the sum of squares.",
        ),
        Mistake(
            "ratio upside down",
            _clip_upside_down,
            "The scale factor is max_norm / norm (less than 1 when clipping), not norm / max_norm.",
        ),
        Mistake(
            "spectral norm of a matrix",
            _clip_spectral,
            "For a matrix, np.linalg.norm(grad, 2) is the spectral norm (the largest stretch factor), not the norm "
            "over all entries: drop the 2 and write np.linalg.norm(grad), or np.sqrt(np.sum(grad**2)).",
        ),
    ),
)

EXERCISES = (RNN_FORWARD, BPTT_WH, LINEAR_NORM, CLIP_BY_NORM)
