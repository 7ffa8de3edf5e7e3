"""Exercises of notebook 05 (taylor series)."""

EXERCISES = ()
