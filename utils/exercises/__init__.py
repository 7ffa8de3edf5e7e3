"""The registry of exercises: one module per notebook, each exporting a tuple ``EXERCISES``."""

from utils.checks import Exercise
from utils.exercises import (
    chain_rule,
    derivatives,
    integrals_and_probability,
    limits,
    partial_derivatives,
    start_here,
    taylor_series,
)

_MODULES = (
    start_here,
    limits,
    derivatives,
    partial_derivatives,
    chain_rule,
    taylor_series,
    integrals_and_probability,
)

EXERCISES: dict[str, Exercise] = {exercise.exercise_id: exercise for module in _MODULES for exercise in module.EXERCISES}
