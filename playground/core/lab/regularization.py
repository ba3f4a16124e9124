"""The regularization view: where the minimum of a quadratic loss moves under an L1 or L2 penalty.

The loss is L(w) = (w - c)^T A (w - c) with A symmetric positive definite. Adding
``lam * |w|_1`` (L1) or ``lam * |w|^2`` (L2) moves the minimum w*(lam) towards the origin; it is
also the minimum of L inside the diamond / circle through w*(lam), which is how the course draws
it. Minima are computed numerically in torch (accelerated proximal gradient, batched over lam),
so the same code handles L1's corners; L2 also has a closed form the tests compare with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from playground.core.lab.surfaces import Surface, surface_from_formula

PENALTIES = ("l1", "l2")


@dataclass(frozen=True)
class QuadraticLoss:
    """L(w) = (w - center)^T matrix (w - center), a 2-D bowl with its minimum at ``center``."""

    matrix: np.ndarray  # (2, 2) symmetric positive definite
    center: np.ndarray  # (2,) the unregularized minimum

    def __post_init__(self) -> None:
        a = np.array(self.matrix, dtype=np.float64)
        c = np.array(self.center, dtype=np.float64)
        if a.shape != (2, 2) or c.shape != (2,):
            raise ValueError("matrix must be 2x2 and center a 2-vector")
        if not np.allclose(a, a.T) or np.linalg.eigvalsh(a).min() <= 0:
            raise ValueError("matrix must be symmetric positive definite")
        a.setflags(write=False)
        c.setflags(write=False)
        object.__setattr__(self, "matrix", a)
        object.__setattr__(self, "center", c)

    @classmethod
    def bowl(cls, center: Sequence[float] = (2.0, 1.0), condition: float = 4.0,
             rotation: float = 30.0) -> QuadraticLoss:
        """Eigenvalues 1 and ``condition``; the steep axis turned ``rotation`` degrees from y."""
        if not (math.isfinite(condition) and condition >= 1):
            raise ValueError(f"condition must be >= 1, got {condition}")
        theta = math.radians(rotation)
        rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
        return cls(rot @ np.diag([1.0, float(condition)]) @ rot.T, np.asarray(center, float))

    def surface(self) -> Surface:
        """The loss as a Surface (for grid() and contours), domain centred on the origin."""
        # Plain floats: numpy scalars' repr ("np.float64(2.0)") is not formula text.
        a, b, d = (float(v) for v in (self.matrix[0, 0], self.matrix[0, 1], self.matrix[1, 1]))
        cx, cy = (float(v) for v in self.center)
        u, v = f"(x - {cx!r})", f"(y - {cy!r})"
        span = 1.5 * max(1.0, float(np.abs(self.center).max()))
        return surface_from_formula(
            f"{a!r}*{u}**2 + {2.0 * b!r}*{u}*{v} + {d!r}*{v}**2",
            name="quadratic", title="Quadratic loss",
            domain=((-span, span), (-span, span)), minima=((cx, cy),),
            start=(0.0, 0.0),
        )

    def value(self, w: np.ndarray) -> np.ndarray:
        """L at points w (..., 2)."""
        d = np.asarray(w, dtype=np.float64) - self.center
        return np.einsum("...i,ij,...j->...", d, self.matrix, d)


@dataclass(frozen=True)
class RegularizationPath:
    """Regularized minima for a sweep of penalty strengths."""

    penalty: str  # "l1" or "l2"
    lambdas: np.ndarray  # (k,) penalty strengths, in loss units per unit of the norm
    minima: np.ndarray  # (k, 2) argmin of L(w) + lam * penalty(w)
    radii: np.ndarray  # (k,) |w*|_1 (L1) or |w*|_2 (L2): size of the constraint region
    losses: np.ndarray  # (k,) unregularized L at each minimum


def l2_closed_form(loss: QuadraticLoss, lam: float | np.ndarray) -> np.ndarray:
    """argmin L(w) + lam |w|^2 = (A + lam I)^-1 A c, for scalar lam (2,) or a sweep (k, 2)."""
    lams = np.atleast_1d(np.asarray(lam, dtype=np.float64))
    a, c = loss.matrix, loss.center
    out = np.stack([np.linalg.solve(a + l * np.eye(2), a @ c) for l in lams])  # noqa: E741
    return out[0] if np.ndim(lam) == 0 else out


def regularized_minima(
    loss: QuadraticLoss,
    penalty: str,
    lambdas: Sequence[float] | np.ndarray,
    *,
    tol: float = 1e-13,
    max_iter: int = 20000,
) -> np.ndarray:
    """argmin over w of L(w) + lam * penalty(w) for every lam, (k, 2) float64.

    Computed in torch by FISTA with restart: an autograd gradient step on L followed by the
    penalty's proximal map (soft threshold for L1, shrink for L2), all lambdas in one batch.
    """
    if penalty not in PENALTIES:
        raise ValueError(f"penalty must be one of {', '.join(PENALTIES)}, got {penalty!r}")
    lam = torch.as_tensor(np.asarray(lambdas, dtype=np.float64)).reshape(-1, 1)
    if not torch.isfinite(lam).all() or (lam < 0).any():
        raise ValueError("lambdas must be finite and >= 0")
    a = torch.tensor(loss.matrix)  # copies: the stored arrays are read-only
    c = torch.tensor(loss.center)
    step = 1.0 / (2.0 * float(np.linalg.eigvalsh(loss.matrix).max()))  # 1 / Lipschitz(grad L)

    def prox(v: torch.Tensor) -> torch.Tensor:
        if penalty == "l1":
            return torch.sign(v) * torch.clamp(v.abs() - step * lam, min=0.0)
        return v / (1.0 + 2.0 * step * lam)

    def grad_l(w: torch.Tensor) -> torch.Tensor:
        w = w.detach().requires_grad_(True)
        d = w - c
        (g,) = torch.autograd.grad(torch.einsum("ki,ij,kj->", d, a, d), w)
        return g

    w = c.repeat(lam.shape[0], 1)  # start every lam at the unregularized minimum
    z, t = w.clone(), torch.ones_like(lam)
    for _ in range(max_iter):
        w_next = prox(z - step * grad_l(z))
        # Restart a row's momentum when it points uphill (O'Donoghue & Candes) so
        # ill-conditioned bowls converge without oscillating.
        uphill = ((z - w_next) * (w_next - w)).sum(dim=1, keepdim=True) > 0
        t = torch.where(uphill, torch.ones_like(t), t)
        t_next = (1.0 + torch.sqrt(1.0 + 4.0 * t * t)) / 2.0
        z = w_next + ((t - 1.0) / t_next) * (w_next - w)
        change = float((w_next - w).abs().max())
        w, t = w_next, t_next
        if change < tol:
            break
    return w.numpy().copy()


def regularization_path(
    loss: QuadraticLoss, penalty: str, lambdas: Sequence[float] | np.ndarray
) -> RegularizationPath:
    """Regularized minima for each lam plus the norm-ball size each one sits on."""
    lams = np.asarray(lambdas, dtype=np.float64).ravel()
    minima = regularized_minima(loss, penalty, lams)
    ord_ = 1 if penalty == "l1" else 2
    return RegularizationPath(
        penalty=penalty,
        lambdas=lams,
        minima=minima,
        radii=np.linalg.norm(minima, ord=ord_, axis=1),
        losses=loss.value(minima),
    )


def constraint_outline(penalty: str, radius: float, points: int = 129) -> tuple[np.ndarray,
                                                                              np.ndarray]:
    """Closed outline of the L1 diamond |w|_1 = r or the L2 circle |w|_2 = r, as (x, y)."""
    if penalty == "l1":
        x = np.array([radius, 0.0, -radius, 0.0, radius])
        y = np.array([0.0, radius, 0.0, -radius, 0.0])
        return x, y
    if penalty == "l2":
        angle = np.linspace(0.0, 2.0 * np.pi, points)
        return radius * np.cos(angle), radius * np.sin(angle)
    raise ValueError(f"penalty must be one of {', '.join(PENALTIES)}, got {penalty!r}")
