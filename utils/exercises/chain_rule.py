"""Exercises of notebook 04 (chain rule)."""

import numpy as np

from utils.checks import Case, Exercise, Mistake


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -z))


def _nested_parts(x, w1, w2):
    s1 = _sigmoid(w1 * x)
    s2 = _sigmoid(w2 * s1)
    return s1, s2, s2 * (1 - s2), s1 * (1 - s1)


def _nested_grads(x, w1, w2):
    s1, s2, outer, inner = _nested_parts(x, w1, w2)
    return outer * w2 * inner * w1, outer * w2 * inner * x, outer * s1


def _nested_missing_inner(x, w1, w2):
    s1, s2, outer, inner = _nested_parts(x, w1, w2)
    return outer * w2 * w1, outer * w2 * x, outer * s1


def _nested_x_w1_swapped(x, w1, w2):
    s1, s2, outer, inner = _nested_parts(x, w1, w2)
    return outer * w2 * inner * x, outer * w2 * inner * w1, outer * s1


def _nested_output_convention_on_input(x, w1, w2):
    s1 = _sigmoid(w1 * x)
    z2 = w2 * s1
    outer, inner = z2 * (1 - z2), (w1 * x) * (1 - w1 * x)
    return outer * w2 * inner * w1, outer * w2 * inner * x, outer * s1


def _nested_reversed(x, w1, w2):
    return tuple(reversed(_nested_grads(x, w1, w2)))


def _nested_missing_w2(x, w1, w2):
    s1, s2, outer, inner = _nested_parts(x, w1, w2)
    return outer * inner * w1, outer * inner * x, outer * s1


def _nested_input_convention_on_outputs(x, w1, w2):
    s1 = _sigmoid(w1 * x)
    s2 = _sigmoid(w2 * s1)
    outer, inner = _sigmoid(s2) * (1 - _sigmoid(s2)), _sigmoid(s1) * (1 - _sigmoid(s1))
    return outer * w2 * inner * w1, outer * w2 * inner * x, outer * s1


def _nested_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((2.0, 3.0, 4.0), "x = 2, w1 = 3, w2 = 4"),
        Case((0.0, -1.5, 2.0), "x = 0"),
        Case((-1.0, 0.5, -2.0), "negative x and w2"),
        Case((np.array([0.5, -1.0, 2.0]), np.array([1.0, 2.0, -0.5]), np.array([-1.0, 0.3, 2.5])),
             "arrays of shape (3,): one example per entry"),
    ]
    x, w1, w2 = rng.normal(size=(3, 5))
    return fixed + [Case((x, w1, w2), "random arrays of shape (5,)")]


NESTED_SIGMOID = Exercise(
    exercise_id="04.1",
    name="nested_sigmoid_grads",
    reference=_nested_grads,
    cases=_nested_cases,
    mistakes=(
        Mistake(
            "inner derivative dropped",
            _nested_missing_inner,
            "The chain stops too early: the path to x and w1 also passes through the inner sigmoid, so "
            "multiply by its slope s1 * (1 - s1) as well.",
        ),
        Mistake(
            "x and w1 factors swapped",
            _nested_x_w1_swapped,
            "The last link of the chain is d(w1 x)/dx = w1 for dy/dx, and d(w1 x)/dw1 = x for dy/dw1.",
        ),
        Mistake(
            "tuple in reverse order",
            _nested_reversed,
            "Return the three gradients in the order (dy/dx, dy/dw1, dy/dw2).",
        ),
        Mistake(
            "w2 factor dropped",
            _nested_missing_w2,
            "The path from s1 to y passes through w2 * s1, whose derivative with respect to s1 is w2: "
            "dy/dx and dy/dw1 both contain the factor w2.",
        ),
        Mistake(
            "sigmoid applied again to the outputs",
            _nested_input_convention_on_outputs,
            "s1 and s2 are already sigmoid outputs, so their slopes are s1 * (1 - s1) and s2 * (1 - s2); "
            "do not apply the sigmoid to them again.",
        ),
        Mistake(
            "output formula applied to the inputs",
            _nested_output_convention_on_input,
            "s * (1 - s) needs the sigmoid's OUTPUT s; you applied it to the input z. Use s1 = sigmoid(w1 x) "
            "and s2 = sigmoid(w2 s1).",
        ),
    ),
)


def _tanh_layer_jacobian(W: np.ndarray, x: np.ndarray) -> np.ndarray:  # parameter names as in the notebook
    slope = 1.0 - np.tanh(W @ x) ** 2
    return slope[:, None] * W


def _jacobian_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.zeros((3, 4)), np.array([1.0, -2.0, 0.5, 3.0])), "zero weights W (3, 4)"),
        Case((np.array([[1.0, -2.0, 0.5, 0.0], [0.3, 0.1, -1.0, 2.0], [-0.5, 0.5, 0.5, -0.5]]), np.array([0.2, -0.1, 0.4, 1.0])),
             "W of shape (3, 4), x of shape (4,)"),
        Case((np.array([[2.0, -1.0]]), np.array([0.5, 0.25])), "one output: W of shape (1, 2)"),
        Case((np.array([[1.0, 0.5, -1.0], [-0.5, 2.0, 0.0], [0.3, -0.2, 0.8]]), np.array([0.6, -0.3, 0.9])),
             "a square W (3, 3): rows and columns must not be confused"),
        Case((np.array([[30.0, -20.0, 10.0], [0.1, 0.2, 0.3]]), np.array([1.0, 1.0, 1.0])), "a saturated unit (large W x)"),
    ]
    return fixed + [Case((rng.normal(size=(5, 2)), rng.normal(size=2)), "random W (5, 2), x (2,)")]


TANH_JACOBIAN = Exercise(
    exercise_id="04.2",
    name="tanh_layer_jacobian",
    reference=_tanh_layer_jacobian,
    cases=_jacobian_cases,
    mistakes=(
        Mistake(
            "transposed",
            lambda w, x: _tanh_layer_jacobian(w, x).T,
            "A Jacobian has one ROW per output and one column per input: shape (m, n) for W of shape (m, n).",
        ),
        Mistake(
            "tanh slope left out",
            lambda w, x: w.copy(),
            "That is the Jacobian of W x alone; the chain rule multiplies it by the slope of tanh, "
            "1 - tanh(W x)**2, one factor per row.",
        ),
        Mistake(
            "slope applied to columns",
            lambda w, x: w * (1.0 - np.tanh(w @ x) ** 2),
            "The slope belongs to each OUTPUT, so it scales the rows: slope[:, None] * W (or np.diag(slope) @ W).",
        ),
        Mistake(  # the same slip written slope * W: NumPy's error message names the shapes the other way round
            "slope times W (columns)",
            lambda w, x: (1.0 - np.tanh(w @ x) ** 2) * w,
            "The slope vector 1 - np.tanh(W @ x)**2 has shape (m,); times W, broadcasting lines its entries up "
            "with the n COLUMNS of W (it fails when m != n). The slope belongs to each output, a row of W: "
            "slope[:, None] * W.",
        ),
        Mistake(
            "slope as a row, slope[None, :]",
            lambda w, x: (1.0 - np.tanh(w @ x) ** 2)[None, :] * w,
            "slope[None, :] has shape (1, m), a row, so it scales the COLUMNS of W; the slope belongs to each "
            "output, a row of W, so make it a column: slope[:, None] * W (shape (m, 1)).",
        ),
        Mistake(
            "slope of tanh(x)",
            lambda w, x: w * (1.0 - np.tanh(x) ** 2),
            "Evaluate tanh's slope at the layer's pre-activation W @ x, not at the input x.",
        ),
    ),
)


def _mul_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((2.0, 3.0, 1.0), "a = 2, b = 3, upstream gradient 1"),
        Case((-1.5, 4.0, -2.0), "negative values"),
        Case((0.0, 5.0, 0.5), "a = 0"),
        Case((np.array([1.0, -2.0, 3.0]), np.array([0.5, 0.5, -1.0]), np.array([1.0, 2.0, 3.0])), "arrays of shape (3,)"),
    ]
    a, b, upstream = rng.normal(size=(3, 6))
    return fixed + [Case((a, b, upstream), "random arrays of shape (6,)")]


MUL_BACKWARD = Exercise(
    exercise_id="04.3",
    name="mul_backward",
    reference=lambda a, b, upstream: (upstream * b, upstream * a),
    cases=_mul_cases,
    mistakes=(
        Mistake(
            "gradients swapped",
            lambda a, b, upstream: (upstream * a, upstream * b),
            "d(a*b)/da is b, so a's gradient is upstream * b (and b's is upstream * a).",
        ),
        Mistake(
            "upstream gradient ignored",
            lambda a, b, upstream: (b * 1.0, a * 1.0),
            "Multiply each local derivative by the gradient arriving from above (the upstream gradient).",
        ),
        Mistake(
            "passed straight through",
            lambda a, b, upstream: (upstream * 1.0, upstream * 1.0),
            "That is the rule for addition; for a product, each input's gradient is upstream times the OTHER input.",
        ),
    ),
)


def _sigmoid_backward_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((0.5, 1.0), "output 0.5 (input 0), upstream 1"),
        Case((0.880797077977882, -2.0), "output sigmoid(2), upstream -2"),
        Case((np.array([0.1, 0.5, 0.99]), np.array([1.0, 1.0, 1.0])), "outputs of shape (3,)"),
        Case((np.array([1.0, 0.0]), np.array([3.0, 3.0])), "saturated outputs 1 and 0 (the slope is 0)"),
    ]
    return fixed + [Case((rng.uniform(0.01, 0.99, size=6), rng.normal(size=6)), "random outputs and upstream gradients")]


SIGMOID_BACKWARD = Exercise(
    exercise_id="04.4",
    name="sigmoid_backward",
    reference=lambda out, upstream: upstream * out * (1.0 - out),
    cases=_sigmoid_backward_cases,
    mistakes=(
        Mistake(
            "input formula applied to the output",
            lambda out, upstream: upstream * _sigmoid(out) * (1.0 - _sigmoid(out)),
            "The node caches its OUTPUT s, so its slope is s * (1 - s) directly; do not apply the sigmoid again.",
        ),
        Mistake(
            "upstream gradient ignored",
            lambda out, upstream: out * (1.0 - out),
            "Multiply the local slope by the upstream gradient.",
        ),
        Mistake(
            "sign error",
            lambda out, upstream: upstream * out * (1.0 + out),
            "The sigmoid's slope is s * (1 - s), never more than 1/4.",
        ),
    ),
)


def _sweep(parents: list, local_grads: list, reverse: bool = True, accumulate: bool = True,
           chain: bool = True) -> np.ndarray:
    """The backward sweep; the flags switch on the classic mistakes (forward order, =, no chaining)."""
    grads = np.zeros(len(parents))
    grads[-1] = 1.0
    nodes = range(len(parents) - 1, -1, -1) if reverse else range(len(parents))
    for node in nodes:
        for parent, local in zip(parents[node], local_grads[node]):
            contribution = local * grads[node] if chain else local
            grads[parent] = grads[parent] + contribution if accumulate else contribution
    return grads


def _random_graph(rng: np.random.Generator, size: int) -> tuple[list, list]:
    parents, local_grads = [[], []], [[], []]
    for node in range(2, size):
        chosen = sorted(rng.choice(node, size=min(2, node), replace=False).tolist())
        parents.append(chosen)
        local_grads.append(rng.normal(size=len(chosen)).round(3).tolist())
    return parents, local_grads


def _graph_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case(([[], [0], [1]], [[], [3.0], [0.5]]), "a chain 0 -> 1 -> 2 with local derivatives 3 and 0.5"),
        Case(([[], [0], [0], [1, 2]], [[], [2.0], [-1.0], [0.5, 4.0]]), "a diamond: two paths from node 0 to node 3"),
        Case(([[], [0, 0]], [[], [1.0, 1.0]]), "fan-out: node 1 = node 0 + node 0 (the answer for node 0 is 2)"),
        Case(([[], [], [0, 1], [2], [], [3, 4], [5]], [[], [], [3.0, 2.0], [0.0025], [], [4.0, 0.9975], [0.018]]),
             "the nested sigmoid's graph: x, w1, w1*x, sigmoid, w2, w2*s1, sigmoid"),
        Case(([[]], [[]]), "a single node (its gradient is 1)"),
    ]
    return fixed + [Case(_random_graph(rng, 9), "a random graph of 9 nodes")]


BACKPROPAGATE = Exercise(
    exercise_id="04.5",
    name="backpropagate",
    reference=_sweep,
    cases=_graph_cases,
    mistakes=(
        Mistake(
            "overwrites instead of accumulating",
            lambda parents, local_grads: _sweep(parents, local_grads, accumulate=False),
            "A node reached along several paths must SUM their contributions: use grads[parent] += ..., not =.",
        ),
        Mistake(
            "forward order",
            lambda parents, local_grads: _sweep(parents, local_grads, reverse=False),
            "Visit the nodes from the last to the first: a node's gradient must be complete before it is "
            "passed on to its parents.",
        ),
        Mistake(
            "output gradient not set to 1",
            lambda parents, local_grads: np.zeros(len(parents)),
            "Start the sweep with gradient 1 at the output (the last node): d(output)/d(output) = 1.",
        ),
        Mistake(
            "node gradient not multiplied in",
            lambda parents, local_grads: _sweep(parents, local_grads, chain=False),
            "Chain the derivatives: each parent receives local derivative TIMES the gradient of the node.",
        ),
    ),
)

EXERCISES = (NESTED_SIGMOID, TANH_JACOBIAN, MUL_BACKWARD, SIGMOID_BACKWARD, BACKPROPAGATE)
