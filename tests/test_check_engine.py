"""The checker engine on odd answers: it reports, it never raises (outside assert mode)."""

import fractions
import math
import signal
import sys
import warnings

import numpy as np
import pytest
import sympy as sp

from utils import Case, Exercise, ExerciseFailed, Mistake, check
from utils.checks import FAILED, NOT_STARTED, PASSED, WARNING, CheckResult
from utils.exercises import EXERCISES


def _square_cases(rng):
    return [Case((np.array([[0.0, -1.0, 2.0], [3.0, 4.0, -5.0]]),), "a (2, 3) array"),
            Case((rng.normal(size=(4, 5)),), "random (4, 5)")]


def _loss(w):
    return float(np.sum(np.sin(w) * w**2))


def _loss_gradient(w):
    return np.cos(w) * w**2 + 2 * w * np.sin(w)


@pytest.fixture
def square(monkeypatch):
    """A test-only exercise: return x squared elementwise."""
    exercise = Exercise(
        "T.1", "square", lambda x: x**2, _square_cases,
        mistakes=(Mistake("doubled", lambda x: 2 * x, "Square, don't double."),),
        time_limit=0.3,
    )
    monkeypatch.setitem(EXERCISES, "T.1", exercise)
    return "T.1"


@pytest.fixture
def gradient(monkeypatch):
    """A test-only gradient exercise, judged against centred differences of _loss."""
    exercise = Exercise(
        "T.2", "loss_gradient", _loss_gradient,
        lambda rng: [Case((np.array([0.5, -1.5, 2.0]),), "w of shape (3,)"), Case((rng.normal(size=4),), "random w")],
        gradient_of=_loss,
        mistakes=(Mistake("product rule half", lambda w: np.cos(w) * w**2, "Use the product rule: two terms."),),
    )
    monkeypatch.setitem(EXERCISES, "T.2", exercise)
    return "T.2"


def test_reference_passes(square):
    result = check(square, lambda x: x**2)
    assert result.status == PASSED and bool(result)


@pytest.mark.parametrize(
    ("answer", "expected_text"),
    [
        ("a string", "should be a function"),
        ([1, 2, 3], "should be a function"),
        (None, "should be a function"),
        (lambda x: None, "did you forget `return`?"),
        (lambda x: [list(row) for row in x**2], "should be a NumPy array"),
        (lambda x: (x**2).tolist(), "Wrap it with np.array"),
        (lambda x: np.full(x.shape, np.nan), "nan/inf"),
        (lambda x: np.zeros((3000, 3000)), "shape (3000, 3000)"),
        (lambda x: (x**2).T, "transposed"),
        (lambda x: (x**2).astype(int), "dtype int64"),
        (lambda x: (x**2).astype(np.float32), "float32"),
        (lambda x: "text", "should be a NumPy array"),
        (lambda x: 1 / 0, "raised ZeroDivisionError"),
        (lambda x: x.missing_attribute, "raised AttributeError"),
        (lambda x, y: x, "raised TypeError"),
    ],
)
def test_odd_answers_are_reported_not_raised(square, answer, expected_text):
    result = check(square, answer)
    assert result.status == FAILED
    assert expected_text in str(result), str(result)
    assert "Traceback" not in str(result)


def test_mutating_the_input_is_detected(square):
    def in_place(x):
        x **= 2
        return x

    result = check(square, in_place)
    assert result.status == FAILED and "changed its input `x` in place" in result.summary


def test_an_endless_loop_times_out(square):
    def endless(x):
        while True:
            pass

    result = check(square, endless)
    assert result.status == FAILED and "without finishing" in result.summary


def test_warnings_from_learner_code_fail(square):
    def noisy(x):
        with np.errstate(all="warn"):
            np.log(np.zeros(1))
        return x**2

    result = check(square, noisy)
    assert result.status == FAILED and "warning" in result.summary
    assert "divide by zero" in str(result)


def test_registered_mistake_gets_its_hint(square):
    result = check(square, lambda x: 2 * x)
    assert result.mistake == "doubled" and result.summary.endswith("Square, don't double.")


def test_unregistered_wrong_answer_reports_expected_and_got(square):
    result = check(square, lambda x: x**2 + 1e-3)
    assert result.mistake is None
    text = str(result)
    assert "expected" in text and "off by up to" in text and "To reproduce, run:" in text and "exercise_cases('T.1')[0]" in text
    assert "Case 1 of" in text and "(exercise_cases index 0, counting from 0)" in text  # the reproduce line's index


@pytest.mark.parametrize("body", ["pass", "...", "raise NotImplementedError", "raise NotImplementedError('todo')"])
def test_stub_forms_are_not_started(square, body):
    namespace = {}
    exec(f"def square(x):\n    '''doc'''\n    # your code here\n    {body}\n", namespace)
    # exec'd code has no source file; the runtime NotImplementedError / None paths must still answer
    result = check(square, namespace["square"])
    assert result.status in (NOT_STARTED, FAILED)
    if "raise" in body:
        assert result.status == NOT_STARTED


def test_ellipsis_returned_is_not_started(square):
    assert check(square, lambda x: ...).status == NOT_STARTED


def test_strict_mode_raises_with_the_summary(square):
    with pytest.raises(ExerciseFailed, match="T.1 not yet"):
        check(square, lambda x: x, strict=True)
    assert check(square, lambda x: x**2, strict=True).status == PASSED
    assert issubclass(ExerciseFailed, AssertionError)


def test_unknown_exercise_is_a_failed_result():
    result = check("99.9", lambda: 0)
    assert result.status == FAILED and "known ids" in result.summary


def test_html_puts_the_summary_first(square):
    result = check(square, lambda x: 2 * x)
    page = result._repr_html_()
    assert page.index("not yet") < page.index("<ul")
    assert "<script" not in page


def test_html_escapes_learner_text(square):
    result = check(square, lambda x: "<b>bold</b>")
    assert "<b>bold</b>" not in result._repr_html_()


def test_gradient_exercise_passes_warns_and_fails(gradient):
    assert check(gradient, _loss_gradient).status == PASSED
    slightly_off = check(gradient, lambda w: _loss_gradient(w) * (1 + 1e-6))
    assert slightly_off.status == WARNING and bool(slightly_off)
    wrong = check(gradient, lambda w: np.cos(w) * w**2)
    assert wrong.status == FAILED and wrong.mistake == "product rule half"
    assert "centred differences" in str(wrong)


def test_value_exercise_accepts_python_numpy_and_sympy_numbers(monkeypatch):
    exercise = Exercise("T.3", "half", lambda: 0.5, lambda rng: [Case((), "the value")], is_value=True)
    monkeypatch.setitem(EXERCISES, "T.3", exercise)
    for answer in (0.5, np.float64(0.5), np.array(0.5), sp.Rational(1, 2)):
        assert check("T.3", answer).status == PASSED
    assert check("T.3", ...).status == NOT_STARTED
    assert "assign your answer" in check("T.3", None).summary
    assert check("T.3", True).status == FAILED
    assert check("T.3", sp.Symbol("x")).status == FAILED


def test_result_str_is_plain_text():
    result = CheckResult("X", FAILED, "X not yet: reason", ["detail one"])
    assert str(result) == "❌ X not yet: reason\n    detail one" and not result


# Regressions found by tests/test_checker_fuzzing.py: each of these made check() raise, warn or pass.


class _Unprintable:
    def __repr__(self):
        raise RuntimeError("cannot be printed")


class _UnprintableError(Exception):
    def __str__(self):
        raise RuntimeError("no message")


@pytest.fixture
def half(monkeypatch):
    """A test-only value exercise whose answer is the number 0.5 (with a mistake, so mistakes are matched)."""
    exercise = Exercise(
        "T.3", "half", lambda: 0.5, lambda rng: [Case((), "the value")], is_value=True,
        mistakes=(Mistake("quarter", lambda: 0.25, "Halve once, not twice."),),
    )
    monkeypatch.setitem(EXERCISES, "T.3", exercise)
    return "T.3"


@pytest.mark.parametrize(
    ("answer", "expected_text"),
    [
        (lambda x: 10**400, "should be a NumPy array"),  # OverflowError converting a huge int
        (lambda x: _Unprintable(), "should be a NumPy array"),  # repr() raised
        (lambda x: (_ for _ in ()).throw(_UnprintableError()), "raised _UnprintableError"),  # str(error) raised
        (lambda x: (_ for _ in ()).throw(ValueError(10**5000)), "raised ValueError"),  # str(error) > 4300 digits
        (lambda x: np.ma.masked_all(x.shape), "masked value(s)"),  # IndexError in the comparison
    ],
)
def test_fuzzing_regressions_function_answers(square, answer, expected_text):
    with warnings.catch_warnings(record=True) as leaked:
        warnings.simplefilter("always")
        result = check(square, answer)
    assert result.status == FAILED and expected_text in str(result), str(result)
    assert not leaked, [str(w.message) for w in leaked]


@pytest.mark.parametrize(
    ("answer", "expected_text"),
    [
        (10**400, "nan/inf"),
        (-math.factorial(3000), "nan/inf"),
        (fractions.Fraction(10**400, 3), "nan/inf"),
        (_Unprintable(), "cannot be shown"),
        (np.ma.masked, "single number"),  # float() of it warned "converting a masked element to nan"
        (np.complex128(0.25 + 1j), "single number"),  # ComplexWarning leaked from mistake matching
        (1.5e308, "off by up to"),  # RuntimeWarning leaked: overflow in the relative error
    ],
    ids=["huge int", "huge negative int", "huge fraction", "unprintable", "masked", "complex128", "overflow"],
)
def test_fuzzing_regressions_value_answers(half, answer, expected_text):
    with warnings.catch_warnings(record=True) as leaked:
        warnings.simplefilter("always")
        result = check(half, answer)
    assert result.status == FAILED and expected_text in str(result), str(result)
    assert not leaked, [str(w.message) for w in leaked]


def test_masked_array_without_masked_values_compares_as_plain(square):
    assert check(square, lambda x: np.ma.masked_array(x**2)).status == PASSED


def test_huge_gradient_is_not_a_pass(gradient):
    # the norms overflowed: inf / inf = nan relative error, and nan > threshold is False, so it passed
    result = check(gradient, lambda w: _loss_gradient(w) * 1e300)
    assert result.status == FAILED and "relative error inf" in result.summary, str(result)


def test_sys_exit_in_an_answer_is_reported(square):
    def exits(x):
        sys.exit("bye")

    result = check(square, exits)
    assert result.status == FAILED and "raised SystemExit: bye" in result.summary
    with pytest.raises(ExerciseFailed):
        check(square, exits, strict=True)


def test_keyboard_interrupt_propagates_and_disarms_the_alarm(square):
    alarm = hasattr(signal, "setitimer")  # the time limit's alarm exists on Unix
    handler = signal.getsignal(signal.SIGALRM) if alarm else None

    def interrupted(x):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check(square, interrupted)
    if alarm:
        assert signal.getsignal(signal.SIGALRM) is handler and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
