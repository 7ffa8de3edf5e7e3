"""Unit tests of utils.epidemics: the SIR model conserves N and matches its final-size relation."""

import math

import numpy as np

from utils.epidemics import sir_rates, simulate_sir


def test_rates_sum_to_zero_and_match_the_formula():
    rates = sir_rates(0.0, np.array([90.0, 10.0, 0.0]), beta=2.0, gamma=0.5, population=100.0)
    np.testing.assert_allclose(rates, [-18.0, 13.0, 5.0])


def test_simulation_conserves_population_and_reaches_the_final_size():
    beta, gamma, population = 1.7, 0.45, 763.0
    states = simulate_sir(beta, gamma, np.linspace(0.0, 80.0, 81), population)
    assert states.shape == (3, 81)
    np.testing.assert_allclose(states.sum(axis=0), population, rtol=1e-9)
    s_end = states[0, -1]
    final_size = (population - 1) * math.exp(-beta / gamma * (population - s_end) / population)
    assert abs(s_end - final_size) < 1e-2
    assert states[1, 0] == 1.0 and states[1, -1] < 1e-2
