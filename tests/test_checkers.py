"""The checker contract, proved for every registered exercise (guide section 5)."""

import numpy as np
import pytest

from utils import check, exercise_cases
from utils.checks import FAILED, NOT_STARTED, PASSED
from utils.exercises import EXERCISES

ALL = sorted(EXERCISES)
ALL_MISTAKES = [(eid, m.name) for eid in ALL for m in EXERCISES[eid].mistakes]


def test_every_exercise_has_registered_mistakes():
    assert ALL
    for exercise_id in ALL:
        assert EXERCISES[exercise_id].mistakes, f"{exercise_id} registers no common mistakes"


@pytest.mark.parametrize("exercise_id", ALL)
def test_reference_passes(exercise_id):
    exercise = EXERCISES[exercise_id]
    answer = exercise.reference() if exercise.is_value else exercise.reference
    result = check(exercise_id, answer)
    assert result.status == PASSED, str(result)


@pytest.mark.parametrize(("exercise_id", "mistake_name"), ALL_MISTAKES)
def test_mistake_fails_with_its_own_hint(exercise_id, mistake_name):
    exercise = EXERCISES[exercise_id]
    mistake = next(m for m in exercise.mistakes if m.name == mistake_name)
    answer = mistake.answer() if exercise.is_value else mistake.answer
    result = check(exercise_id, answer)
    assert result.status == FAILED
    assert result.mistake == mistake_name, str(result)
    assert mistake.hint in result.summary


@pytest.mark.parametrize("exercise_id", ALL)
def test_hints_are_distinct(exercise_id):
    hints = [m.hint for m in EXERCISES[exercise_id].mistakes]
    assert len(hints) == len(set(hints))


def _stub(*args):
    """A learner's untouched exercise cell."""
    # your code here
    ...


def _raising_stub(*args):
    raise NotImplementedError


@pytest.mark.parametrize("exercise_id", ALL)
def test_stub_reports_not_started(exercise_id):
    exercise = EXERCISES[exercise_id]
    stubs = [...] if exercise.is_value else [_stub, _raising_stub]
    for stub in stubs:
        result = check(exercise_id, stub)
        assert result.status == NOT_STARTED, str(result)
        assert "not started yet" in result.summary


@pytest.mark.parametrize("exercise_id", ALL)
def test_wrong_shape_that_would_broadcast_fails(exercise_id):
    exercise = EXERCISES[exercise_id]

    def add_axis(value):
        if isinstance(value, tuple):
            return tuple(add_axis(part) for part in value)
        return np.expand_dims(np.asarray(value), -1)

    def with_trailing_axis(*args):
        return add_axis(exercise.reference(*args))

    result = check(exercise_id, with_trailing_axis() if exercise.is_value else with_trailing_axis)
    assert result.status == FAILED
    assert "has shape" in result.summary or "single number" in result.summary, str(result)


@pytest.mark.parametrize("exercise_id", ALL)
def test_two_runs_give_identical_output(exercise_id):
    exercise = EXERCISES[exercise_id]
    answers = [exercise.reference] + [m.answer for m in exercise.mistakes]
    for answer in answers:
        value = answer() if exercise.is_value else answer
        first, second = check(exercise_id, value), check(exercise_id, value)
        assert str(first) == str(second)
        assert first._repr_html_() == second._repr_html_()


@pytest.mark.parametrize("exercise_id", ALL)
def test_cases_are_deterministic_and_labelled(exercise_id):
    first, second = exercise_cases(exercise_id), exercise_cases(exercise_id)
    assert len(first) == len(second) >= 1
    for a, b in zip(first, second):
        assert a.label == b.label and a.label
        for x, y in zip(a.args, b.args):
            if isinstance(x, np.ndarray):
                np.testing.assert_array_equal(x, y)
