"""Exercises of notebook 08 (backpropagation)."""

from utils.checks import Exercise

EXERCISES: tuple[Exercise, ...] = ()
