"""Exercises of notebook 09 (convolutional networks)."""

from utils.checks import Exercise

EXERCISES: tuple[Exercise, ...] = ()
