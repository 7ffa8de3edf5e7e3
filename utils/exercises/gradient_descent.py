"""Exercises of notebook 07 (gradient descent)."""

from utils.checks import Exercise

EXERCISES: tuple[Exercise, ...] = ()
