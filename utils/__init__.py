"""Shared helpers for the Calculus for Machine Learning notebooks.

Importing this package changes no global state: apply the plot style with ``use_course_style()``.
"""

from utils.checks import Case, CheckResult, Exercise, ExerciseFailed, Mistake, check, exercise_cases
from utils.data import DataFileError, data_path, load_digits, load_table, split_indices
from utils.environment import check_environment
from utils.numerics import derivative, gradient_check, loglog_slope, numerical_gradient, relative_error
from utils.plotting import (
    PALETTE,
    decorate,
    interact_plot,
    plot_computational_graph,
    plot_convergence,
    plot_secant_tangent,
    plot_surface_and_contour,
    use_course_style,
)

__all__ = [
    "PALETTE",
    "Case",
    "CheckResult",
    "DataFileError",
    "Exercise",
    "ExerciseFailed",
    "Mistake",
    "check",
    "check_environment",
    "data_path",
    "decorate",
    "derivative",
    "exercise_cases",
    "gradient_check",
    "interact_plot",
    "load_digits",
    "load_table",
    "loglog_slope",
    "numerical_gradient",
    "plot_computational_graph",
    "plot_convergence",
    "plot_secant_tangent",
    "plot_surface_and_contour",
    "relative_error",
    "split_indices",
    "use_course_style",
]
