"""Exercises of notebook 10 (recurrent networks)."""

from utils.checks import Exercise

EXERCISES: tuple[Exercise, ...] = ()
