"""Activation curves: the table's closed-form derivatives equal autograd's; LeakyReLU's slope."""

import numpy as np
import pytest
import torch

from playground.core.model.activation_curves import activation_curves
from playground.core.model.registry import ACTIVATIONS

XS = np.linspace(-5, 5, 401)[np.abs(np.linspace(-5, 5, 401)) > 1e-9]  # kinks excluded


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.derivative])
def test_closed_form_equals_autograd(name):
    curves = activation_curves(name, XS, leaky_slope=0.13)
    assert curves.closed_form is not None
    assert curves.max_difference < 1e-12


def test_values_are_the_modules():
    curves = activation_curves("tanh", XS)
    np.testing.assert_allclose(curves.values, np.tanh(XS), atol=1e-15)
    np.testing.assert_allclose(curves.autograd, 1 - np.tanh(XS) ** 2, atol=1e-15)


@pytest.mark.parametrize("slope", [0.01, 0.2, 0.5])
def test_leaky_relu_derivative_is_the_positive_slope_for_negative_inputs(slope):
    curves = activation_curves("leaky_relu", XS, leaky_slope=slope)
    neg = XS < 0
    np.testing.assert_array_equal(curves.closed_form[neg], slope)
    np.testing.assert_array_equal(curves.closed_form[~neg], 1.0)
    np.testing.assert_allclose(curves.autograd[neg], slope, atol=1e-15)


@pytest.mark.parametrize("alpha", [0.3, 1.0, 2.5])
def test_elu_alpha(alpha):
    curves = activation_curves("elu", XS, elu_alpha=alpha)
    np.testing.assert_allclose(curves.values, torch.nn.functional.elu(
        torch.tensor(XS), alpha).numpy(), atol=1e-15)
    assert curves.max_difference < 1e-12
    assert curves.closed_form[0] == pytest.approx(alpha * np.exp(XS[0]))


def test_activations_without_a_closed_form_are_autograd_only():
    for name in ("gelu", "prelu"):
        curves = activation_curves(name, XS)
        assert curves.closed_form is None and curves.max_difference is None
        assert np.isfinite(curves.autograd).all()
