"""The exercise-checker engine: run a learner's answer on fixed and seeded cases, explain what is wrong.

A checker never raises for a wrong answer unless asked to (``strict=True``, the assert mode used by
solution cells, nbgrader/otter test cells and CI). Checks run in a fixed order: the answer exists,
it runs, it returns something, type, shape (no broadcasting), dtype, finiteness, then values.
"""

from __future__ import annotations

import ast
import copy
import html
import inspect
import numbers
import signal
import textwrap
import threading
import warnings
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from utils.numerics import numerical_gradient, relative_error

GRADIENT_PASS = 1e-7  # relative error below this passes
GRADIENT_FAIL = 1e-4  # above this fails; in between is a warning
GRADIENT_FLOOR = 1e-6  # gradients smaller than this in norm are compared in absolute terms

PASSED, WARNING, FAILED, NOT_STARTED = "passed", "warning", "failed", "not started"
_ERROR_HINTS = {  # a phrase in an error message -> what usually caused it
    "xor": "In Python `^` is bitwise XOR; write powers with `**`.",
    "arrays can be converted to Python scalars": "A function from the `math` module got an array: use the "
    "NumPy version (np.exp, np.sqrt, np.log, ...).",
    "could not be broadcast together": "Two arrays with incompatible shapes met in one operation: print the "
    "shapes (x.shape) of the operands.",
    "truth value of an array": "Python's `max`, `min`, `if`, `and` and `or` work on single values; for arrays "
    "use np.maximum, np.minimum, np.where and &, |.",
    "int too large to convert to float": "A factorial or power grew past the float range: build each term from "
    "the previous one (term *= x / k).",
    "math range error": "A value grew past the float range (about 1.8e308): build large quantities step by step, "
    "e.g. each series term from the previous one (term *= x / k).",
    "mismatch in its core dimension": "The shapes in `@` do not fit: print the .shape of both operands.",
    "object is not subscriptable": "A number was indexed like an array (y[0] on a float): check that your "
    "function's parameters are in the order the docstring gives.",
}
_ICONS = {PASSED: "✅", WARNING: "⚠️", FAILED: "❌", NOT_STARTED: "⏳"}
_COLOURS = {PASSED: "#009E73", WARNING: "#E69F00", FAILED: "#D55E00", NOT_STARTED: "#0072B2"}


@dataclass(frozen=True)
class Case:
    """One input to try: the positional arguments and a label a learner can read."""

    args: tuple
    label: str


@dataclass(frozen=True)
class Mistake:
    """A registered common mistake: an implementation of it and the hint that fixes it."""

    name: str
    answer: Callable
    hint: str


@dataclass(frozen=True)
class Exercise:
    """An exercise: its id, the name the learner defines, an oracle, and how to build test cases.

    ``cases(rng)`` returns fixed edge cases followed by seeded random ones. With ``is_value`` the
    learner supplies a value rather than a function (cases then have no arguments). With
    ``gradient_of`` the expected result is the centred-difference gradient of that scalar function
    with respect to the first argument, compared by relative error with the gradient thresholds
    (near a zero gradient the error is measured against GRADIENT_FLOOR instead of the gradient's norm).
    """

    exercise_id: str
    name: str
    reference: Callable
    cases: Callable[[np.random.Generator], Sequence[Case]]
    mistakes: tuple[Mistake, ...] = ()
    rtol: float = 1e-9
    atol: float = 1e-12
    is_value: bool = False
    gradient_of: Callable | None = None
    warning_hint: str = ""
    time_limit: float = 5.0


@dataclass
class CheckResult:
    """What a checker found: a one-line summary first, then details; renders as HTML or text."""

    exercise_id: str
    status: str
    summary: str
    details: list[str] = field(default_factory=list)
    mistake: str | None = None

    def __bool__(self) -> bool:
        return self.status in (PASSED, WARNING)

    def __str__(self) -> str:
        lines = [f"{_ICONS[self.status]} {self.summary}"]
        lines += [f"    {line}" for line in self.details]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        summary = html.escape(f"{_ICONS[self.status]} {self.summary}")
        items = "".join(f"<li><code>{html.escape(d)}</code></li>" for d in self.details)
        details = f"<ul style='margin:0.3em 0'>{items}</ul>" if items else ""
        return (
            f"<div style='border-left:4px solid {colour};padding:0.3em 0.8em'>"
            f"<strong style='color:{colour}'>{summary}</strong>{details}</div>"
        )

    def raise_if_failed(self) -> CheckResult:
        """Raise ExerciseFailed (an AssertionError) with the summary unless the answer passed."""
        if not self:
            raise ExerciseFailed(str(self))
        return self


class ExerciseFailed(AssertionError):
    """Raised in assert mode when an answer does not pass."""


class _TimedOut(BaseException):
    """Raised inside the learner's code when it runs past the time limit (BaseException so that
    a learner's ``except Exception`` cannot swallow it)."""


@dataclass
class _Outcome:
    """What happened when the answer was called on one case."""

    value: object = None
    error: BaseException | None = None
    timed_out: bool = False
    mutated: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Raised:
    """Stands for "raised this exception" when outputs are compared with a mistake's."""

    kind: type
    message: str


@dataclass
class _Problem:
    """Why one case failed: a headline, supporting lines, and whether a wrong result (or error) caused it."""

    headline: str
    lines: list[str] = field(default_factory=list)
    wrong_result: bool = True


def get_exercise(exercise_id: str) -> Exercise:
    """The registered exercise with this id (KeyError naming the known ids if there is none)."""
    from utils.exercises import EXERCISES

    if exercise_id not in EXERCISES:
        raise KeyError(f"no exercise {exercise_id!r}; known ids: {', '.join(sorted(EXERCISES))}")
    return EXERCISES[exercise_id]


def exercise_cases(exercise_id: str) -> list[Case]:
    """The exact cases the checker of this exercise tries, in order (for reproducing a failure)."""
    exercise = get_exercise(exercise_id)
    return list(exercise.cases(np.random.default_rng(zlib.crc32(exercise_id.encode()))))


def check(exercise_id: str, answer: object, *, strict: bool = False) -> CheckResult:
    """Check an answer to exercise ``exercise_id``; with strict=True raise ExerciseFailed unless it passes."""
    try:
        exercise = get_exercise(exercise_id)
    except KeyError as error:
        result = CheckResult(exercise_id, FAILED, str(error.args[0]))
    else:
        result = _check(exercise, answer)
    return result.raise_if_failed() if strict else result


def _check(exercise: Exercise, answer: object) -> CheckResult:
    if exercise.is_value:
        if answer is Ellipsis:
            return _not_started(exercise)
        call = lambda: answer  # noqa: E731 - a value exercise has one case with no arguments
    elif not callable(answer):
        return _failed(exercise, f"`{exercise.name}` should be a function, but it is {_describe(answer)}.")
    elif _is_stub(answer):
        return _not_started(exercise)
    else:
        call = answer

    cases = exercise_cases(exercise.exercise_id)
    outputs: list[object] = []
    worst_gradient_error = 0.0
    for index, case in enumerate(cases):
        outcome = _call(call, case, exercise.time_limit)
        if isinstance(outcome.error, NotImplementedError) or outcome.value is Ellipsis:
            return _not_started(exercise)
        expected = _expected(exercise, case)
        problem = _diagnose(exercise, outcome, expected)
        if problem is None and exercise.gradient_of is not None:
            with np.errstate(over="ignore", invalid="ignore"):
                error = relative_error(np.asarray(outcome.value, dtype=float), expected, floor=GRADIENT_FLOOR)
            error = float("inf") if np.isnan(error) else error  # huge values overflow the norms: inf/inf is no pass
            worst_gradient_error = max(worst_gradient_error, error)
            if error > GRADIENT_FAIL:
                problem = _gradient_problem(error, expected, outcome.value)
        if problem is None and outcome.warnings:
            problem = _warning_problem(exercise, outcome.warnings)
        if not outcome.timed_out:
            outputs.append(_output_of(outcome))
        if problem is not None:
            return _failure_result(exercise, call, cases, index, problem, outputs)
    return _success_result(exercise, len(cases), worst_gradient_error)


def _not_started(exercise: Exercise) -> CheckResult:
    where = f"after `{exercise.name} =`" if exercise.is_value else f"in `{exercise.name}`"
    return CheckResult(
        exercise.exercise_id,
        NOT_STARTED,
        f"{exercise.exercise_id} not started yet: replace the `...` {where} with your answer, "
        "then run the cell again.",
    )


def _failed(exercise: Exercise, message: str, details: list[str] | None = None) -> CheckResult:
    return CheckResult(exercise.exercise_id, FAILED, f"{exercise.exercise_id} not yet: {message}", details or [])


def _success_result(exercise: Exercise, n_cases: int, gradient_error: float) -> CheckResult:
    what = "your value is correct" if exercise.is_value else f"`{exercise.name}` is correct on all {n_cases} test cases"
    if exercise.gradient_of is None:
        return CheckResult(exercise.exercise_id, PASSED, f"{exercise.exercise_id} passed: {what}.")
    grade = f"relative error {gradient_error:.1e} against centred differences, themselves accurate to about 1e-9"
    if gradient_error <= GRADIENT_PASS:
        return CheckResult(exercise.exercise_id, PASSED, f"{exercise.exercise_id} passed: {what} ({grade}).")
    return CheckResult(
        exercise.exercise_id,
        WARNING,
        f"{exercise.exercise_id} nearly: {grade}; a correct gradient is below {GRADIENT_PASS:.0e}.",
        ["An error this size usually means a small slip (a constant, a sign in one term) or float32."],
    )


def _failure_result(
    exercise: Exercise, call: Callable, cases: Sequence[Case], index: int, problem: _Problem, outputs: list[object]
) -> CheckResult:
    mistake = None
    if problem.wrong_result and len(outputs) > index:
        for later in cases[index + 1 :]:  # every case helps tell similar mistakes apart
            outcome = _call(call, later, exercise.time_limit)
            if outcome.timed_out:
                break
            outputs.append(_output_of(outcome))
        mistake = _recognise_mistake(exercise, cases[: len(outputs)], outputs)
    position = f"Case {index + 1} of {len(cases)} (exercise_cases index {index}, counting from 0)"
    details = [] if exercise.is_value else [f"{position}: {cases[index].label}"]
    details += _input_lines(exercise, cases[index])
    headline = _capitalise(problem.headline)
    if mistake is not None:
        details.append(f"Recognised a common mistake: {mistake.name}.")
        details.append(headline)
        headline = mistake.hint  # written by the exercise's author, used as it is
    details += problem.lines
    if not exercise.is_value:
        name = getattr(call, "__name__", "")
        name = name if name.isidentifier() else "your_function"
        details.append(
            f"To reproduce, run: from utils import exercise_cases; "
            f"{name}(*exercise_cases({exercise.exercise_id!r})[{index}].args)"
        )
    result = _failed(exercise, headline, details)
    result.mistake = mistake.name if mistake is not None else None
    return result


def _output_of(outcome: _Outcome) -> object:
    """What a call produced, for comparison with a mistake: its value, or the exception it raised."""
    return outcome.value if outcome.error is None else _Raised(type(outcome.error), _safe_str(outcome.error))


def _parameter_names(exercise: Exercise, count: int) -> list[str]:
    try:
        names = list(inspect.signature(exercise.reference).parameters)
    except (TypeError, ValueError):
        names = []
    return names[:count] if len(names) >= count else [f"argument {i + 1}" for i in range(count)]


def _input_lines(exercise: Exercise, case: Case) -> list[str]:
    """The case's inputs, when they are small enough to read."""
    shown = []
    for name, value in zip(_parameter_names(exercise, len(case.args)), case.args):
        if callable(value):
            text = getattr(value, "__name__", "a function").lstrip("_")
        elif isinstance(value, np.ndarray):
            if value.size > 12:
                return []
            text = np.array2string(value, separator=", ", formatter={"float_kind": lambda v: f"{v:.6g}"})
        else:
            text = repr(value)
        shown.append(f"{name} = {' '.join(text.split())}")
    line = "Inputs: " + "; ".join(shown)
    return [line] if shown and len(line) <= 240 else []


def _is_stub(function: Callable) -> bool:
    """True when the function body is only a docstring, ``...``, ``pass`` or ``raise NotImplementedError``."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return False
    if not tree.body or not isinstance(tree.body[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    body = tree.body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        body = body[1:]
    return all(_is_placeholder(statement) for statement in body)


def _is_placeholder(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return statement.value.value is Ellipsis
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` where SIGALRM exists and this is the main thread."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _interrupt(signum: int, frame: object) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, _interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _call(function: Callable, case: Case, time_limit: float) -> _Outcome:
    """Call the answer on a private copy of the case's arguments and record what happened."""
    snapshot = copy.deepcopy(case.args)
    args = copy.deepcopy(case.args)
    outcome = _Outcome()
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        try:
            with _time_limit(time_limit):
                outcome.value = function(*args)
        except _TimedOut:
            outcome.timed_out = True
        except KeyboardInterrupt:  # the learner (or Kernel -> Interrupt) asked to stop: stop
            raise
        except BaseException as error:  # a learner's bug, even sys.exit(), is reported, never re-raised
            outcome.error = error
    outcome.warnings = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    outcome.mutated = [i for i, (before, after) in enumerate(zip(snapshot, args)) if not _same_input(before, after)]
    return outcome


def _same_input(before: object, after: object) -> bool:
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and before.shape == after.shape and np.array_equal(before, after, equal_nan=True)
    if isinstance(before, (list, tuple)):
        return type(before) is type(after) and len(before) == len(after) and all(map(_same_input, before, after))
    if isinstance(before, dict):
        return isinstance(after, dict) and before.keys() == after.keys() and all(_same_input(before[k], after[k]) for k in before)
    try:
        return bool(before == after) or (before != before and after != after)  # NaN equals NaN here
    except Exception:
        return True


def _expected(exercise: Exercise, case: Case) -> object:
    args = copy.deepcopy(case.args)
    if exercise.gradient_of is not None:
        return np.asarray(numerical_gradient(exercise.gradient_of, *args))
    return exercise.reference(*args)


def _diagnose(exercise: Exercise, outcome: _Outcome, expected: object) -> _Problem | None:
    """The first thing wrong with one call, in the contract's order; None if nothing is."""
    if outcome.timed_out:
        return _Problem(
            f"`{exercise.name}` ran for more than {exercise.time_limit:g} s without finishing.",
            ["Look for a loop that never ends or one over a huge range; vectorise with NumPy instead."],
            wrong_result=False,
        )
    if outcome.error is not None:
        error, message = outcome.error, _safe_str(outcome.error)
        lines = [hint for clue, hint in _ERROR_HINTS.items() if clue in message]
        return _Problem(f"`{exercise.name}` raised {type(error).__name__}: {_shorten(message)}", lines)
    if outcome.mutated:
        names = _parameter_names(exercise, max(outcome.mutated) + 1)
        changed = ", ".join(f"`{names[i]}`" for i in outcome.mutated)
        return _Problem(
            f"`{exercise.name}` changed its input {changed} in place.",
            [
                "Build new arrays (y = x + h) instead of changing the input (x += h, x[...] = ..., list.pop()); "
                "or work on a copy, x = x.copy(). Undoing a change with += and -= is not exact in floating point."
            ],
            wrong_result=False,
        )
    if outcome.value is None:
        if exercise.is_value:
            return _Problem(f"`{exercise.name}` is None: assign your answer to it.", wrong_result=False)
        return _Problem(f"`{exercise.name}` returned None: did you forget `return`?", wrong_result=False)
    rtol = None if exercise.gradient_of is not None else exercise.rtol  # gradients: judged by relative error
    return _compare(expected, outcome.value, "the result", rtol, exercise.atol)


def _compare(expected: object, got: object, where: str, rtol: float | None, atol: float) -> _Problem | None:
    """Compare structure, type, shape, dtype, finiteness and (unless rtol is None) values of got."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return _Problem(f"{where} should be a tuple of {len(expected)} items, but it is {_describe(got)}.")
        for i, (e, g) in enumerate(zip(expected, got)):
            problem = _compare(e, g, f"{where}[{i}]", rtol, atol)
            if problem is not None:
                return problem
        return None
    if _is_scalar(expected):
        number = _as_number(got)
        if number is None:
            return _Problem(f"{where} should be a single number, but it is {_describe(got)}.")
        return _compare_values(np.asarray(_as_number(expected)), np.asarray(number), where, rtol, atol)
    expected = np.asarray(expected)
    if not isinstance(got, np.ndarray):
        advice = " Wrap it with np.array(...)." if _converts_to_shape(got, expected.shape) else ""
        return _Problem(f"{where} should be a NumPy array of shape {expected.shape}, but it is {_describe(got)}.{advice}")
    if got.shape != expected.shape:
        return _shape_problem(where, expected.shape, got.shape)
    dtype_problem = _dtype_problem(where, expected.dtype, got.dtype)
    if dtype_problem is not None:
        dtype_problem.wrong_result = False
        return dtype_problem
    if np.ma.is_masked(got):
        return _Problem(
            f"{where} is a masked array with {np.ma.count_masked(got)} masked value(s); plain numbers are expected.",
            ["Return a plain NumPy array (np.asarray(...) or .filled(...)) instead of a masked one."],
        )
    return _compare_values(expected, np.asarray(got), where, rtol, atol)  # a subclass compares as a plain array


def _converts_to_shape(value: object, shape: tuple) -> bool:
    """True for a list or tuple that np.array would turn into an array of this shape."""
    if not isinstance(value, (list, tuple)):
        return False
    try:
        return np.asarray(value).shape == shape
    except (ValueError, TypeError):
        return False


def _shape_problem(where: str, expected: tuple, got: tuple) -> _Problem:
    lines = []
    try:
        broadcast = np.broadcast_shapes(expected, got)
        lines.append(f"NumPy would silently broadcast {got} with {expected} to {broadcast}: compare shapes, not just values.")
    except ValueError:
        pass
    if len(got) == len(expected) + 1 and got[-1] == 1:
        lines.append("A trailing axis of length 1 usually comes from a column vector: use .ravel() or index [:, 0].")
    if sorted(got) == sorted(expected) and got != expected:
        lines.append("The same sizes in another order: is something transposed?")
    return _Problem(f"{where} has shape {got}, but shape {expected} is expected.", lines)


def _dtype_problem(where: str, expected: np.dtype, got: np.dtype) -> _Problem | None:
    if expected.kind == "f":
        if got.kind == "c":
            return _Problem(
                f"{where} has complex dtype {got}, but real numbers are expected.",
                ["Take the part the exercise asks for with np.real(...) or np.imag(...)."],
            )
        if got.kind in "iub":
            return _Problem(
                f"{where} has dtype {got}, but floating-point numbers are expected.",
                ["Integer arithmetic truncates: start from floats (e.g. np.arange(5.0) or x.astype(float))."],
            )
        if got.kind != "f":
            return _Problem(f"{where} has dtype {got}, but float64 numbers are expected.")
        if got.itemsize < expected.itemsize:
            return _Problem(f"{where} has dtype {got}, which is less precise than the expected {expected}.")
    elif expected.kind != got.kind and not (expected.kind in "iu" and got.kind in "iu"):
        return _Problem(f"{where} has dtype {got}, but dtype {expected} is expected.")
    return None


def _compare_values(
    expected: np.ndarray, got: np.ndarray, where: str, rtol: float | None, atol: float
) -> _Problem | None:
    if expected.dtype.kind not in "fc":
        if np.array_equal(expected, got):
            return None
        index = tuple(np.argwhere(expected != got)[0]) if expected.ndim else ()
        return _Problem(f"{where}{_at(index)} is {_fmt(got[index])}, expected {_fmt(expected[index])}.")
    bad_nonfinite = ~np.isfinite(got) & np.isfinite(expected)
    if np.any(bad_nonfinite):
        index = tuple(np.argwhere(bad_nonfinite)[0]) if got.ndim else ()
        count = int(bad_nonfinite.sum())
        return _Problem(
            f"{where} contains {count} nan/inf value(s) where finite numbers are expected "
            f"(the first{_at(index)}: {_fmt(got[index])}, expected {_fmt(expected[index])}).",
            ["nan/inf usually come from overflow (exp of a large number), 0/0, or log(0)."],
        )
    if rtol is None:
        return None
    with np.errstate(all="ignore"):  # the error of a huge wrong value may overflow: report it, no warning
        close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
        if np.all(close):
            return None
        abs_error = np.where(np.isfinite(expected), np.abs(got - expected), np.inf)
        nonzero = ~close & (expected != 0)
        relative = abs_error[nonzero] / np.abs(expected[nonzero])
    index = tuple(np.argwhere(~close)[0]) if got.ndim else ()
    errors = f"off by up to {float(np.max(abs_error[~close])):.3g}"
    if np.any(nonzero):
        errors += f" (relative error {float(np.max(relative)):.3g})"
    count = f"{int((~close).sum())} of {close.size} values differ, " if close.size > 1 else "It is "
    return _Problem(
        f"{where}{_at(index)} is {_fmt(got[index])}, expected {_fmt(expected[index])}.",
        [f"{count}{errors}; the checker allows a relative difference of {rtol:g}."],
    )


def _gradient_problem(error: float, expected: np.ndarray, got: object) -> _Problem:
    return _Problem(
        f"the result differs from centred differences by relative error {error:.2e} (fails above {GRADIENT_FAIL:.0e}).",
        [f"expected (centred differences) {_fmt(expected)}", f"got {_fmt(np.asarray(got))}"],
    )


def _warning_problem(exercise: Exercise, caught: list[str]) -> _Problem:
    lines = [f"warning: {_shorten(w)}" for w in caught[:3]]
    if exercise.warning_hint:
        lines.append(exercise.warning_hint)
    return _Problem(
        "the values are right, but your code triggered a warning (see below); make it warning-free.",
        lines,
        wrong_result=False,
    )


def _recognise_mistake(exercise: Exercise, cases: Sequence[Case], outputs: list[object]) -> Mistake | None:
    """The first registered mistake that matches the learner's outputs on every case tried and differs
    from the reference on at least one of them (so a right answer with a wrong dtype is not blamed on it)."""
    references = [_quiet_output(exercise.reference, case) for case in cases]
    for mistake in exercise.mistakes:
        mistaken = [_quiet_output(mistake.answer, case) for case in cases]
        matches = all(_same_output(m, o, exercise.rtol, exercise.atol) for m, o in zip(mistaken, outputs))
        differs = any(not _same_output(m, r, exercise.rtol, exercise.atol) for m, r in zip(mistaken, references))
        if matches and differs:
            return mistake
    return None


def _quiet_output(function: Callable, case: Case) -> object:
    """function(*case.args) with warnings silenced; an exception is returned as _Raised."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return function(*copy.deepcopy(case.args))
        except Exception as error:
            return _Raised(type(error), str(error))


def _same_output(a: object, b: object, rtol: float, atol: float) -> bool:
    """Equal structure, exactly equal shapes, and close values (NaN matches NaN); or the same exception."""
    if a is None or b is None:
        return False
    if isinstance(a, _Raised) or isinstance(b, _Raised):
        return isinstance(a, _Raised) and isinstance(b, _Raised) and a == b
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (
            isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and len(a) == len(b)
            and all(_same_output(x, y, rtol, atol) for x, y in zip(a, b))
        )
    if isinstance(a, np.ndarray) != isinstance(b, np.ndarray) and not (_is_scalar(a) and _is_scalar(b)):
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. complex values cast to float: not the same output
            a_arr = np.asarray(_as_number(a) if _is_scalar(a) else a, dtype=float)
            b_arr = np.asarray(_as_number(b) if _is_scalar(b) else b, dtype=float)
    except (TypeError, ValueError, OverflowError, Warning):
        return False
    return a_arr.shape == b_arr.shape and bool(np.allclose(a_arr, b_arr, rtol=max(rtol, 1e-9), atol=atol, equal_nan=True))


def _is_scalar(value: object) -> bool:
    return _as_number(value) is not None and not (isinstance(value, np.ndarray) and value.ndim > 0)


def _as_number(value: object) -> float | None:
    """The value as a float if it is a single real number (Python, NumPy, 0-d array or SymPy), else None."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        return None
    if isinstance(value, np.ndarray):
        ok = value.ndim == 0 and value.dtype.kind in "iuf" and not np.ma.is_masked(value)
        return float(value) if ok else None
    if not isinstance(value, (numbers.Real, np.integer, np.floating)) and not getattr(value, "is_number", False):
        return None
    try:
        return float(value)  # also a SymPy number such as Rational(1, 2) or oo
    except OverflowError:  # an int such as math.factorial(200) is beyond the float range
        return float("inf") if value > 0 else float("-inf")
    except (TypeError, ValueError):
        return None


def _describe(value: object) -> str:
    """A short description of a value's kind, never its full contents."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    if isinstance(value, str):
        return f"the string {_shorten(repr(value), 40)}"
    if callable(value):
        return "a function"
    number = _as_number(value)
    if number is not None:
        return f"the number {_fmt(number)}"
    return f"a {type(value).__name__} ({_shorten(_safe_repr(value), 40)})"


def _fmt(value: object) -> str:
    if isinstance(value, np.ndarray) and value.ndim > 0:
        return np.array2string(value, precision=6, threshold=12, edgeitems=3)
    number = _as_number(value)
    return f"{number:.10g}" if number is not None else _shorten(_safe_repr(value), 60)


def _safe_repr(value: object) -> str:
    """repr(value), or a stand-in when the learner's object cannot be shown (a broken __repr__, a huge int)."""
    try:
        return repr(value)
    except Exception:
        return f"<a {type(value).__name__} that cannot be shown>"


def _safe_str(error: BaseException) -> str:
    """str(error), or a stand-in when the exception's message cannot be built."""
    try:
        return str(error)
    except Exception:
        return "(a message that cannot be shown)"


def _at(index: tuple) -> str:
    return f" at index [{', '.join(str(int(i)) for i in index)}]" if index else ""


def _capitalise(text: str) -> str:
    """Capitalise a sentence that starts with a plain word; leave one that starts with code alone."""
    first_word = text.split(" ", 1)[0]
    return text[:1].upper() + text[1:] if first_word.isalpha() and len(first_word) > 1 else text


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
