"""Checker fuzzing: odd answers to every registered exercise never break its checker (issue 8, item 4).

For each exercise in utils.exercises.EXERCISES, hypothesis builds odd answers: values of the wrong
type (str, None, list, dict, complex, bool, object(), unprintable objects, huge ints), NaN/inf, huge
arrays, the reference's own result with a wrong shape or dtype or with finite wrong values, functions
that raise arbitrary exceptions, mutate their inputs, run past the time limit, and non-callables.
The properties (guide section 5):

- outside assert mode check() never raises, never leaks a warning, and never accepts a wrong answer
  (its status is "failed" or "not started", never "passed" or "warning");
- in assert mode (strict=True) a wrong answer raises ExerciseFailed (an AssertionError) and nothing else;
- the time limit's alarm is switched off and its signal handler restored after every check;
- KeyboardInterrupt (Ctrl-C, Kernel -> Interrupt) is the one exception that propagates: a learner who
  asks to stop a long check must get control back, so the checker does not swallow it.

Runs are deterministic (derandomize=True; the hypothesis pytest plugin gives every parametrised exercise
its own seed) and bounded (a few examples per exercise and property). Endless loops are checked with
the exercise's time limit lowered to TIME_LIMIT so that the file stays fast. For a longer hunt, multiply
the number of examples: COURSE_FUZZ_SCALE=20 .venv/bin/python -m pytest tests/test_checker_fuzzing.py
"""

import copy
import dataclasses
import fractions
import math
import os
import signal
import threading
import warnings

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from utils import ExerciseFailed, check, exercise_cases
from utils.checks import FAILED, NOT_STARTED, _as_number  # the engine's reading of "a single number"
from utils.exercises import EXERCISES
from utils.numerics import relative_error

ALL = sorted(EXERCISES)
FUNCTIONS = [eid for eid in ALL if not EXERCISES[eid].is_value]
TIME_LIMIT = 0.05  # seconds; instead of the learner's 5 s, for the endless-loop tests
SCALE = float(os.environ.get("COURSE_FUZZ_SCALE", "1"))  # more examples for a longer hunt
# The time limit uses SIGALRM: Unix only, and only in the main thread (pytest-xdist >= 3.5 runs tests there)
HAS_ALARM = hasattr(signal, "setitimer")


def fuzz(examples: int) -> settings:
    """Deterministic, bounded hypothesis settings: `examples` answers per exercise."""
    return settings(
        max_examples=max(1, round(examples * SCALE)),
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=list(HealthCheck),
    )


# --- what counts as a right answer ----------------------------------------------------------------


def _maybe_right(got, expected, gradient: bool) -> bool:
    """True when `got` may be an acceptable answer where `expected` is the reference's result.

    Deliberately generous (relative 1e-3, gradients 1e-2 norm-wise, far looser than any checker), so
    that everything a checker could rightly accept is excluded from the "must be rejected" tests.
    """
    if isinstance(expected, tuple):
        return (
            isinstance(got, (tuple, list)) and len(got) == len(expected)
            and all(_maybe_right(g, e, gradient) for g, e in zip(got, expected, strict=True))
        )
    expected_number = _as_number(expected)
    if expected_number is not None:
        got_number = _as_number(got)
        if got_number is None:
            return False
        if math.isnan(expected_number) or math.isnan(got_number):
            return math.isnan(expected_number) and math.isnan(got_number)
        return got_number == expected_number or math.isclose(got_number, expected_number, rel_tol=1e-3, abs_tol=1e-6)
    expected = np.asarray(expected)
    if not isinstance(got, np.ndarray) or got.shape != expected.shape or np.ma.is_masked(got):
        return False
    e, g = expected.dtype.kind, got.dtype.kind
    if e == "f":
        if g != "f" or got.dtype.itemsize < expected.dtype.itemsize:
            return False
    elif not (e == g or (e in "iu" and g in "iu")):
        return False
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if e not in "fc":
            return bool(np.array_equal(np.asarray(got), expected))
        if gradient:
            return relative_error(np.asarray(got, dtype=float), expected) < 1e-2
        return bool(np.allclose(np.asarray(got), expected, rtol=1e-3, atol=1e-6, equal_nan=True))


_REFERENCE_OUTPUTS: dict[str, list] = {}


def _reference_outputs(exercise_id: str) -> list:
    """The reference's result on each case, in the checker's order."""
    if exercise_id not in _REFERENCE_OUTPUTS:
        exercise = EXERCISES[exercise_id]
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            if exercise.is_value:
                _REFERENCE_OUTPUTS[exercise_id] = [exercise.reference()]
            else:
                cases = exercise_cases(exercise_id)
                _REFERENCE_OUTPUTS[exercise_id] = [exercise.reference(*copy.deepcopy(c.args)) for c in cases]
    return _REFERENCE_OUTPUTS[exercise_id]


def _right_on_every_case(exercise_id: str, answer) -> bool:
    """Whether an answer (a value, or a function of the case arguments) may be right on every case."""
    exercise = EXERCISES[exercise_id]
    gradient = exercise.gradient_of is not None
    if exercise.is_value:
        return _maybe_right(answer, _reference_outputs(exercise_id)[0], gradient)
    if not callable(answer):
        return False
    for case, expected in zip(exercise_cases(exercise_id), _reference_outputs(exercise_id), strict=True):
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                got = answer(*copy.deepcopy(case.args))
            except Exception:
                return False
        if not _maybe_right(got, expected, gradient):
            return False
    return True


# --- the properties -------------------------------------------------------------------------------


def assert_rejected(exercise_id: str, answer, strict: bool, expected_text: str = "") -> None:
    """check() rejects the answer: a failed (or not started) result outside assert mode, ExerciseFailed
    in assert mode; never another exception, a leaked warning or an armed alarm. The report (or the
    exception's message) contains expected_text."""
    handler = signal.getsignal(signal.SIGALRM) if HAS_ALARM else None
    with warnings.catch_warnings(record=True) as leaked:
        warnings.simplefilter("always")
        if strict:
            with pytest.raises(ExerciseFailed) as raised:
                check(exercise_id, answer, strict=True)
            text = str(raised.value)
            assert isinstance(raised.value, AssertionError)
        else:
            result = check(exercise_id, answer)
            assert result.status in (FAILED, NOT_STARTED), str(result)
            assert not result
            text = str(result)
            assert result.summary in text and result._repr_html_()
    assert f"{exercise_id} not" in text, text  # "NN.k not yet: ..." or "NN.k not started yet: ..."
    assert expected_text in text, text
    assert "Traceback" not in text
    assert not leaked, [f"{w.category.__name__}: {w.message}" for w in leaked]
    if HAS_ALARM:
        assert signal.getsignal(signal.SIGALRM) is handler
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


class _Unprintable:
    """A learner's own object whose repr() fails."""

    def __repr__(self):
        raise RuntimeError("this object cannot be printed")


class _UnprintableError(Exception):
    """An exception whose message cannot be built."""

    def __str__(self):
        raise RuntimeError("this message cannot be built")


def _generator():
    yield 1.0


# Odd values, built on demand (a few are large). Each is a wrong answer wherever it differs from the
# reference's result; _right_on_every_case excludes the rare coincidence.
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=30),
    st.binary(max_size=8),
    st.complex_numbers(),
    st.floats(),  # includes nan, inf and -inf
    # huge ints stay below 4300 digits: hypothesis must be able to print a failing example
    st.sampled_from([math.nan, math.inf, -math.inf, 10**400, -(10**4000), math.factorial(300)]),
    st.integers(),
    st.lists(st.floats(), max_size=5),
    st.tuples(st.floats(), st.text(max_size=3)),
    st.dictionaries(st.text(max_size=3), st.floats(), max_size=3),
    st.frozensets(st.integers(), max_size=3),
    st.builds(object),
    st.builds(_Unprintable),
    st.builds(_generator),
    st.builds(lambda: fractions.Fraction(10**400, 3)),
    st.sampled_from([sp.zoo, sp.I, sp.nan, sp.oo, sp.Symbol("x"), sp.Rational(1, 3), sp.Integer(10) ** 400]),
    st.sampled_from(
        [np.complex128(1 + 2j), np.float16(0.5), np.int8(-3), np.bool_(True), np.ma.masked, np.datetime64(0, "s")]
    ),
    hnp.arrays(hnp.scalar_dtypes(), hnp.array_shapes(min_dims=0, max_dims=3, max_side=6)),
    hnp.arrays(
        np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=6),
        elements=st.sampled_from([np.nan, np.inf, -np.inf]),
    ),
    st.builds(lambda: np.ma.masked_all((2, 3))),
    st.builds(lambda: np.array([object(), None])),
    st.builds(lambda: np.zeros((1500, 1500))),  # huge
    st.builds(lambda: np.full(3_000_001, np.nan)),  # huge, and not a number
)


@pytest.mark.parametrize("exercise_id", ALL)
@fuzz(6)
@given(value=ODD_VALUES, strict=st.booleans())
def test_odd_values_are_rejected(exercise_id, value, strict):
    """A function returning an odd value (or, for a value exercise, the odd value itself)."""
    exercise = EXERCISES[exercise_id]
    answer = value if exercise.is_value else (lambda *args: value)
    assume(not _right_on_every_case(exercise_id, answer))
    assert_rejected(exercise_id, answer, strict)


@pytest.mark.parametrize("exercise_id", FUNCTIONS)
@fuzz(3)
@given(value=ODD_VALUES.filter(lambda v: not callable(v)), strict=st.booleans())
def test_non_callables_are_rejected(exercise_id, value, strict):
    assert_rejected(exercise_id, value, strict, "should be a function")


# Callables that are not the learner's function: wrong signatures, built-ins, classes.
ODD_CALLABLES = st.sampled_from(
    [lambda: 0.0, lambda *args, **kwargs: None, lambda x, *, y: x, dict, list, str, tuple, type, len, sorted,
     max, sum, abs, repr, iter, object, Exception, np.zeros, np.sin, np.array, math.sqrt, copy.deepcopy, _generator]
)


@pytest.mark.parametrize("exercise_id", FUNCTIONS)
@fuzz(3)
@given(answer=ODD_CALLABLES, strict=st.booleans())
def test_odd_callables_are_rejected(exercise_id, answer, strict):
    assume(not _right_on_every_case(exercise_id, answer))
    assert_rejected(exercise_id, answer, strict)


# --- the reference's result, made wrong ---------------------------------------------------------


def _perturb(value, delta: float, spot: int, everywhere: bool):
    """A copy of `value` with finite wrong values (by at least delta relative), or None if it has none."""
    if isinstance(value, (tuple, list)):
        for offset in range(len(value)):
            i = (spot + offset) % len(value)
            changed = _perturb(value[i], delta, spot, everywhere)
            if changed is not None:
                parts = list(value)
                parts[i] = changed
                return type(value)(parts)
        return None
    if isinstance(value, (bool, np.bool_)):
        return not value
    number = _as_number(value)
    if number is not None and not isinstance(value, np.ndarray):
        return number + delta * (abs(number) + 1.0) if math.isfinite(number) else None
    if not isinstance(value, np.ndarray) or value.size == 0:
        return None
    changed = np.array(value, copy=True)
    kind = value.dtype.kind
    if kind == "b":
        mask = np.zeros(value.shape, bool)
        mask.flat[spot % value.size] = True
        return changed ^ (np.ones_like(mask) if everywhere else mask)
    if kind in "iu":
        step = 1 + int(min(abs(delta), 100))
        if everywhere:
            return changed + np.asarray(step, value.dtype)
        changed.flat[spot % value.size] += step
        return changed
    if kind not in "fc":
        return None
    finite = np.flatnonzero(np.isfinite(value))
    if finite.size == 0:
        return None
    shift = delta * (float(np.max(np.abs(value.flat[finite]))) + 1.0)
    with np.errstate(all="ignore"):
        if everywhere:
            changed.flat[finite] += shift
        else:
            changed.flat[finite[spot % finite.size]] += shift
    return changed


class _CallCounter:
    """Numbers the calls of an answer: the checker calls it once per case, in order."""

    def __init__(self):
        self.calls = 0

    def next(self) -> int:
        self.calls += 1
        return self.calls - 1


@pytest.mark.parametrize("exercise_id", ALL)
@fuzz(5)
@given(data=st.data(), strict=st.booleans())
def test_wrong_values_are_rejected(exercise_id, data, strict):
    """The reference's own result with finite wrong values, on one case or on all of them."""
    exercise = EXERCISES[exercise_id]
    reference_outputs = _reference_outputs(exercise_id)
    if all(_perturb(out, 1.0, 0, True) is None for out in reference_outputs):
        pytest.skip(f"{exercise_id}: no result with numbers to change")
    delta = data.draw(st.sampled_from([1e-2, 0.5, 1.0, 1e3, 1e300]) | st.floats(1e-2, 1e6), label="delta")
    delta *= data.draw(st.sampled_from([1, -1]), label="sign")
    spot = data.draw(st.integers(0, 10**6), label="spot")
    everywhere = data.draw(st.booleans(), label="everywhere")
    only_case = data.draw(st.none() | st.integers(0, len(reference_outputs) - 1), label="only_case")
    gradient = exercise.gradient_of is not None
    wrong = [
        None if only_case not in (None, i) else _perturb(out, delta, spot, everywhere)
        for i, out in enumerate(reference_outputs)
    ]
    pairs = zip(wrong, reference_outputs, strict=True)
    assume(any(w is not None and not _maybe_right(w, out, gradient) for w, out in pairs))

    if exercise.is_value:
        answer = wrong[0]
    else:
        counter = _CallCounter()

        def answer(*args):
            result = exercise.reference(*args)
            call = counter.next()
            if call < len(wrong) and wrong[call] is not None:
                return _perturb(result, delta, spot, everywhere)
            return result

    assert_rejected(exercise_id, answer, strict)


_RESHAPES = {
    "trailing axis": lambda a: a[..., None],
    "leading axis": lambda a: a[None],
    "ravelled": np.ravel,
    "transposed": lambda a: a.T,
    "last item dropped": lambda a: a.reshape(-1)[:-1],
    "repeated": lambda a: np.concatenate([a.reshape(-1)] * 2),
    "first item only": lambda a: a.reshape(-1)[:1],
    "as list": lambda a: a.tolist(),
    "as tuple": lambda a: tuple(np.ravel(a).tolist()),
    "float32": lambda a: a.astype(np.float32),
    "float16": lambda a: a.astype(np.float16),
    "int": lambda a: a.astype(np.int64),
    "complex": lambda a: a.astype(np.complex128),
    "bool": lambda a: a.astype(bool),
    "object": lambda a: a.astype(object),
    "str": lambda a: a.astype(str),
    "masked": lambda a: np.ma.masked_less(a, np.inf),
    "matrix": lambda a: np.asmatrix(np.atleast_2d(a)),
    "array of one number": lambda a: np.array([a]),
}


def _reshaped(value, how: str, part: int):
    """The reference's result with one part given another shape, dtype or type."""
    if isinstance(value, tuple) and value:
        parts = list(value)
        parts[part % len(parts)] = _reshaped(parts[part % len(parts)], how, part)
        return tuple(parts)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return _RESHAPES[how](np.asarray(value))
        except Exception:
            return value  # not possible here: leave this part alone


@pytest.mark.parametrize("exercise_id", ALL)
@fuzz(5)
@given(how=st.sampled_from(sorted(_RESHAPES)), part=st.integers(0, 5), strict=st.booleans())
def test_wrong_shapes_and_dtypes_are_rejected(exercise_id, how, part, strict):
    exercise = EXERCISES[exercise_id]
    if exercise.is_value:
        answer = _reshaped(exercise.reference(), how, part)
    else:

        def answer(*args):
            return _reshaped(exercise.reference(*args), how, part)

    assume(not _right_on_every_case(exercise_id, answer))
    assert_rejected(exercise_id, answer, strict)


# --- functions that raise, mutate their inputs or run too long -----------------------------------

EXCEPTION_TYPES = [
    ValueError, TypeError, ZeroDivisionError, RecursionError, IndexError, KeyError, AttributeError, NameError,
    RuntimeError, FloatingPointError, OverflowError, MemoryError, StopIteration, AssertionError, ExerciseFailed,
    ArithmeticError, LookupError, OSError, Exception, np.linalg.LinAlgError, NotImplementedError,
    SystemExit, GeneratorExit,  # BaseExceptions a learner's code can raise (exit(), a closed generator)
]
MESSAGES = st.one_of(
    st.text(max_size=300), st.integers(), st.just(10**4000), st.builds(_Unprintable), st.just(np.arange(10**5))
)


def _recurse(depth=0):
    return _recurse(depth + 1)


@pytest.mark.parametrize("exercise_id", FUNCTIONS)
@fuzz(5)
@given(data=st.data(), strict=st.booleans())
def test_raising_functions_are_rejected(exercise_id, data, strict):
    """Right on the first `after` cases, then an exception (a real endless recursion included)."""
    exercise = EXERCISES[exercise_id]
    after = data.draw(st.integers(0, len(_reference_outputs(exercise_id)) - 1), label="after")
    kind = data.draw(st.sampled_from(EXCEPTION_TYPES + [_UnprintableError, "recursion"]), label="kind")
    message = data.draw(MESSAGES, label="message")
    counter = _CallCounter()

    def answer(*args):
        if counter.next() < after:
            return exercise.reference(*args)
        if kind == "recursion":
            return _recurse()
        raise kind(message)

    assert_rejected(exercise_id, answer, strict)


def _mutate(value, how: int) -> bool:
    """Change `value` in place so that the change always shows; False when it cannot be changed."""
    if isinstance(value, np.ndarray):
        if value.size == 0 or not value.flags.writeable or value.dtype.kind not in "fciub":
            return False
        i = how % value.size
        if value.dtype.kind in "fc":
            value.flat[i] = 0.0 if np.isnan(value.flat[i]) else np.nan
        elif value.dtype.kind == "b":
            value.flat[i] = not value.flat[i]
        else:
            value.flat[i] = 0 if value.flat[i] != 0 else 1
        return True
    if isinstance(value, list):
        if value and how % 3 == 1 and _mutate(value[how % len(value)], how // 3):
            return True  # an item changed inside the list
        if value and how % 3 == 2:
            value.pop()
        else:
            value.append(None)
        return True
    if isinstance(value, dict):
        value[("changed", len(value))] = None
        return True
    if isinstance(value, set):
        value.add(("changed", len(value)))
        return True
    return False


def _mutable_positions(case) -> list[int]:
    return [i for i, arg in enumerate(case.args) if _mutate(copy.deepcopy(arg), 0)]


def _has_mutable_input(exercise_id: str) -> bool:
    try:
        return any(_mutable_positions(case) for case in exercise_cases(exercise_id))
    except Exception:  # a broken exercise definition fails in test_checkers.py, not at collection here
        return False


MUTATING = [eid for eid in FUNCTIONS if _has_mutable_input(eid)]


@pytest.mark.parametrize("exercise_id", MUTATING)
@fuzz(4)
@given(data=st.data(), strict=st.booleans())
def test_input_mutation_is_rejected(exercise_id, data, strict):
    """The right result, but an input changed in place on one case."""
    exercise = EXERCISES[exercise_id]
    cases = exercise_cases(exercise_id)
    where = data.draw(st.sampled_from([i for i, c in enumerate(cases) if _mutable_positions(c)]), label="case")
    position = data.draw(st.sampled_from(_mutable_positions(cases[where])), label="argument")
    how = data.draw(st.integers(0, 1000), label="how")
    counter = _CallCounter()

    def answer(*args):
        result = exercise.reference(*copy.deepcopy(args))
        if counter.next() == where:
            assert _mutate(args[position], how)
        return result

    assert_rejected(exercise_id, answer, strict, "in place")


@pytest.fixture
def short_time_limit(monkeypatch):
    """Lower every exercise's time limit to TIME_LIMIT for this test."""
    if threading.current_thread() is not threading.main_thread() or not HAS_ALARM:
        pytest.skip("the checkers' time limit needs SIGALRM in the main thread (Unix; pytest-xdist >= 3.5)")
    for exercise_id, exercise in list(EXERCISES.items()):
        monkeypatch.setitem(EXERCISES, exercise_id, dataclasses.replace(exercise, time_limit=TIME_LIMIT))


def _huge_loop(*args):
    """A loop over a huge range that a learner's `except Exception` cannot stop either."""
    total = 0
    for i in range(10**15):
        try:
            total += i
        except Exception:
            pass
    return total


@pytest.mark.parametrize("exercise_id", FUNCTIONS)
def test_huge_loops_time_out(exercise_id, short_time_limit):
    strict = FUNCTIONS.index(exercise_id) % 2 == 1  # each mode on half of the exercises: one check each
    assert_rejected(exercise_id, _huge_loop, strict, f"more than {TIME_LIMIT:g} s without finishing")


def test_a_late_huge_loop_times_out(short_time_limit):
    """Right on the first case, then endless: the checker stops it and does not re-run later cases."""
    exercise_id = next(eid for eid in FUNCTIONS if len(exercise_cases(eid)) > 1)
    counter = _CallCounter()

    def late_loop(*args):
        return EXERCISES[exercise_id].reference(*args) if counter.next() == 0 else _huge_loop()

    result = check(exercise_id, late_loop)
    assert result.status == FAILED and "without finishing" in result.summary and "Case 2 of" in str(result)
    assert counter.calls == 2


@pytest.mark.parametrize("exercise_id", FUNCTIONS)
def test_keyboard_interrupt_propagates(exercise_id):
    """Ctrl-C (or Kernel -> Interrupt) during a check must stop the check, in both modes: it is the one
    exception the checker does not turn into a report, and the alarm is still switched off."""
    handler = signal.getsignal(signal.SIGALRM) if HAS_ALARM else None

    def interrupted(*args):
        raise KeyboardInterrupt

    for strict in (False, True):
        with pytest.raises(KeyboardInterrupt):
            check(exercise_id, interrupted, strict=strict)
        if HAS_ALARM:
            assert signal.getsignal(signal.SIGALRM) is handler
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_fuzzing_covers_every_registered_exercise():
    """Every exercise is fuzzed; the mutation test is not silently empty."""
    assert ALL and set(FUNCTIONS) | {eid for eid in ALL if EXERCISES[eid].is_value} == set(ALL)
    assert MUTATING and set(MUTATING) <= set(FUNCTIONS)
