"""The registry of exercises: one module per notebook, each exporting a tuple ``EXERCISES``."""

from utils.checks import Exercise
from utils.exercises import limits, start_here

EXERCISES: dict[str, Exercise] = {
    exercise.exercise_id: exercise for module in (start_here, limits) for exercise in module.EXERCISES
}
