"""The 2-D sets on TF Playground's plane: its six (circle, xor, gauss, spiral, reg-plane,
reg-gauss, after its ``dataset.ts``), and moons, blobs, spiral-k, hand-drawn points and venn.

Each is a pure function ``(samples, noise, rng, **options) -> RawData``: all randomness comes
from the numpy Generator passed in. Raw inputs x1, x2 lie in ``DOMAIN`` ([-6, 6]); TF
Playground's +1 (blue) class is label 1 here and its -1 (orange) class label 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from playground.core.data.records import RawData
from playground.core.spec import SpecError

DOMAIN = (-6.0, 6.0)  # TF Playground's plot range of both raw inputs
DEFAULT_CLASSES = 3  # data.classes = null for blobs and spiral-k
MAX_DRAWN_LABEL = 99  # labels of hand-placed points are 0..99 (data.classes allows 100)


# ------------------------------------------------------------------ TF Playground's sets
def _two_classes(x: np.ndarray, y: np.ndarray, positive: np.ndarray) -> RawData:
    return RawData(x=np.column_stack([x, y]), y=positive.astype(np.int64),
                   task="classification", n_classes=2, domain=DOMAIN)


def _halves(samples: int) -> tuple[int, int]:
    """Sizes of the first and second half; together exactly ``samples``."""
    return samples - samples // 2, samples // 2


def circle(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Label 1 inside radius 2.5, label 0 in the ring 3.5..5; noise shifts the point that
    decides the label by U(-5, 5) * noise per axis (the stored point is not shifted)."""
    radius = 5.0
    n_in, n_out = _halves(samples)
    r = np.concatenate([rng.uniform(0, radius * 0.5, n_in),
                        rng.uniform(radius * 0.7, radius, n_out)])
    angle = rng.uniform(0, 2 * math.pi, samples)
    x, y = r * np.sin(angle), r * np.cos(angle)
    shift = rng.uniform(-radius, radius, (samples, 2)) * noise
    return _two_classes(x, y, np.hypot(x + shift[:, 0], y + shift[:, 1]) < radius * 0.5)


def xor(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Label 1 where x*y >= 0 (quadrants I and III); points kept 0.3 away from the axes."""
    x, y = rng.uniform(-5, 5, samples), rng.uniform(-5, 5, samples)
    x += np.where(x > 0, 0.3, -0.3)
    y += np.where(y > 0, 0.3, -0.3)
    shift = rng.uniform(-5, 5, (samples, 2)) * noise
    return _two_classes(x, y, (x + shift[:, 0]) * (y + shift[:, 1]) >= 0)


def gauss(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Two Gaussian clouds, label 1 at (2, 2) and label 0 at (-2, -2); per-axis variance
    0.5 + 7 * noise (0.5..4 over TF Playground's noise range 0..0.5)."""
    std = math.sqrt(0.5 + 7 * noise)
    n1, n0 = _halves(samples)
    centres = np.repeat([[2.0, 2.0], [-2.0, -2.0]], [n1, n0], axis=0)
    points = rng.normal(centres, std)
    return _two_classes(points[:, 0], points[:, 1], np.arange(samples) < n1)


def _arms(samples: int, noise: float, rng: np.random.Generator,
          k: int) -> tuple[np.ndarray, np.ndarray]:
    """k spiral arms of radius 0..5 turning 1.75 times, arm j rotated by 2*pi*j/k;
    each coordinate jittered by U(-1, 1) * noise. Returns (points, arm index)."""
    n = samples / k  # TF Playground divides by the fractional count too
    arm = np.repeat(np.arange(k), [samples // k + (j < samples % k) for j in range(k)])
    i = np.concatenate([np.arange(c) for c in np.bincount(arm, minlength=k)])
    r = 5 * i / n
    t = 1.75 * i / n * 2 * math.pi + 2 * math.pi * arm / k
    points = np.column_stack([r * np.sin(t), r * np.cos(t)])
    points += rng.uniform(-1, 1, points.shape) * noise
    return points, arm


def spiral(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Two interleaved spirals: label 1 starts at angle 0, label 0 at pi."""
    points, arm = _arms(samples, noise, rng, 2)
    return _two_classes(points[:, 0], points[:, 1], arm == 0)


def _plane_points(samples: int, noise: float, rng: np.random.Generator
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Points U(-6, 6)^2 and the same points shifted by U(-6, 6) * noise (for the target)."""
    points = rng.uniform(-6, 6, (samples, 2))
    return points, points + rng.uniform(-6, 6, (samples, 2)) * noise


def reg_plane(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Regression target (x1 + x2) / 10 of the noise-shifted point (unclipped, -1.2..1.2)."""
    points, shifted = _plane_points(samples, noise, rng)
    return RawData(x=points, y=shifted.sum(axis=1) / 10, task="regression", domain=DOMAIN)


_BUMPS = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1],
                   [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]])


def reg_gauss(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Six signed cone bumps: each gives sign * max(0, 1 - distance / 2); the target is the
    bump value of largest magnitude at the noise-shifted point."""
    points, shifted = _plane_points(samples, noise, rng)
    dist = np.hypot(shifted[:, None, 0] - _BUMPS[:, 0], shifted[:, None, 1] - _BUMPS[:, 1])
    values = _BUMPS[:, 2] * np.clip(1 - dist / 2, 0, 1)
    pick = np.argmax(np.abs(values), axis=1)  # ties keep the first, as TF Playground does
    return RawData(x=points, y=values[np.arange(samples), pick], task="regression",
                   domain=DOMAIN)


# ------------------------------------------------------------------------------ more 2-D
def moons(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """scikit-learn's two moons (label 0 outer, 1 inner) scaled by 3.5 to fit [-6, 6];
    ``noise`` is the Gaussian std in the moons' own units (radius 1), as in make_moons."""
    n_out, n_in = _halves(samples)
    t_out, t_in = np.linspace(0, math.pi, n_out), np.linspace(0, math.pi, n_in)
    points = np.concatenate([np.column_stack([np.cos(t_out), np.sin(t_out)]),
                             np.column_stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)])])
    points += rng.normal(0, noise, points.shape)
    points = (points - [0.5, 0.25]) * 3.5
    return RawData(x=points, y=(np.arange(samples) >= n_out).astype(np.int64),
                   task="classification", n_classes=2, domain=DOMAIN)


def blobs(samples: int, noise: float, rng: np.random.Generator, *,
          classes: int = DEFAULT_CLASSES) -> RawData:
    """``classes`` Gaussian blobs centred on a circle of radius 4 (class j at angle
    2*pi*j/classes), per-axis std 0.5 + 3 * noise."""
    label = np.repeat(np.arange(classes),
                      [samples // classes + (j < samples % classes) for j in range(classes)])
    angle = 2 * math.pi * label / classes
    centres = 4 * np.column_stack([np.cos(angle), np.sin(angle)])
    return RawData(x=rng.normal(centres, 0.5 + 3 * noise), y=label, task="classification",
                   n_classes=classes, domain=DOMAIN)


def spiral_k(samples: int, noise: float, rng: np.random.Generator, *,
             classes: int = DEFAULT_CLASSES) -> RawData:
    """``classes`` spiral arms (label j = arm j), TF Playground's spiral generalised."""
    points, arm = _arms(samples, noise, rng, classes)
    return RawData(x=points, y=arm.astype(np.int64), task="classification", n_classes=classes,
                   domain=DOMAIN)


def drawn(samples: int, noise: float, rng: np.random.Generator, *,
          points: Sequence[Sequence[float]] = ()) -> RawData:
    """Points placed by hand, ``[x1, x2, label]``; ``samples`` and ``noise`` are ignored.
    Needs at least two points and two distinct labels, each an integer 0..99."""
    for i, p in enumerate(points):
        label = p[2]
        if not float(label).is_integer() or not 0 <= label <= MAX_DRAWN_LABEL:
            raise SpecError(f"data.points[{i}]", list(p),
                            f"a label that is an integer from 0 to {MAX_DRAWN_LABEL}")
    table = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    labels = table[:, 2].astype(np.int64)
    if len(table) < 2 or np.unique(labels).size < 2:
        raise SpecError("data.points", f"{len(table)} points",
                        "at least two points with two distinct labels")
    return RawData(x=table[:, :2].copy(), y=labels, task="classification",
                   n_classes=int(labels.max()) + 1, domain=DOMAIN)


def venn(samples: int, noise: float, rng: np.random.Generator) -> RawData:
    """Three overlapping discs of radius 3 (a Venn diagram) in [-6, 6]^2: label j is 1 inside
    disc j (multi-label: a point has 0 to 3 labels); noise shifts the point that decides the
    labels by U(-6, 6) * noise per axis, as TF Playground's sets do."""
    centres = np.array([[-1.5, -1.0], [1.5, -1.0], [0.0, 1.6]])
    x = rng.uniform(-6, 6, (samples, 2))
    shifted = x + rng.uniform(-6, 6, x.shape) * noise
    dist = np.hypot(shifted[:, None, 0] - centres[:, 0], shifted[:, None, 1] - centres[:, 1])
    return RawData(x=x, y=(dist < 3.0).astype(np.float64), task="multilabel", n_classes=3,
                   domain=DOMAIN, class_names=("A", "B", "C"))
