"""A compiled epoch for small dense networks (numba): the engine's fastest path.

A [4, 2] network on 250 points is bound by per-operation overhead: each torch op costs about
2 us and a minibatch step takes some 40 of them, while the arithmetic is under 1% of the time.
This module runs whole stretches of minibatch steps (gather the shuffled rows, forward,
hand-written backward, penalties, clipping, the optimizer's update) and the end-of-epoch
evaluation in one compiled call. The maths is that of ``fastpath`` (the course's backprop) and
of torch.optim's single-tensor SGD, Adam and AdamW; tests compare it with autograd and
torch.optim in float64 and float32.

Importing this module imports numba; ``kernel_path`` does that in a background thread. Every
argument keeps one type (C-contiguous arrays, float64 scalars in ``hyper``), so each dtype
compiles once, and ``cache=True`` keeps the machine code on disk for the next process.

Parameters live in one flat array: layer l's weight (out, in) row-major at ``w_off[l]``, its
bias at ``b_off[l]``; ``widths`` is [inputs, units..., outputs].
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# Activation codes (the order of ACTIVATION_CODES), loss codes, optimizer codes.
ACTIVATION_CODES = ("linear", "relu", "leaky_relu", "elu", "silu", "sigmoid", "tanh",
                    "softplus", "sine")
LOSS_CODES = ("mse", "half_mse", "mae", "huber", "bce", "cross_entropy", "multilabel")
OPTIMIZER_CODES = ("sgd", "adam", "adamw")
# Accuracy rules: none (regression, multi-label), argmax of the raw output, sigmoid > 0.5 of
# a single logit, or the rescaled scores of value losses ((o - low) / (1 - low), clamped).
ACCURACY_CODES = ("none", "argmax", "logit", "scaled")

# Slots of ``hyper`` (float64).
H_LR, H_L1, H_L2, H_WD, H_MOMENTUM, H_DAMPENING, H_NESTEROV, H_BETA1, H_BETA2, H_EPS, \
    H_SLOPE, H_REG_BIAS, H_CLIP, H_LOW = range(14)
N_HYPER = 14
# Slots of ``figures`` (float64): loss and accuracy per split, then a finite flag (1 or 0).
N_FIGURES = 7


@njit(cache=True, nogil=True)
def _act(code, z, slope):
    if code == 0:
        return z
    if code == 1:
        return 0.0 if z <= 0 else z  # NaN stays NaN, as torch.relu
    if code == 2:
        return z if z > 0 else slope * z
    if code == 3:
        return z if z > 0 else math.expm1(z)
    if code == 4:
        return z / (1.0 + math.exp(-z))
    if code == 5:
        return 1.0 / (1.0 + math.exp(-z))
    if code == 6:
        return math.tanh(z)
    if code == 7:
        return z if z > 20.0 else math.log1p(math.exp(z))  # torch's threshold 20
    return math.sin(z)


@njit(cache=True, nogil=True)
def _act_grad(code, z, h, slope):
    if code == 0:
        return 1.0
    if code == 1:
        return 1.0 if z > 0 else 0.0
    if code == 2:
        return 1.0 if z > 0 else slope
    if code == 3:
        return 1.0 if z > 0 else h + 1.0
    if code == 4:
        s = 1.0 / (1.0 + math.exp(-z))
        return s * (1.0 + z * (1.0 - s))
    if code == 5:
        return h * (1.0 - h)
    if code == 6:
        return 1.0 - h * h
    if code == 7:
        return 1.0 / (1.0 + math.exp(-z))
    return math.cos(z)


@njit(cache=True, nogil=True)
def _forward(params, w_off, b_off, widths, acts, slope, h, z, rows):
    """Forward ``rows`` rows already in layer 0 of ``h``; h and z are (rows, total) slabs,
    layer l's columns starting at the cumulative width."""
    n_layers = len(widths) - 1
    col_in = 0
    for layer in range(n_layers):
        n_in, n_out = widths[layer], widths[layer + 1]
        col_out = col_in + n_in
        wo, bo, code = w_off[layer], b_off[layer], acts[layer]
        for r in range(rows):
            for j in range(n_out):
                s = params[bo + j]
                base = wo + j * n_in
                for k in range(n_in):
                    s += h[r, col_in + k] * params[base + k]
                z[r, col_out + j] = s
                h[r, col_out + j] = _act(code, s, slope)
        col_in = col_out


@njit(cache=True, nogil=True)
def _loss_and_grad(loss_code, out, t, rows, n_out, g, want_grad):
    """The mean loss of ``rows`` output rows (float64); with ``want_grad``, d mean / d out
    into ``g`` (the registry's loss gradients)."""
    total = 0.0
    numel = rows * n_out
    for r in range(rows):
        if loss_code == 5:  # softmax cross-entropy on logits, t[r, 0] holds the class
            y = int(t[r, 0])
            m = out[r, 0]
            for j in range(1, n_out):
                m = max(m, out[r, j])
            se = 0.0
            for j in range(n_out):
                se += math.exp(out[r, j] - m)
            total += m + math.log(se) - out[r, y]
            if want_grad:
                for j in range(n_out):
                    p = math.exp(out[r, j] - m) / se
                    g[r, j] = (p - (1.0 if j == y else 0.0)) / rows
            continue
        for j in range(n_out):
            o, target = out[r, j], t[r, j]
            e = o - target
            if loss_code == 0 or loss_code == 1:
                total += e * e
                if want_grad:
                    g[r, j] = e * ((2.0 if loss_code == 0 else 1.0) / numel)
            elif loss_code == 2:
                total += abs(e)
                if want_grad:
                    g[r, j] = (1.0 if e > 0 else (-1.0 if e < 0 else 0.0)) / numel
            elif loss_code == 3:
                total += 0.5 * e * e if abs(e) <= 1.0 else abs(e) - 0.5
                if want_grad:
                    g[r, j] = min(max(e, -1.0), 1.0) / numel
            else:  # binary cross-entropy on logits (bce, multilabel)
                total += max(o, 0.0) - o * target + math.log1p(math.exp(-abs(o)))
                if want_grad:
                    g[r, j] = (1.0 / (1.0 + math.exp(-o)) - target) / numel
    if loss_code == 5:
        return total / rows
    if loss_code == 1:
        return 0.5 * total / numel
    return total / numel


@njit(cache=True, nogil=True)
def _predict(acc_code, out, r, n_out, low):
    if acc_code == 1:  # argmax of logits (softmax is monotonic)
        best = 0
        for j in range(1, n_out):
            if out[r, j] > out[r, best]:
                best = j
        return best
    if acc_code == 2:
        p = 1.0 / (1.0 + math.exp(-out[r, 0]))
        return 1 if p > 0.5 else 0
    best, best_p = 0, -1.0
    for j in range(n_out):
        p = min(max((out[r, j] - low) / (1.0 - low), 0.0), 1.0)
        if p > best_p:
            best, best_p = j, p
    if n_out == 1:
        return 1 if best_p > 0.5 else 0  # [1 - p, p]: argmax is class 1 iff p > 1 - p
    return best


@njit(cache=True, nogil=True)
def train_steps(x, t, labels, bounds, perm, start, stop, batch, params, grads, state_a,
                state_b, counters, w_off, b_off, widths, acts, loss_code, acc_code,
                opt_code, hyper, evaluate, grad_norms, figures):
    """Minibatch steps over rows perm[start:stop] of the training set (rows bounds[0]:
    bounds[1] of ``x``), then, if ``evaluate``, loss and accuracy of each split into
    ``figures``. Updates ``params``, the optimizer state (state_a: momentum buffer or first
    moment, state_b: second moment, counters[0]: steps taken, counters[1]: 1 once the
    momentum buffer exists) in place; ``grad_norms`` gets
    the last step's weight-gradient norm per layer. Returns the number of steps."""
    n_layers = len(widths) - 1
    total = 0
    for w in widths:
        total += w
    n_in0, n_out = widths[0], widths[n_layers]
    out_col = total - n_out
    max_w = 0
    for w in widths:
        max_w = max(max_w, w)
    h = np.empty((batch, total), dtype=params.dtype)
    z = np.empty((batch, total), dtype=params.dtype)
    g = np.empty((batch, max_w), dtype=params.dtype)
    g_prev = np.empty((batch, max_w), dtype=params.dtype)
    tb = np.empty((batch, t.shape[1]), dtype=t.dtype)
    lr, l1, l2, wd = hyper[H_LR], hyper[H_L1], hyper[H_L2], hyper[H_WD]
    momentum, dampening, nesterov = hyper[H_MOMENTUM], hyper[H_DAMPENING], hyper[H_NESTEROV]
    beta1, beta2, eps, slope = hyper[H_BETA1], hyper[H_BETA2], hyper[H_EPS], hyper[H_SLOPE]
    reg_bias, clip = hyper[H_REG_BIAS] > 0, hyper[H_CLIP]
    n_params = len(params)
    steps = 0
    pos = start
    while pos < stop:
        rows = min(batch, stop - pos)
        for r in range(rows):
            i = perm[pos + r]
            for k in range(n_in0):
                h[r, k] = x[i, k]
            for k in range(t.shape[1]):
                tb[r, k] = t[i, k]
        pos += rows
        _forward(params, w_off, b_off, widths, acts, slope, h, z, rows)
        _loss_and_grad(loss_code, h[:, out_col:], tb, rows, n_out, g, True)
        # Backward, output layer first; every gradient before any update (as autograd).
        col_out = out_col
        for layer in range(n_layers - 1, -1, -1):
            n_in, n_o = widths[layer], widths[layer + 1]
            col_in = col_out - n_in
            code, wo, bo = acts[layer], w_off[layer], b_off[layer]
            for r in range(rows):
                for j in range(n_o):
                    g[r, j] *= _act_grad(code, z[r, col_out + j], h[r, col_out + j], slope)
            for j in range(n_o):
                sb = 0.0
                for r in range(rows):
                    sb += g[r, j]
                grads[bo + j] = sb
                for k in range(n_in):
                    s = 0.0
                    for r in range(rows):
                        s += g[r, j] * h[r, col_in + k]
                    grads[wo + j * n_in + k] = s
            if layer > 0:
                for r in range(rows):
                    for k in range(n_in):
                        s = 0.0
                        for j in range(n_o):
                            s += g[r, j] * params[wo + j * n_in + k]
                        g_prev[r, k] = s
                g, g_prev = g_prev, g
            col_out = col_in
        # Penalties are part of the loss: their gradients join the weights' (and biases').
        if l1 != 0 or l2 != 0:
            for layer in range(n_layers):
                lo = w_off[layer]
                hi = b_off[layer] + widths[layer + 1] if reg_bias else b_off[layer]
                for q in range(lo, hi):
                    p = params[q]
                    if l2 != 0:
                        grads[q] += l2 * p
                    if l1 != 0:
                        grads[q] += l1 * (1.0 if p > 0 else (-1.0 if p < 0 else 0.0))
        if clip > 0:  # torch.nn.utils.clip_grad_norm_
            sq = 0.0
            for q in range(n_params):
                sq += grads[q] * grads[q]
            coef = min(clip / (math.sqrt(sq) + 1e-6), 1.0)
            for q in range(n_params):
                grads[q] *= coef
        counters[0] += 1
        if opt_code == 0:
            first = counters[1] == 0  # torch.optim.SGD creates the buffer on first use
            if momentum != 0:
                counters[1] = 1
            for q in range(n_params):
                d = grads[q] + wd * params[q] if wd != 0 else grads[q]
                if momentum != 0:
                    if first:
                        state_a[q] = d
                    else:
                        state_a[q] = state_a[q] * momentum + (1.0 - dampening) * d
                    d = d + momentum * state_a[q] if nesterov > 0 else state_a[q]
                params[q] -= lr * d
        else:
            n = counters[0]
            bc1 = 1.0 - beta1 ** n
            bc2_sqrt = math.sqrt(1.0 - beta2 ** n)
            step_size = lr / bc1
            for q in range(n_params):
                d = grads[q]
                if wd != 0:
                    if opt_code == 2:
                        params[q] *= 1.0 - lr * wd
                    else:
                        d = d + wd * params[q]
                state_a[q] += (1.0 - beta1) * (d - state_a[q])
                state_b[q] = state_b[q] * beta2 + (1.0 - beta2) * d * d
                params[q] -= step_size * (state_a[q] / (math.sqrt(state_b[q]) / bc2_sqrt + eps))
        steps += 1
    # The last step's weight gradients (penalties included, as layer.weight.grad).
    if steps:
        for layer in range(n_layers):
            s = 0.0
            lo = w_off[layer]
            for q in range(lo, lo + widths[layer] * widths[layer + 1]):
                s += grads[q] * grads[q]
            grad_norms[layer] = math.sqrt(s)
    if evaluate:
        _evaluate(x, t, labels, bounds, params, w_off, b_off, widths, acts, slope, loss_code,
                  acc_code, hyper[H_LOW], h, z, figures)
    return steps


@njit(cache=True, nogil=True)
def _evaluate(x, t, labels, bounds, params, w_off, b_off, widths, acts, slope, loss_code,
              acc_code, low, h, z, figures):
    n_layers = len(widths) - 1
    n_in0, n_out = widths[0], widths[n_layers]
    out_col = h.shape[1] - n_out
    chunk = h.shape[0]
    finite = True
    for split in range(3):
        lo, hi = bounds[split], bounds[split + 1]
        loss, correct = 0.0, 0
        pos = lo
        while pos < hi:
            rows = min(chunk, hi - pos)
            for r in range(rows):
                for k in range(n_in0):
                    h[r, k] = x[pos + r, k]
            _forward(params, w_off, b_off, widths, acts, slope, h, z, rows)
            out = h[:, out_col:]
            # Sums of per-chunk means, weighted back to one mean over the split.
            loss += _loss_and_grad(loss_code, out, t[pos:pos + rows], rows, n_out, h, False
                                   ) * rows
            if acc_code != 0:
                for r in range(rows):
                    if _predict(acc_code, out, r, n_out, low) == labels[pos + r]:
                        correct += 1
            pos += rows
        n = hi - lo
        figures[2 * split] = loss / n if n else math.nan
        figures[2 * split + 1] = correct / n if n and acc_code != 0 else math.nan
        if n and not math.isfinite(figures[2 * split]):
            finite = False
    for q in range(len(params)):
        if not math.isfinite(params[q]):
            finite = False
    figures[6] = 1.0 if finite else 0.0
