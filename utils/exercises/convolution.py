"""Exercises of notebook 09 (convolutional networks)."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from utils.checks import Case, Exercise, Mistake


def _correlate(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Valid-mode cross-correlation: out[i, j] = sum over a, b of image[i + a, j + b] * kernel[a, b]."""
    windows = sliding_window_view(np.asarray(image, dtype=np.float64), kernel.shape)
    return np.einsum("ijab,ab->ij", windows, kernel)


def _convolve(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Valid-mode true convolution: cross-correlation with the kernel rotated by 180 degrees."""
    return _correlate(image, kernel[::-1, ::-1])


def _correlate_transposed_loops(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """A loop that multiplies each window by kernel.T: fine for square kernels, a broadcasting error otherwise."""
    kh, kw = kernel.shape
    flipped = kernel.T
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i : i + kh, j : j + kw] * flipped)
    return out


def _image_kernel_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.arange(20.0).reshape(4, 5) % 7, np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])),
             "image (4, 5), lopsided kernel (2, 3): every kind of flip gives a different answer"),
        Case((np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]]), np.array([[2.5]])), "a 1 x 1 kernel on a (2, 3) image"),
        Case((np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([[1.0, 0.0], [-1.0, 2.0], [0.5, 3.0]])),
             "kernel as large as the image: a single output value"),
        Case((np.zeros((5, 6)), np.array([[1.0, -1.0], [2.0, 0.5]])), "an all-zero image (5, 6)"),
        Case((1e6 * np.array([[1.0, -3.0, 2.0, 0.0], [4.0, 1.0, -2.0, 5.0], [0.0, 2.0, 3.0, -1.0]]),
              np.array([[0.0, 1.0], [2.0, -1.0]])), "large values (about 1e6)"),
    ]
    return fixed + [
        Case((rng.normal(size=(6, 9)), rng.normal(size=(3, 2))), "random image (6, 9), kernel (3, 2)"),
        Case((rng.normal(size=(7, 8)), rng.normal(size=(3, 3))), "random image (7, 8), kernel (3, 3)"),
    ]


CONVOLVE = Exercise(
    exercise_id="09.1",
    name="convolve2d_valid",
    reference=_convolve,
    cases=_image_kernel_cases,
    mistakes=(
        Mistake(
            "kernel not flipped (cross-correlation)",
            _correlate,
            "You slid the kernel as it is, which is cross-correlation. A true convolution flips the kernel in "
            "both directions first: use kernel[::-1, ::-1].",
        ),
        Mistake(
            "kernel flipped upside down only",
            lambda image, kernel: _correlate(image, kernel[::-1, :]),
            "You flipped only the rows of the kernel; flip the columns too: kernel[::-1, ::-1] (a rotation by "
            "180 degrees).",
        ),
        Mistake(
            "kernel flipped left-right only",
            lambda image, kernel: _correlate(image, kernel[:, ::-1]),
            "You flipped only the columns of the kernel; flip the rows too: kernel[::-1, ::-1] (a rotation by "
            "180 degrees).",
        ),
        Mistake(
            "kernel transposed instead of rotated",
            lambda image, kernel: _correlate(image, kernel.T),
            "kernel.T swaps rows and columns (a reflection in the diagonal), which is not a rotation by 180 "
            "degrees: for a (2, 3) kernel it even has the wrong shape (3, 2). Flip both axes with kernel[::-1, ::-1].",
        ),
        Mistake(
            "kernel transposed instead of rotated (in a loop)",
            _correlate_transposed_loops,
            "Your loop multiplies each (kh, kw) window by kernel.T, which has shape (kw, kh): for a non-square "
            "kernel the shapes do not fit, and for a square one it is a reflection, not a rotation. Use "
            "kernel[::-1, ::-1] (rows and columns both reversed).",
        ),
        Mistake(
            "output one row and one column too small",
            lambda image, kernel: _convolve(image, kernel)[:-1, :-1],
            "The output has H - kh + 1 rows and W - kw + 1 columns: the last window starts at row H - kh, so "
            "loop over range(H - kh + 1) (and likewise for the columns).",
        ),
        Mistake(
            "full output instead of valid",
            lambda image, kernel: _convolve(
                np.pad(image, ((kernel.shape[0] - 1,) * 2, (kernel.shape[1] - 1,) * 2)), kernel),
            "'valid' keeps only the positions where the whole kernel lies inside the image: do not pad the image "
            "with zeros; the output has shape (H - kh + 1, W - kw + 1).",
        ),
    ),
)


def _output_size(size: int, kernel: int, padding: int, stride: int) -> int:
    span = size + 2 * padding - kernel
    return span // stride + 1 if span >= 0 else 0


def _size_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((8, 3, 0, 2), "W = 8, F = 3, P = 0, S = 2: (8 - 3) / 2 + 1 = 3.5 is not a whole number"),
        Case((8, 3, 0, 1), "W = 8, F = 3, no padding, stride 1 (the digits with a 3 x 3 kernel)"),
        Case((8, 3, 1, 1), "W = 8, F = 3, P = 1, S = 1: 'same' padding keeps the size"),
        Case((8, 2, 0, 2), "W = 8, F = 2, P = 0, S = 2: 2 x 2 max pooling"),
        Case((224, 7, 3, 2), "W = 224, F = 7, P = 3, S = 2: the first layer of a ResNet"),
        Case((5, 7, 0, 1), "a kernel wider than the input: it fits nowhere"),
        Case((5, 7, 1, 1), "a kernel exactly as wide as the padded input: one position"),
        Case((1, 1, 0, 1), "a single pixel and a 1 x 1 kernel"),
        Case((11, 4, 2, 3), "W = 11, F = 4, P = 2, S = 3"),
        Case((9, 2, 0, 2), "W = 9, F = 2, P = 0, S = 2: (9 - 2) / 2 = 3.5 positions after the first"),
    ]
    random_cases = [
        Case(tuple(int(v) for v in (rng.integers(5, 41), rng.integers(1, 8), rng.integers(0, 4), rng.integers(1, 5))),
             f"random combination {k + 1}")
        for k in range(8)
    ]
    return fixed + random_cases


OUTPUT_SIZE = Exercise(
    exercise_id="09.2",
    name="output_size",
    reference=_output_size,
    cases=_size_cases,
    mistakes=(
        Mistake(
            "the + 1 forgotten",
            lambda w, f, p, s: (w + 2 * p - f) // s if w + 2 * p >= f else 0,
            "Count the first position too: the kernel fits at the start, then (W - F + 2P) // S more times after "
            "whole strides, so add 1.",
        ),
        Mistake(
            "padding counted on one side only",
            lambda w, f, p, s: (w + p - f) // s + 1 if w + p >= f else 0,
            "Padding P is added on BOTH sides, so the padded width is W + 2P.",
        ),
        Mistake(
            "rounded up",
            lambda w, f, p, s: -(-(w + 2 * p - f) // s) + 1 if w + 2 * p >= f else 0,
            "A last step that would run past the edge does not count: round the division DOWN with //, as "
            "PyTorch and TensorFlow do, instead of up.",
        ),
        Mistake(
            "true division",
            lambda w, f, p, s: (w + 2 * p - f) / s + 1,
            "A size counts whole positions, so it must be a whole number: use floor division // instead of / "
            "(and return 0 when the kernel does not fit).",
        ),
        Mistake(
            "rounded to the nearest whole number",
            lambda w, f, p, s: round((w + 2 * p - f) / s) + 1 if w + 2 * p >= f else 0,
            "round() goes to the NEAREST whole number, so a last step that runs past the edge (3.5 or 3.67 "
            "steps) is counted: round DOWN with // instead.",
        ),
        Mistake(
            "the + 1 forgotten, and no 0 when the kernel does not fit",
            lambda w, f, p, s: (w + 2 * p - f) // s,
            "Two fixes: count the first position too, (W - F + 2P) // S + 1; and when the kernel is wider than "
            "the padded input (F > W + 2P), return 0 instead of a negative number.",
        ),
        Mistake(
            "rounded up, and no 0 when the kernel does not fit",
            lambda w, f, p, s: -(-(w + 2 * p - f) // s) + 1,
            "Two fixes: round the division DOWN with // (a last step that would run past the edge does not "
            "count), and return 0 when the kernel is wider than the padded input (F > W + 2P).",
        ),
        Mistake(
            "rounded to the nearest whole number, and no 0 when the kernel does not fit",
            lambda w, f, p, s: round((w + 2 * p - f) / s) + 1,
            "Two fixes: round() goes to the NEAREST whole number, so use floor division // to round DOWN; and "
            "return 0 when the kernel is wider than the padded input (F > W + 2P).",
        ),
        Mistake(
            "negative size not replaced by 0",
            lambda w, f, p, s: (w + 2 * p - f) // s + 1,
            "When the kernel is wider than the padded input (F > W + 2P) it fits nowhere: return 0, not a "
            "negative number.",
        ),
    ),
)


def _kernel_grad_loss(kernel: np.ndarray, image: np.ndarray, upstream: np.ndarray) -> float:
    return float(np.sum(_correlate(image, kernel) * upstream))


def _kernel_grad(kernel: np.ndarray, image: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    return _correlate(image, upstream)


def _kernel_grad_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]]), np.arange(20.0).reshape(4, 5) % 7,
              np.array([[1.0, 0.0, -2.0], [0.5, 3.0, 1.0], [-1.0, 2.0, 0.0]])),
             "kernel (2, 3), image (4, 5), upstream gradient (3, 3)"),
        Case((np.array([[1.5]]), np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]]), np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])),
             "a 1 x 1 kernel: the gradient is one number in a (1, 1) array"),
        Case((np.array([[1.0, 0.0], [-1.0, 2.0], [0.5, 3.0]]), np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([[2.0]])),
             "kernel as large as the image: a single output value"),
        Case((np.array([[1.0, -1.0], [2.0, 0.5]]), rng.normal(size=(4, 6)), np.zeros((3, 5))),
             "a zero upstream gradient: the kernel gradient is zero"),
    ]
    image = rng.normal(size=(7, 6))
    return fixed + [
        Case((rng.normal(size=(3, 2)), image, rng.normal(size=(5, 5))), "random kernel (3, 2), image (7, 6)"),
        Case((rng.normal(size=(3, 3)), 100 * rng.normal(size=(8, 9)), rng.normal(size=(6, 7))),
             "random kernel (3, 3), image (8, 9) with large values"),
    ]


KERNEL_GRAD = Exercise(
    exercise_id="09.3",
    name="conv_kernel_grad",
    reference=_kernel_grad,
    cases=_kernel_grad_cases,
    gradient_of=_kernel_grad_loss,
    mistakes=(
        Mistake(
            "upstream gradient flipped (a convolution instead of a cross-correlation)",
            lambda kernel, image, upstream: _convolve(image, upstream),
            "dK[a, b] = sum over i, j of G[i, j] * X[i + a, j + b]: slide the upstream gradient G over the image "
            "as it is (a cross-correlation, not signal.convolve2d). Nothing is flipped for the kernel gradient.",
        ),
        Mistake(
            "result rotated by 180 degrees",
            lambda kernel, image, upstream: _correlate(image, upstream)[::-1, ::-1],
            "Your gradient is rotated by 180 degrees: that would be right for a layer computing a TRUE convolution. "
            "This layer computes a cross-correlation, so dK[a, b] = sum over i, j of G[i, j] * X[i + a, j + b], "
            "with no flip.",
        ),
        Mistake(
            "upstream gradient ignored",
            lambda kernel, image, upstream: _correlate(image, np.ones_like(upstream)),
            "Weight each window of the image by the upstream gradient at that output position; you added the "
            "windows as if every upstream value were 1.",
        ),
        Mistake(
            "averaged instead of summed",
            lambda kernel, image, upstream: _correlate(image, upstream) / upstream.size,
            "The kernel is used at every output position, and its gradient is the SUM of the contributions of "
            "all those uses (fan-out adds up), not their mean.",
        ),
        Mistake(
            "the forward output returned",
            lambda kernel, image, upstream: _correlate(image, kernel),
            "That is the layer's forward output, image ⋆ kernel, with the shape of the upstream gradient. The "
            "gradient with respect to the kernel has the kernel's shape (kh, kw): dK[a, b] = sum over i, j of "
            "upstream[i, j] * image[i + a, j + b].",
        ),
        Mistake(
            "gradient with respect to the image instead",
            lambda kernel, image, upstream: _correlate(
                np.pad(upstream, ((kernel.shape[0] - 1,) * 2, (kernel.shape[1] - 1,) * 2)), kernel[::-1, ::-1]),
            "That is the gradient with respect to the IMAGE (it has the image's shape). The exercise asks for "
            "the gradient with respect to the kernel, shape (kh, kw).",
        ),
    ),
)


def _pool_windows(x: np.ndarray) -> np.ndarray:
    """(H, W) -> (H/2, W/2, 4): each 2 x 2 window's entries in reading order."""
    h, w = x.shape
    return x.reshape(h // 2, 2, w // 2, 2).transpose(0, 2, 1, 3).reshape(h // 2, w // 2, 4)


def _unpool(values: np.ndarray) -> np.ndarray:
    """(H/2, W/2, 4) -> (H, W): the inverse of _pool_windows."""
    h2, w2, _ = values.shape
    return values.reshape(h2, w2, 2, 2).transpose(0, 2, 1, 3).reshape(2 * h2, 2 * w2)


def _maxpool_backward(x: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    windows = _pool_windows(x)
    routed = np.zeros(windows.shape)
    np.put_along_axis(routed, windows.argmax(axis=-1)[..., None], upstream[..., None], axis=-1)
    return _unpool(routed)


def _maxpool_all_ties(x: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    windows = _pool_windows(x)
    mask = windows == windows.max(axis=-1, keepdims=True)
    return _unpool(mask * upstream[..., None])


def _maxpool_top_left(x: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    routed = np.zeros(_pool_windows(x).shape)
    routed[..., 0] = upstream
    return _unpool(routed)


def _maxpool_mask_only(x: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    return _maxpool_backward(x, np.ones_like(upstream))


def _maxpool_last_tie(x: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    windows = _pool_windows(x)
    last = 3 - windows[..., ::-1].argmax(axis=-1)
    routed = np.zeros(windows.shape)
    np.put_along_axis(routed, last[..., None], upstream[..., None], axis=-1)
    return _unpool(routed)


def _maxpool_row_column_swapped(x: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    windows = _pool_windows(x)
    winner = windows.argmax(axis=-1)
    swapped = (winner % 2) * 2 + winner // 2  # flat index k read as (k % 2, k // 2)
    routed = np.zeros(windows.shape)
    np.put_along_axis(routed, swapped[..., None], upstream[..., None], axis=-1)
    return _unpool(routed)


def _maxpool_upstream_by_pixel(x: np.ndarray, upstream: np.ndarray) -> np.ndarray:
    """The loop of the solution, but reading upstream[2 * i, 2 * j]: an IndexError unless there is one window."""
    grad = np.zeros(x.shape)
    for i in range(x.shape[0] // 2):
        for j in range(x.shape[1] // 2):
            window = x[2 * i : 2 * i + 2, 2 * j : 2 * j + 2]
            a, b = np.unravel_index(np.argmax(window), (2, 2))
            grad[2 * i + a, 2 * j + b] = upstream[2 * i, 2 * j]
    return grad


def _pool_cases(rng: np.random.Generator) -> list[Case]:
    fixed = [
        Case((np.array([[1.0, 5.0, 2.0, 0.0, 3.0, 1.0], [4.0, 2.0, 1.0, 7.0, 0.0, 2.0],
                        [0.0, 0.0, 3.0, 3.0, 9.0, 1.0], [0.0, 0.0, 3.0, 1.0, 2.0, 8.0]]),
              np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])),
             "x (4, 6) with two tied windows; upstream (2, 3)"),
        Case((np.array([[-3.0, -1.0], [-2.0, -5.0]]), np.array([[2.5]])), "one window of negative values"),
        Case((np.array([[0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0, 8.0, 7.0, 6.0, 5.0]]),
              np.array([[1.0, -1.0, 2.0, 3.0]])), "x (2, 8): all-zero windows (as after a ReLU) tie everywhere"),
        Case((np.array([[2.0, 1.0, 0.5, 0.5], [1.0, 2.0, 0.5, 0.2], [3.0, 3.0, 1.0, 4.0], [3.0, 3.0, 4.0, 4.0],
                        [0.0, 1.0, -1.0, 2.0], [2.0, 0.0, 6.0, 1.0]]),
              np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])), "x (6, 4): ties on a diagonal and in full windows"),
    ]
    return fixed + [
        Case((rng.normal(size=(6, 8)), rng.normal(size=(3, 4))), "random x (6, 8), no ties"),
        Case((rng.integers(0, 3, size=(4, 4)).astype(float), rng.normal(size=(2, 2))), "random small integers (many ties)"),
    ]


MAXPOOL_BACKWARD = Exercise(
    exercise_id="09.4",
    name="maxpool_backward_2d",
    reference=_maxpool_backward,
    cases=_pool_cases,
    mistakes=(
        Mistake(
            "gradient sent to every tied maximum",
            _maxpool_all_ties,
            "When several entries of a window tie for the maximum, send the gradient to the FIRST of them only "
            "(reading the window row by row), as np.argmax does; a mask x == max sends it to all of them.",
        ),
        Mistake(
            "spread evenly over the window",
            lambda x, upstream: np.repeat(np.repeat(upstream, 2, axis=0), 2, axis=1) / 4,
            "Max pooling passes the gradient only to the entry that was the maximum; dividing it over all four "
            "entries is the rule for AVERAGE pooling.",
        ),
        Mistake(
            "copied to every entry",
            lambda x, upstream: np.repeat(np.repeat(upstream, 2, axis=0), 2, axis=1),
            "Only the maximum influenced the output, so the other three entries of each window get gradient 0, "
            "not a copy of the upstream value.",
        ),
        Mistake(
            "always the top-left entry",
            _maxpool_top_left,
            "Route each upstream value to the position of its window's maximum, not to a fixed corner of the window.",
        ),
        Mistake(
            "gradient sent to the last tied maximum",
            _maxpool_last_tie,
            "With ties, the rule is the FIRST maximum in reading order (what np.argmax returns); a comparison "
            "with >= while scanning the window picks the last one instead: use >.",
        ),
        Mistake(
            "row and column of the maximum swapped",
            _maxpool_row_column_swapped,
            "np.argmax of a 2 x 2 window gives a flat index k from 0 to 3 in reading order: its row is k // 2 "
            "and its column k % 2 (or use np.unravel_index(k, (2, 2))).",
        ),
        Mistake(
            "result with the shape of upstream",
            lambda x, upstream: upstream.copy(),
            "The gradient has the shape of x, (H, W), one value per input entry: start from np.zeros(x.shape) "
            "and put each upstream[i, j] at the position of the maximum of window (i, j).",
        ),
        Mistake(
            "upstream indexed by pixel instead of by window",
            _maxpool_upstream_by_pixel,
            "upstream has one entry per window, shape (H // 2, W // 2): window (i, j) covers rows 2i, 2i + 1 and "
            "columns 2j, 2j + 1 of x, and its gradient is upstream[i, j], not upstream[2 * i, 2 * j].",
        ),
        Mistake(
            "a 1 at the maximum instead of the upstream value",
            _maxpool_mask_only,
            "Put the upstream value itself at the maximum's position (chain rule: upstream times a local slope "
            "of 1), not the number 1.",
        ),
    ),
)

EXERCISES = (CONVOLVE, OUTPUT_SIZE, KERNEL_GRAD, MAXPOOL_BACKWARD)
