"""Exercises of notebook 08 (backpropagation)."""

import numpy as np

from utils.checks import Case, Exercise, Mistake


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))


def _log_softmax(logits: np.ndarray, axis: int = 1) -> np.ndarray:
    shifted = logits - logits.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def _one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    encoded = np.zeros((labels.size, n_classes))
    encoded[np.arange(labels.size), labels] = 1.0
    return encoded


# 08.1 -------------------------------------------------------------------------------------------------
def _hidden_backward(H: np.ndarray, W2: np.ndarray, grad_Z2: np.ndarray) -> np.ndarray:
    return (grad_Z2 @ W2.T) * H * (1.0 - H)


def _hidden_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([[0.2, 0.5, 0.9], [0.7, 0.1, 0.4], [0.6, 0.3, 0.8], [0.5, 0.5, 0.5]]),
              np.array([[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]]),
              np.array([[0.1, -0.2], [0.3, 0.05], [-0.4, 0.2], [0.0, 1.0]])),
             "m = 4 examples, 3 hidden units, 2 outputs"),
        Case((np.array([[0.25, 0.75, 0.5]]), np.array([[2.0], [-1.0], [0.5]]), np.array([[0.3]])),
             "a batch of one, one output (the 2-3-1 network)"),
        Case((np.array([[0.0, 1.0, 0.5], [1.0, 0.0, 0.5]]), np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
              np.array([[1.0, 1.0], [-1.0, 2.0]])),
             "saturated hidden units (outputs 0 and 1 pass no gradient)"),
    ]
    H = rng.uniform(0.05, 0.95, size=(5, 4))
    return fixed + [Case((H, rng.normal(size=(4, 3)), rng.normal(size=(5, 3))), "random: m = 5, 4 hidden, 3 outputs")]


HIDDEN_BACKWARD = Exercise(
    exercise_id="08.1",
    name="hidden_backward",
    reference=_hidden_backward,
    cases=_hidden_cases,
    mistakes=(
        Mistake(
            "sigmoid applied again to the cached outputs",
            lambda H, W2, g: (g @ W2.T) * _sigmoid(H) * (1.0 - _sigmoid(H)),
            "H already holds the sigmoid's OUTPUTS, so the local slope is H * (1 - H); do not apply the sigmoid "
            "to H again.",
        ),
        Mistake(
            "W2 not transposed",
            lambda H, W2, g: (g @ W2) * H * (1.0 - H),
            "grad_Z2 has shape (m, n_out) and W2 has shape (n_h, n_out): send the gradient back through the "
            "weights with grad_Z2 @ W2.T, which has shape (m, n_h).",
        ),
        Mistake(
            "sigmoid slope left out",
            lambda H, W2, g: g @ W2.T,
            "That is the gradient with respect to H; one more link of the chain is missing: multiply elementwise "
            "by the sigmoid's local slope H * (1 - H).",
        ),
        Mistake(
            "tanh's slope used",
            lambda H, W2, g: (g @ W2.T) * (1.0 - H**2),
            "1 - H**2 is the slope of tanh; the sigmoid's slope, from its output H, is H * (1 - H).",
        ),
    ),
)


# 08.2 -------------------------------------------------------------------------------------------------
def _single_layer_loss(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
    return float(0.5 * np.mean((_sigmoid(X @ w) - y) ** 2))


def _single_layer_gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    s = _sigmoid(X @ w)
    return X.T @ ((s - y) * s * (1.0 - s)) / y.size


def _single_layer_cases(rng: np.random.Generator) -> list[Case]:
    xor_inputs = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
    xor_labels = np.array([0.0, 1.0, 1.0, 0.0])
    fixed = [
        Case((np.array([0.8, -0.5, 0.3]), xor_inputs, xor_labels),
             "the XOR inputs with a column of ones, w = [0.8, -0.5, 0.3]"),
        Case((np.array([-1.5, 2.0, 0.5]), xor_inputs, np.array([0.0, 1.0, 1.0, 1.0])), "OR-labelled data (separable)"),
        Case((np.array([0.4, -0.2, 0.1]), np.array([[0.5, 2.0, 1.0]]), np.array([1.0])),
             "one example (m = 1), with its 1 for the bias"),
        Case((np.array([2.0, -3.0, 1.0]), np.array([[1.0, -1.0, 1.0], [-2.0, 0.5, 1.0], [0.5, 0.5, 1.0],
                                                    [3.0, 1.0, 1.0], [-1.0, -2.0, 1.0]]),
              np.array([1.0, 0.0, 0.0, 1.0, 1.0])), "5 examples, negative inputs, a large pre-activation"),
    ]
    X = np.column_stack([rng.normal(size=(7, 3)), np.ones(7)])
    labels = rng.integers(0, 2, size=7).astype(float)
    return fixed + [Case((rng.normal(size=4), X, labels), "random: 7 examples, 4 weights")]


def _single_layer_variant(slope: str = "output", sign: float = 1.0, mean: bool = True, axis_sum: bool = False):
    def gradient(w, X, y):
        z = X @ w
        s = _sigmoid(z)
        if slope == "output":
            local = s * (1.0 - s)
        elif slope == "sigmoid again":
            local = _sigmoid(s) * (1.0 - _sigmoid(s))
        elif slope == "none":
            local = 1.0
        else:  # the output formula on the pre-activation
            local = z * (1.0 - z)
        upstream = sign * (s - y) * local
        grad = (X * upstream[:, None]).sum(axis=1) if axis_sum else X.T @ upstream
        return grad / y.size if mean else grad

    return gradient


SINGLE_LAYER_GRADIENT = Exercise(
    exercise_id="08.2",
    name="single_layer_gradient",
    reference=_single_layer_gradient,
    cases=_single_layer_cases,
    gradient_of=_single_layer_loss,
    mistakes=(
        Mistake(
            "missing 1/m",
            _single_layer_variant(mean=False),
            "The loss is a MEAN over the m examples, so its gradient is divided by m: X.T @ (...) / m "
            "(m = y.size). Without it the step size secretly grows with the data set.",
        ),
        Mistake(
            "sign flipped (y - s)",
            _single_layer_variant(sign=-1.0),
            "The derivative of (s - y)**2 / 2 with respect to s is s - y, not y - s; with y - s you get the "
            "direction of steepest ASCENT.",
        ),
        Mistake(
            "the folded update (y - s, no 1/m)",
            _single_layer_variant(sign=-1.0, mean=False),
            "That is the popular weight UPDATE X.T @ ((y - s) * s * (1 - s)), not the gradient: flip the sign to "
            "s - y and divide by m, giving X.T @ ((s - y) * s * (1 - s)) / m.",
        ),
        Mistake(
            "sigmoid applied again to its output",
            _single_layer_variant(slope="sigmoid again"),
            "s = sigmoid(X @ w) is already the sigmoid's output, so its slope is s * (1 - s); applying the sigmoid "
            "to s again (sigmoid(s) * (1 - sigmoid(s))) mixes the from-input and from-output formulas.",
        ),
        Mistake(
            "sigmoid slope left out",
            _single_layer_variant(slope="none"),
            "X.T @ (s - y) / m is the gradient of notebook 07's cross-entropy loss; this loss is the SQUARED error, "
            "so the chain also passes through the sigmoid: multiply (s - y) elementwise by its slope s * (1 - s) "
            "before X.T @ (...).",
        ),
        Mistake(
            "output formula applied to the pre-activation",
            _single_layer_variant(slope="pre-activation"),
            "z * (1 - z) uses the from-output formula on the INPUT z = X @ w; compute s = sigmoid(z) first and use "
            "s * (1 - s).",
        ),
        Mistake(
            "summed over the wrong axis",
            _single_layer_variant(axis_sum=True),
            "Sum over the EXAMPLES (axis 0), one total per weight: X.T @ upstream has shape (n,), like w. "
            "Summing along axis 1 gives one number per example instead.",
        ),
    ),
)


# 08.3 -------------------------------------------------------------------------------------------------
def _dense_backward(X: np.ndarray, W: np.ndarray, grad_out: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return grad_out @ W.T, X.T @ grad_out, grad_out.sum(axis=0)


def _dense_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0], [-2.0, 1.0, 1.0], [0.0, -1.0, 2.0]]),
              np.array([[0.5, -1.0], [2.0, 0.25], [-0.5, 1.5]]),
              np.array([[0.1, -0.3], [0.2, 0.4], [-0.5, 0.0], [0.3, 0.1]])),
             "X (4, 3), W (3, 2), grad_out (4, 2)"),
        Case((np.array([[0.5, -1.0, 2.0, 0.0, 1.0]]), np.arange(15.0).reshape(5, 3) / 10 - 0.7,
              np.array([[1.0, -2.0, 0.5]])),
             "a batch of one: X (1, 5), W (5, 3)"),
        Case((np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]]),
              np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]),
              np.array([[0.5, -0.5, 1.0], [0.25, 1.0, -1.0]])),
             "a square W (3, 3): a transpose changes values, not shapes"),
        Case((np.array([[1e3, -2e3], [3e3, 5e2], [-1e3, 1e3]]),
              np.array([[1e-3, 2e-3, -1e-3, 0.0], [0.0, 1e-3, 1e-3, -2e-3]]),
              np.zeros((3, 4))), "zero upstream gradient, large inputs"),
    ]
    return fixed + [Case((rng.normal(size=(6, 4)), rng.normal(size=(4, 5)), rng.normal(size=(6, 5))),
                         "random: X (6, 4), W (4, 5)")]


DENSE_BACKWARD = Exercise(
    exercise_id="08.3",
    name="dense_layer_backward",
    reference=_dense_backward,
    cases=_dense_cases,
    mistakes=(
        Mistake(
            "W not transposed",
            lambda X, W, g: (g @ W, X.T @ g, g.sum(axis=0)),
            "dX needs W transposed: grad_out (m, n_out) @ W.T (n_out, n_in) gives (m, n_in), the shape of X.",
        ),
        Mistake(
            "dW transposed",
            lambda X, W, g: (g @ W.T, g.T @ X, g.sum(axis=0)),
            "dW must have the shape of W, (n_in, n_out): use X.T @ grad_out, not grad_out.T @ X.",
        ),
        Mistake(
            "db summed over axis 1",
            lambda X, W, g: (g @ W.T, X.T @ g, g.sum(axis=1)),
            "The bias is shared by all m examples, so sum grad_out over the EXAMPLES: grad_out.sum(axis=0), "
            "shape (n_out,) like b.",
        ),
        Mistake(
            "db summed over both axes",
            lambda X, W, g: (g @ W.T, X.T @ g, np.sum(g)),
            "np.sum(grad_out) adds everything into one number; db needs one total per output unit: sum over "
            "the examples only, grad_out.sum(axis=0).",
        ),
        Mistake(
            "db not summed",
            lambda X, W, g: (g @ W.T, X.T @ g, g.copy()),
            "db must have the shape of b, (n_out,): add up the contributions of the m examples with "
            "grad_out.sum(axis=0).",
        ),
        Mistake(
            "dW and db divided by m again",
            lambda X, W, g: (g @ W.T, X.T @ g / X.shape[0], g.sum(axis=0) / X.shape[0]),
            "grad_out already contains the loss's 1/m; dividing dW and db by m again shrinks them. Use X.T @ grad_out "
            "and grad_out.sum(axis=0) as they are.",
        ),
        Mistake(
            "extra 1/m on all three",
            lambda X, W, g: (g @ W.T / X.shape[0], X.T @ g / X.shape[0], g.sum(axis=0) / X.shape[0]),
            "The 1/m belongs to the gradient of the mean LOSS, and grad_out already contains it; the layer itself "
            "adds no factor. Return grad_out @ W.T, X.T @ grad_out and grad_out.sum(axis=0) without dividing by m.",
        ),
        Mistake(
            "db as a mean",
            lambda X, W, g: (g @ W.T, X.T @ g, g.mean(axis=0)),
            "db is a SUM over the examples, grad_out.sum(axis=0): each example's use of the bias adds its own "
            "contribution (and grad_out already contains the loss's 1/m). The mean divides by m a second time.",
        ),
        Mistake(
            "returned in the order (dW, dX, db)",
            lambda X, W, g: (X.T @ g, g @ W.T, g.sum(axis=0)),
            "Your gradients look right but come in the wrong order: return the tuple (dX, dW, db), with dX = "
            "grad_out @ W.T first and dW = X.T @ grad_out second.",
        ),
    ),
)


# 08.4 -------------------------------------------------------------------------------------------------
def _cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    return float(-_log_softmax(logits)[np.arange(labels.size), labels].mean())


def _cross_entropy_grad(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    m, k = logits.shape
    return (np.exp(_log_softmax(logits)) - _one_hot(labels, k)) / m


def _cross_entropy_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([[2.0, -1.0, 0.5, 0.0], [0.1, 0.2, 0.3, -0.4], [-1.0, 3.0, 0.0, 1.0]]), np.array([0, 3, 1])),
             "3 examples, 4 classes"),
        Case((np.zeros((2, 3)), np.array([2, 0])), "all logits zero (every probability 1/3)"),
        Case((np.array([[0.5, -0.5, 1.5, 0.0, -2.0]]), np.array([2])), "a batch of one, 5 classes"),
        Case((np.array([[-4.0, -1.0], [-3.0, -6.0], [5.0, 2.0], [-0.5, 0.5], [1.0, 1.0]]), np.array([1, 1, 0, 0, 1])),
             "negative logits, 2 classes"),
        Case((np.array([[1000.0, 1000.0, -1000.0], [-1000.0, -1100.0, -1200.0]]), np.array([1, 2])),
             "huge logits, around +-1000 (np.exp(1000) overflows to inf, np.exp(-1000) underflows to 0)"),
    ]
    return fixed + [Case((rng.normal(size=(6, 10)), rng.integers(0, 10, size=6)), "random: 6 examples, 10 classes")]


def _cross_entropy_grad_unshifted(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    m, k = logits.shape
    exponentials = np.exp(logits)  # overflows for logits above about 709
    return (exponentials / exponentials.sum(axis=1, keepdims=True) - _one_hot(labels, k)) / m


def _softmax_axis0(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    m, k = logits.shape
    return (np.exp(_log_softmax(logits, axis=0)) - _one_hot(labels, k)) / m


SOFTMAX_CROSS_ENTROPY_GRAD = Exercise(
    exercise_id="08.4",
    name="softmax_cross_entropy_grad",
    reference=_cross_entropy_grad,
    cases=_cross_entropy_cases,
    gradient_of=_cross_entropy,
    mistakes=(
        Mistake(
            "missing 1/m",
            lambda z, labels: _cross_entropy_grad(z, labels) * z.shape[0],
            "The loss is the MEAN over the m rows, so the gradient is (p - y) / m with m = logits.shape[0].",
        ),
        Mistake(
            "sign flipped",
            lambda z, labels: -_cross_entropy_grad(z, labels),
            "It is p - y, not y - p: raising the true class's logit must LOWER the loss, so its gradient entry "
            "is negative.",
        ),
        Mistake(
            "labels not one-hot",
            lambda z, labels: (np.exp(_log_softmax(z)) - labels[:, None]) / z.shape[0],
            "y must be the one-hot matrix of the labels (m, k): a 1 in column labels[i] of row i, zeros elsewhere. "
            "Subtracting the integer labels themselves broadcasts the wrong numbers.",
        ),
        Mistake(
            "softmax normalised over the whole array",
            lambda z, labels: (np.exp(z) / np.exp(z).sum() - _one_hot(labels, z.shape[1])) / z.shape[0],
            "Normalise each row separately: divide exp(z) by its row sums, exp(z).sum(axis=1, keepdims=True), "
            "not by the sum over the whole array.",
        ),
        Mistake(
            "keepdims missing in the row sums",
            lambda z, labels: (np.exp(z) / np.exp(z).sum(axis=1) - _one_hot(labels, z.shape[1])) / z.shape[0],
            "The row sums have shape (m,), which lines up with the COLUMNS of an (m, k) array: use "
            "sum(axis=1, keepdims=True) so that they have shape (m, 1) and divide each row by its own sum.",
        ),
        Mistake(
            "row maximum not subtracted (overflow)",
            _cross_entropy_grad_unshifted,
            "Right formula, but np.exp of a large logit overflows to inf (and of a very negative one underflows to "
            "0), so inf / inf or 0 / 0 gives nan. Subtract each row's maximum before exponentiating: "
            "shifted = logits - logits.max(axis=1, keepdims=True); the probabilities do not change.",
        ),
        Mistake(
            "softmax over the wrong axis",
            _softmax_axis0,
            "Each ROW is one example, so normalise along axis 1: exp(z) / exp(z).sum(axis=1, keepdims=True). "
            "Every row of p must sum to 1.",
        ),
    ),
)


# 08.5 -------------------------------------------------------------------------------------------------
def _two_layer_backward(X, labels, W1, b1, W2, b2, gate=True, mean=True, transpose=True, db_axis=0, db2_axis=0,
                        weights_first=False):
    Z1 = X @ W1 + b1
    H = np.maximum(Z1, 0.0)
    logits = H @ W2 + b2
    m, k = logits.shape
    grad_logits = np.exp(_log_softmax(logits)) - _one_hot(labels, k)
    if mean:
        grad_logits = grad_logits / m
    grad_H = grad_logits @ (W2.T if transpose else W2)
    grad_Z1 = grad_H * (Z1 > 0) if gate else grad_H
    dW1, db1, dW2, db2 = X.T @ grad_Z1, grad_Z1.sum(axis=db_axis), H.T @ grad_logits, grad_logits.sum(axis=db2_axis)
    return (dW1, dW2, db1, db2) if weights_first else (dW1, db1, dW2, db2)


def _two_layer_cases(rng: np.random.Generator) -> list[Case]:
    X = np.array([[1.0, -0.5, 2.0], [0.0, 1.0, -1.0], [-1.5, 0.5, 0.5], [2.0, 1.0, 0.0], [0.5, -2.0, 1.0]])
    W1 = np.array([[0.5, -1.0, 0.3, 0.8], [1.2, 0.4, -0.7, 0.1], [-0.3, 0.9, 0.6, -0.5]])
    b1 = np.array([0.1, -0.2, 0.05, 0.3])
    W2 = np.array([[1.0, -0.5], [0.3, 0.8], [-1.1, 0.4], [0.6, 0.2]])
    fixed = [
        Case((X, np.array([0, 1, 1, 0, 1]), W1, b1, W2, np.array([0.2, -0.1])),
             "X (5, 3), 4 hidden units, 2 classes; some hidden units are off"),
        Case((X[:1], np.array([1]), W1, b1, W2, np.zeros(2)), "a batch of one"),
        Case((X[:3], np.array([2, 0, 1]), W1, b1, np.column_stack([W2, [0.5, -0.5, 0.25, 1.0]]), np.zeros(3)),
             "3 examples, 3 classes"),
    ]
    X_random = rng.normal(size=(6, 5))
    W1_random, b1_random = rng.normal(size=(5, 7)), rng.normal(size=7) * 0.1
    return fixed + [Case((X_random, rng.integers(0, 4, size=6), W1_random, b1_random, rng.normal(size=(7, 4)),
                          rng.normal(size=4) * 0.1), "random: X (6, 5), 7 hidden units, 4 classes")]


TWO_LAYER_BACKWARD = Exercise(
    exercise_id="08.5",
    name="two_layer_backward",
    reference=lambda X, labels, W1, b1, W2, b2: _two_layer_backward(X, labels, W1, b1, W2, b2),
    cases=_two_layer_cases,
    mistakes=(
        Mistake(
            "ReLU gate missing",
            lambda X, labels, W1, b1, W2, b2: _two_layer_backward(X, labels, W1, b1, W2, b2, gate=False),
            "The gradient must pass back through the ReLU: multiply grad_H by (Z1 > 0), so units that were off "
            "(Z1 <= 0) receive no gradient.",
        ),
        Mistake(
            "missing 1/m",
            lambda X, labels, W1, b1, W2, b2: _two_layer_backward(X, labels, W1, b1, W2, b2, mean=False),
            "The loss is the mean over the m examples: the gradient of the logits is (p - y) / m, and every other "
            "gradient inherits that 1/m.",
        ),
        Mistake(
            "W2 not transposed",
            lambda X, labels, W1, b1, W2, b2: _two_layer_backward(X, labels, W1, b1, W2, b2, transpose=False),
            "Send the gradient back through the second layer with grad_logits @ W2.T: (m, k) @ (k, n_h) gives "
            "(m, n_h), the shape of H.",
        ),
        Mistake(
            "db1 summed over axis 1",
            lambda X, labels, W1, b1, W2, b2: _two_layer_backward(X, labels, W1, b1, W2, b2, db_axis=1),
            "db1 needs one entry per hidden unit: sum grad_Z1 over the examples, grad_Z1.sum(axis=0), shape (n_h,).",
        ),
        Mistake(
            "db2 summed over axis 1",
            lambda X, labels, W1, b1, W2, b2: _two_layer_backward(X, labels, W1, b1, W2, b2, db2_axis=1),
            "db2 needs one entry per class: sum the gradient of the logits over the examples (axis 0), "
            "grad_logits.sum(axis=0), shape (k,) like b2.",
        ),
        Mistake(
            "both biases summed over axis 1",
            lambda X, labels, W1, b1, W2, b2: _two_layer_backward(X, labels, W1, b1, W2, b2, db_axis=1, db2_axis=1),
            "Both bias gradients must sum over the EXAMPLES, axis 0 (the batch), not over the units: "
            "db1 = grad_Z1.sum(axis=0), shape (n_h,), and db2 = grad_logits.sum(axis=0), shape (k,).",
        ),
        Mistake(
            "returned in the order (dW1, dW2, db1, db2)",
            lambda X, labels, W1, b1, W2, b2: _two_layer_backward(X, labels, W1, b1, W2, b2, weights_first=True),
            "Your gradients look right but come in the wrong order: return (dW1, db1, dW2, db2), each weight "
            "followed by its own bias, in the order of the arguments W1, b1, W2, b2.",
        ),
    ),
)

EXERCISES = (HIDDEN_BACKWARD, SINGLE_LAYER_GRADIENT, DENSE_BACKWARD, SOFTMAX_CROSS_ENTROPY_GRAD, TWO_LAYER_BACKWARD)
