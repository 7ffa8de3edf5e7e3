"""Exercises of notebook 06 (integrals and probability)."""

EXERCISES = ()
