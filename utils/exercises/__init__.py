"""The registry of exercises: one module per notebook, each exporting a tuple ``EXERCISES``."""

from utils.checks import Exercise
from utils.exercises import (
    backpropagation,
    chain_rule,
    convolution,
    derivatives,
    gradient_descent,
    integrals_and_probability,
    limits,
    partial_derivatives,
    recurrent_networks,
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
    gradient_descent,
    backpropagation,
    convolution,
    recurrent_networks,
)

EXERCISES: dict[str, Exercise] = {exercise.exercise_id: exercise for module in _MODULES for exercise in module.EXERCISES}
