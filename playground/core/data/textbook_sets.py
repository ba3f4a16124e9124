"""The textbook sets of the lessons: linear and polynomial regression, many inputs and few
rows (weight decay, L2), a noisy sine, house prices and trapezoid areas.

Each is a pure function ``(samples, noise, rng) -> RawData``: all randomness comes from the
numpy Generator passed in.
"""

from __future__ import annotations

import math

import numpy as np

from playground.core.data.records import RawData

TEST_ROWS = 100  # size of the fixed test set of poly3 and highdim-linear


def linear(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """y = 2 x1 - 3.4 x2 + 4.2 + N(0, noise^2), x ~ N(0, 1) (the linear-regression lesson)."""
    x = rng.normal(0, 1, (samples, 2))
    y = x @ np.array([2.0, -3.4]) + 4.2 + rng.normal(0, noise, samples)
    return RawData(x=x, y=y, task="regression", domain=(-4.0, 4.0))


def poly3(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """y = 5 + 1.2x - 3.4x^2 + 5.6x^3 + N(0, noise^2), x ~ N(0, 1); ``samples`` training
    rows and a fixed test set of 100 (the under/overfitting lesson)."""
    def truth(x: np.ndarray) -> np.ndarray:
        return 5 + 1.2 * x - 3.4 * x**2 + 5.6 * x**3

    x = rng.normal(0, 1, samples + TEST_ROWS)
    y = truth(x) + rng.normal(0, noise, x.shape)
    grid = np.linspace(-3, 3, 200)
    return RawData(x=x[:samples, None], y=y[:samples], task="regression", input_names=("x",),
                   domain=(-3.0, 3.0), x_test=x[samples:, None], y_test=y[samples:],
                   default_features=("x", "x^2", "x^3"), curve=(grid, truth(grid)))


def highdim_linear(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """y = 0.05 + 0.01 * sum(x_i) + N(0, noise^2) over 200 inputs x ~ N(0, 1); ``samples``
    training rows (20: fewer than inputs) and a fixed test set of 100 (the weight-decay
    lesson)."""
    d = 200
    x = rng.normal(0, 1, (samples + TEST_ROWS, d))
    y = 0.05 + 0.01 * x.sum(axis=1) + rng.normal(0, noise, len(x))
    return RawData(x=x[:samples], y=y[:samples], task="regression",
                   input_names=tuple(f"x{i + 1}" for i in range(d)),
                   x_test=x[samples:], y_test=y[samples:])


def l2_demo(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """The L2 demo of the notes (3.10.9): y = x w + 0.01 + N(0, noise^2) over 150 inputs
    x ~ N(0, 1), w ~ N(0, 0.01^2) drawn once; ``samples`` training rows (80) and a fixed test
    set of 110."""
    d, n_test = 150, 110
    w = rng.normal(0, 1, d) * 0.01
    x = rng.normal(0, 1, (samples + n_test, d))
    y = x @ w + 0.01 + rng.normal(0, noise, len(x))
    return RawData(x=x[:samples], y=y[:samples], task="regression",
                   input_names=tuple(f"x{i + 1}" for i in range(d)),
                   x_test=x[samples:], y_test=y[samples:])


def sine(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """y = sin(x) + U(-noise, noise) at x ~ U(0, 2*pi) (radians); the test set is the
    noise-free curve at 100 evenly spaced x."""
    x = rng.uniform(0, 2 * math.pi, samples)
    y = np.sin(x) + rng.uniform(-noise, noise, samples)
    grid = np.linspace(0, 2 * math.pi, 100)
    return RawData(x=x[:, None], y=y, task="regression", input_names=("x",),
                   domain=(0.0, 2 * math.pi), x_test=grid[:, None], y_test=np.sin(grid),
                   curve=(grid, np.sin(grid)))


def house(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Price y = 2.8 x - e, e ~ N(0, noise^2), for area x ~ N(5, 1) (arbitrary units)."""
    x = rng.normal(5, 1, samples)
    y = 2.8 * x - rng.normal(0, noise, samples)
    grid = np.linspace(1, 9, 100)
    return RawData(x=x[:, None], y=y, task="regression", input_names=("x",), domain=(1.0, 9.0),
                   curve=(grid, 2.8 * grid))


def trapezoid(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Area y = (x1 + x2) / 2 * x1 (+ N(0, noise^2)) of a trapezoid with upper base x1 equal
    to its height and lower base x2, both U(0.5, 1.5)."""
    x = rng.uniform(0.5, 1.5, (samples, 2))
    y = 0.5 * (x[:, 0] + x[:, 1]) * x[:, 0] + rng.normal(0, noise, samples)
    return RawData(x=x, y=y, task="regression", domain=(0.5, 1.5))
