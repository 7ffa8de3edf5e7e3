"""The SIR epidemic model, solved with SciPy (notebook 06 builds it; notebook 07 fits it by gradient descent)."""

from __future__ import annotations

import numpy as np


def sir_rates(t: float, state: np.ndarray, beta: float, gamma: float, population: float) -> np.ndarray:
    """dS/dt, dI/dt, dR/dt of the SIR model for state (S, I, R), infection rate beta and recovery rate gamma."""
    susceptible, infected, _ = state
    new_infections = beta * susceptible * infected / population
    return np.array([-new_infections, new_infections - gamma * infected, gamma * infected])


def simulate_sir(
    beta: float, gamma: float, days: np.ndarray, population: float, initially_infected: float = 1.0
) -> np.ndarray:
    """States (S, I, R) at ``days`` (shape (3, len(days))), starting at day 0 with S = N - I0, I = I0, R = 0."""
    from scipy.integrate import solve_ivp  # imported here: importing utils stays light

    days = np.asarray(days, dtype=np.float64)
    start = np.array([population - initially_infected, initially_infected, 0.0])
    solution = solve_ivp(
        sir_rates, (0.0, days[-1]), start, t_eval=days, args=(beta, gamma, population), rtol=1e-8, atol=1e-8
    )
    return solution.y
