"""The step-through's script: which step shows what, and its formula with the numbers filled in.

The course's notation (textbook 3.3.4-3.3.6): layer 1 is the input (a^1 = x), the output layer
is L; w^l and b^l feed layer l + 1, so dense layer i of the network (0-based) computes
z^{i+2} = w^{i+1} a^{i+1} + b^{i+1} and a^{i+2} = f(z^{i+2});
delta_i^l = dJ/dz_i^l = (sum_k delta_k^{l+1} w_ki^l) f'(z_i^l) and dJ/dw_ij^l = delta_i^{l+1} a_j^l.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:  # the window imports this before torch has loaded
    from playground.core.train.backprop import BackpropTrace

MAX_TERMS = 6  # a sum with more terms shows its first ones and "..."


translate = QCoreApplication.translate  # lupdate reads translate("Context", ...) calls


def _tr(text: str) -> str:
    return translate("BackpropSteps", text)


@dataclass(frozen=True)
class Step:
    """One press of N: ``kind`` is input, forward, loss, backward or update."""

    kind: str
    layer: int = -1  # dense layer (0-based, output last) for forward and backward steps


def steps_for(n_layers: int) -> tuple[Step, ...]:
    """Input, forward through each dense layer, the loss, backward from the output, update."""
    return (Step("input"), *(Step("forward", i) for i in range(n_layers)), Step("loss"),
            *(Step("backward", i) for i in range(n_layers - 1, -1, -1)), Step("update"))


def title(step: Step, n_layers: int) -> str:
    """A short caption: "Forward pass: layer 2 of 3"."""
    if step.kind == "input":
        return translate("BackpropSteps", "The sample enters the network")
    if step.kind == "forward":
        return translate("BackpropSteps",
                         "Forward pass: layer {0} of {1}").format(step.layer + 1, n_layers)
    if step.kind == "loss":
        return translate("BackpropSteps", "The loss of this sample")
    if step.kind == "backward":
        return translate("BackpropSteps",
                         "Backward pass: layer {0} of {1}").format(step.layer + 1, n_layers)
    return translate("BackpropSteps", "The update: one step on a batch of this sample")


def n(value: float) -> str:
    """A number as the panel writes it (4 significant digits)."""
    return f"{float(value):.4g}"


def times(a: float, b: float) -> str:
    """a·b with a negative factor in brackets."""
    def factor(v: float) -> str:
        return f"({n(v)})" if v < 0 else n(v)
    return f"{factor(a)}·{factor(b)}"


def node_values(trace: BackpropTrace, index: int) -> list[list[str]]:
    """Per column (inputs first, the output last), per unit: the text beside its node after
    step ``index`` (later layers blank in the forward pass, deltas in the backward pass)."""
    steps = steps_for(len(trace.layers))
    step = steps[index]
    columns = [[f"x={n(v)}" for v in trace.x]]
    done_forward = len(trace.layers) if step.kind not in ("input", "forward") else (
        step.layer + 1 if step.kind == "forward" else 0)
    for i, layer in enumerate(trace.layers):
        if step.kind == "update":
            columns.append([f"b\u2032={n(b)}" for b in layer.new_bias])
        elif step.kind == "backward" and i >= step.layer:
            columns.append([f"\u03b4={n(d)}" for d in layer.delta])
        elif i < done_forward:
            columns.append([f"z={n(z)}  a={n(a)}" for z, a in zip(layer.z, layer.a,
                                                                    strict=True)])
        else:
            columns.append(["" for _ in layer.z])
    return columns


def link_blocks(trace: BackpropTrace, index: int) -> tuple[list[np.ndarray], int]:
    """What each gap's links show after step ``index`` (weights, dL/dw in the backward pass,
    the new weights after the update) and the gap whose link values are written (-1: none)."""
    step = steps_for(len(trace.layers))[index]
    if step.kind == "update":
        return [layer.new_weight for layer in trace.layers], -1
    if step.kind == "backward":
        blocks = [layer.loss_dw if i >= step.layer else layer.weight
                  for i, layer in enumerate(trace.layers)]
        return blocks, step.layer
    return [layer.weight for layer in trace.layers], (step.layer if step.kind == "forward"
                                                       else -1)


def _sum(terms: list[str]) -> str:
    if len(terms) > MAX_TERMS:
        terms = [*terms[:MAX_TERMS - 1],
            translate("BackpropSteps", "\u2026 ({0} terms)").format(len(terms))]
    return " + ".join(terms) if terms else "0"


def formula(trace: BackpropTrace, index: int, unit: int) -> str:
    """Rich text: the current step's formula for neuron ``unit`` of its layer, with numbers."""
    step = steps_for(len(trace.layers))[index]
    if step.kind == "input":
        return translate("BackpropSteps", "a<sup>1</sup> = x = ({0})<br>target y = ({1})").format(
            ", ".join(n(v) for v in trace.x), ", ".join(n(v) for v in np.ravel(trace.target)))
    if step.kind == "loss":
        return _loss_text(trace)
    if step.kind == "update":
        return _update_text(trace, unit)
    layer = trace.layers[step.layer]
    unit = min(unit, len(layer.z) - 1)
    sup, j = step.layer + 2, unit + 1
    if step.kind == "forward":
        terms = [times(w, a) for w, a in zip(layer.weight[unit], layer.inputs,
                                                      strict=True)]
        return translate("BackpropSteps",
                         "z<sub>{0}</sub><sup>{1}</sup> = \u03a3<sub>j</sub> w<sub>{0}j</sub>"
                   "<sup>{2}</sup> a<sub>j</sub><sup>{2}</sup> + b<sub>{0}</sub><sup>{2}</sup>"
                   " = {3} + {4} = <b>{5}</b><br>a<sub>{0}</sub><sup>{1}</sup> = {6}({5}) = "
                   "<b>{7}</b>").format(j, sup, sup - 1, _sum(terms), n(layer.bias[unit]),
                                        n(layer.z[unit]), layer.activation, n(layer.a[unit]))
    return _backward_text(trace, step.layer, unit)


def _backward_text(trace: BackpropTrace, i: int, unit: int) -> str:
    layer = trace.layers[i]
    sup, j = i + 2, unit + 1
    fprime = translate("BackpropSteps", "f\u2032(z<sub>{0}</sub><sup>{1}</sup>) = {2}").format(
        j, sup, n(layer.derivative[unit]))
    if i == len(trace.layers) - 1:
        head = translate("BackpropSteps",
                         "\u03b4<sub>{0}</sub><sup>{1}</sup> = \u2202L/\u2202a<sub>{0}</sub>"
                         "<sup>{1}"
                   "</sup> \u00b7 f\u2032(z<sub>{0}</sub><sup>{1}</sup>) = {2} \u00d7 {3} = "
                   "<b>{4}</b>").format(j, sup, n(layer.upstream[unit]),
                                        n(layer.derivative[unit]), n(layer.delta[unit]))
    else:
        above = trace.layers[i + 1]
        terms = [times(d, w) for d, w in zip(above.delta, above.weight[:, unit],
                                                      strict=True)]
        head = translate("BackpropSteps",
                         "\u03b4<sub>{0}</sub><sup>{1}</sup> = (\u03a3<sub>k</sub> "
                         "\u03b4<sub>k</sub>"
                   "<sup>{2}</sup> w<sub>k{0}</sub><sup>{1}</sup>) \u00b7 f\u2032(z<sub>{0}</sub>"
                   "<sup>{1}</sup>) = ({3}) \u00d7 {4} = {5} \u00d7 {4} = <b>{6}</b>").format(
            j, sup, sup + 1, _sum(terms), n(layer.derivative[unit]), n(layer.upstream[unit]),
            n(layer.delta[unit]))
    grads = translate("BackpropSteps",
                      "\u2202L/\u2202w<sub>{0}j</sub><sup>{1}</sup> = \u03b4<sub>{0}</sub><sup>{2}"
                "</sup> a<sub>j</sub><sup>{1}</sup> = ({3})<br>\u2202L/\u2202b<sub>{0}</sub>"
                "<sup>{1}</sup> = \u03b4<sub>{0}</sub><sup>{2}</sup> = {4}").format(
        j, sup - 1, sup, ", ".join(n(v) for v in layer.loss_dw[unit]), n(layer.loss_db[unit]))
    penalty = ""
    if not np.array_equal(layer.dw, layer.loss_dw) or not np.array_equal(layer.db,
                                                                         layer.loss_db):
        penalty = "<br>" + translate("BackpropSteps",
                                     "with the penalty: \u2202J/\u2202w = \u2202L/\u2202w + \u03bb"
                               "<sub>2</sub> w + \u03bb<sub>1</sub> sign(w) = ({0}); \u2202J/"
                               "\u2202b = {1}").format(", ".join(n(v) for v in layer.dw[unit]),
                                                       n(layer.db[unit]))
    return f"{head}<br>{fprime}<br>{grads}{penalty}"


def _loss_text(trace: BackpropTrace) -> str:
    out = ", ".join(n(v) for v in trace.output)
    target = ", ".join(n(v) for v in np.ravel(trace.target))
    text = translate("BackpropSteps",
                     "L = {0}(a<sup>L</sup> = ({1}), y = ({2})) = <b>{3}</b>").format(
        trace.loss_name, out, target, n(trace.loss))
    text += "<br>" + translate("BackpropSteps", "\u2202L/\u2202a<sup>L</sup> = ({0})").format(
        ", ".join(n(v) for v in trace.loss_grad))
    if trace.penalty:
        text += "<br>" + translate("BackpropSteps",
                                   "s = \u03bb<sub>1</sub> \u03a3|w| + \u03bb<sub>2</sub>/2 \u03a3w"
                             "<sup>2</sup> = {0}; J = L + s = <b>{1}</b>").format(
            n(trace.penalty), n(trace.objective))
    return text


def _update_text(trace: BackpropTrace, unit: int) -> str:
    rows = []
    for i, layer in enumerate(trace.layers):
        u = min(unit, layer.weight.shape[0] - 1)
        w, g, new = layer.weight[u, 0], layer.dw[u, 0], layer.new_weight[u, 0]
        if trace.optimizer == "sgd":
            rows.append(
                translate("BackpropSteps",
                          "w<sub>{0}1</sub><sup>{1}</sup> \u2190 {2} \u2212 {3} \u00d7 {4} "
                            "= <b>{5}</b>").format(u + 1, i + 1, n(w), n(trace.learning_rate),
                                                   n(g), n(new)))
        else:
            rows.append(
                translate("BackpropSteps",
                          "w<sub>{0}1</sub><sup>{1}</sup>: {2} \u2192 <b>{3}</b> ({4} step, "
                            "gradient {5})").format(u + 1, i + 1, n(w), n(new), trace.optimizer,
                                                    n(g)))
    return translate("BackpropSteps",
                     "w \u2190 w \u2212 \u03b7 \u2202J/\u2202w, \u03b7 = {0}").format(
        n(trace.learning_rate)) + "<br>" + "<br>".join(rows)
