"""Loss surfaces for the optimizer lab: built-in textbook functions and user-typed formulas.

Every surface is a formula compiled by :mod:`playground.core.lab.expression`, so built-ins and
typed ones share one code path and gradients come from autograd.
"""

from __future__ import annotations

import difflib
import inspect
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import torch

from playground.core.lab.expression import ExpressionError, compile_expression

Point = tuple[float, ...]
Range = tuple[float, float]


@dataclass(frozen=True)
class Surface:
    """A function of one (``w``) or two (``x``, ``y``) variables to minimise."""

    name: str  # registry key, or the formula for typed surfaces
    title: str  # human-readable label
    formula: str  # the expression text it was compiled from
    f: Callable[..., torch.Tensor]  # f(x, y) or f(w): elementwise on same-shape torch tensors
    domain: tuple[Range, ...]  # plotting range per variable, (min, max) in variable units
    minima: tuple[Point, ...]  # known minimum points (global ones first); () when unknown
    start: Point  # default starting point for optimizers
    dims: int  # 1 or 2

    def value(self, *point: float) -> float:
        """f at one point (plain floats in, float out)."""
        args = [torch.tensor(float(v), dtype=torch.float64) for v in point]
        with torch.no_grad():
            return float(self.f(*args))

    def distance_to_minimum(self, point: np.ndarray) -> float | None:
        """Euclidean distance from ``point`` to the nearest known minimum; None if none known."""
        if not self.minima:
            return None
        p = np.asarray(point, dtype=np.float64)
        return float(min(np.linalg.norm(p - np.asarray(m)) for m in self.minima))


def surface_from_formula(
    formula: str,
    *,
    name: str | None = None,
    title: str | None = None,
    domain: tuple[Range, ...] | None = None,
    minima: tuple[Point, ...] = (),
    start: Point | None = None,
) -> Surface:
    """Compile ``formula`` (in ``x``, ``y`` or in ``w`` alone) into a Surface.

    Raises ExpressionError for anything the safe parser rejects or for mixing ``w`` with x/y.
    """
    expression = compile_expression(formula, ("x", "y", "w"))
    if "w" in expression.used and expression.used & {"x", "y"}:
        raise ExpressionError("use either w (a 1-D slice) or x and y (a 2-D surface), not both")
    if "w" in expression.used:
        expression = compile_expression(formula, ("w",))
        dims = 1
    else:
        expression = compile_expression(formula, ("x", "y"))
        dims = 2
    return Surface(
        name=name or expression.text,
        title=title or expression.text,
        formula=expression.text,
        f=expression,
        domain=domain or ((-4.0, 4.0),) * dims,
        minima=minima,
        start=start or ((-3.0, 2.5) if dims == 2 else (-3.0,)),
        dims=dims,
    )


def bowl(condition: float = 10.0, rotation: float = 0.0) -> Surface:
    """Quadratic bowl u^2/condition + v^2, with (u, v) = (x, y) rotated by ``rotation`` degrees.

    The steep curvature stays 2 whatever the condition number, so the stable GD learning rate
    (lr < 1) does not move while the user drags the condition slider; only the slow axis slows.
    """
    if not (math.isfinite(condition) and condition >= 1.0):
        raise ValueError(f"bowl condition must be a number >= 1, got {condition}")
    if not math.isfinite(rotation):
        raise ValueError(f"bowl rotation must be a finite angle in degrees, got {rotation}")
    c, s = math.cos(math.radians(rotation)), math.sin(math.radians(rotation))
    u = _linear(c, s)
    v = _linear(-s, c)
    return surface_from_formula(
        f"{u}**2 / {float(condition)!r} + {v}**2",
        name="bowl",
        title=f"Bowl (condition {condition:g}, rotated {rotation:g} deg)",
        domain=((-4.0, 4.0), (-4.0, 4.0)),
        minima=((0.0, 0.0),),
        start=(-3.5, 2.0),
    )


def _linear(a: float, b: float) -> str:
    """Formula text for a*x + b*y, dropping zero terms (cos 90 deg is 6e-17, not 0)."""
    terms = [
        name if coef == 1.0 else f"-{name}" if coef == -1.0 else f"{coef!r}*{name}"
        for coef, name in ((a, "x"), (b, "y"))
        if abs(coef) > 1e-15
    ]
    return "(" + " + ".join(terms).replace("+ -", "- ") + ")"


def _builtin(name: str, title: str, formula: str, domain: tuple[Range, ...],
             minima: tuple[Point, ...], start: Point) -> Surface:
    return surface_from_formula(
        formula, name=name, title=title, domain=domain, minima=minima, start=start
    )


_HIMMELBLAU_MINIMA = (
    (3.0, 2.0),
    (-2.805118086952745, 3.131312518250573),
    (-3.779310253377747, -3.2831859912861696),
    (3.5844283403304917, -1.8481265269644034),
)

# Registry: name -> Surface. Parametric families (PARAMETRIC) appear here at their defaults.
SURFACES: Mapping[str, Surface] = MappingProxyType({
    s.name: s
    for s in (
        bowl(),
        _builtin("course-bowl-a", "0.1x^2 + 2y^2 (course, ill-conditioned)", "0.1*x**2 + 2*y**2",
                 ((-6.0, 6.0), (-3.0, 3.0)), ((0.0, 0.0),), (-5.0, -2.0)),
        _builtin("course-bowl-b", "x^2 + 2y^2 (course)", "x**2 + 2*y**2",
                 ((-6.0, 6.0), (-3.0, 3.0)), ((0.0, 0.0),), (-5.0, -2.0)),
        _builtin("course-3.3", "x^2 + y^2 + 2y + 5 (seed 004)", "x**2 + y**2 + 2*y + 5",
                 ((-4.0, 4.0), (-5.0, 4.0)), ((0.0, -1.0),), (-2.0, 3.0)),
        _builtin("rosenbrock", "Rosenbrock (1-x)^2 + 100(y-x^2)^2",
                 "(1 - x)**2 + 100*(y - x**2)**2",
                 ((-2.0, 2.0), (-1.0, 3.0)), ((1.0, 1.0),), (-1.2, 1.0)),
        _builtin("himmelblau", "Himmelblau (four minima)", "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
                 ((-5.0, 5.0), (-5.0, 5.0)), _HIMMELBLAU_MINIMA, (0.0, 0.0)),
        _builtin("beale", "Beale",
                 "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
                 ((-4.5, 4.5), (-4.5, 4.5)), ((3.0, 0.5),), (1.0, 1.4)),
        _builtin("saddle", "Saddle x^2 - y^2 (no minimum)", "x**2 - y**2",
                 ((-2.0, 2.0), (-2.0, 2.0)), (), (-1.5, 0.01)),
        _builtin("plateau", "Plateau 1 - exp(-(x^2 + y^2)/2) (vanishing gradient far out)",
                 "1 - exp(-(x**2 + y**2)/2)",
                 ((-4.0, 4.0), (-4.0, 4.0)), ((0.0, 0.0),), (3.0, 2.5)),
        _builtin("wiggle-1d", "0.2w^2 + 2 sin(2w) (1-D, many local minima)",
                 "0.2*w**2 + 2*sin(2*w)",
                 ((-6.0, 6.0),), ((-0.747964956635879,),), (-4.0,)),
    )
})

# Families with numeric parameters: name -> builder taking keyword floats.
PARAMETRIC: Mapping[str, Callable[..., Surface]] = MappingProxyType({"bowl": bowl})


def make_surface(name: str, **params: float) -> Surface:
    """A registry surface by name; ``params`` only for PARAMETRIC families (e.g. bowl)."""
    if name not in SURFACES:
        raise KeyError(f"unknown surface '{name}'")
    if not params:
        return SURFACES[name]
    builder = PARAMETRIC.get(name)
    if builder is None:
        raise ValueError(f"surface '{name}' takes no parameters")
    try:
        return builder(**params)
    except TypeError:
        raise ValueError(f"unknown parameter for surface '{name}'; it takes "
                         + ", ".join(_param_names(builder))) from None


def _param_names(builder: Callable[..., Surface]) -> list[str]:
    return list(inspect.signature(builder).parameters)


def surface_from_text(text: str, **params: float) -> Surface:
    """A registry surface if ``text`` names one, else the formula compiled as a Surface.

    Raises ExpressionError (a ValueError) with a clear message for unknown names and bad formulas.
    """
    key = text.strip()
    if key.lower() in SURFACES:
        return make_surface(key.lower(), **params)
    if params:
        raise ValueError("surface parameters apply only to " + ", ".join(PARAMETRIC))
    if key.replace("-", "").replace("_", "").isalnum() and not _is_formula_like(key):
        close = difflib.get_close_matches(key.lower(), list(SURFACES), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ExpressionError(
            f"unknown surface '{key}'{hint}; built in: {', '.join(SURFACES)}; "
            "or type a formula in x and y"
        )
    return surface_from_formula(key)


def _is_formula_like(text: str) -> bool:
    # A lone identifier such as "rosenbrok" is a mistyped surface name, while "x", "w" or "2"
    # are (trivial) formulas.
    return text in {"x", "y", "w", "pi", "e"} or not text[0].isalpha()


def estimated_minimum(surface: Surface, resolution: int = 201) -> float | None:
    """f* for a surface without known minima (a typed formula): the lowest value on a
    ``resolution`` grid over the domain, polished by L-BFGS from there. None when that lowest
    point lies on the domain's edge (the surface may fall further outside: no f* to chart
    f - f* against) or no value is finite."""
    axes = [torch.linspace(lo, hi, resolution, dtype=torch.float64) for lo, hi in surface.domain]
    mesh = torch.meshgrid(*axes[::-1], indexing="ij")[::-1]  # x varies along the last axis
    with torch.no_grad():
        z = surface.f(*mesh)
    z = torch.where(torch.isfinite(z), z, torch.full_like(z, float("inf")))
    flat = int(torch.argmin(z))
    best = float(z.reshape(-1)[flat])
    index = np.unravel_index(flat, z.shape)
    if not np.isfinite(best) or any(i in (0, resolution - 1) for i in index):
        return None
    point = torch.tensor([float(m[index]) for m in mesh], dtype=torch.float64,
                         requires_grad=True)
    search = torch.optim.LBFGS([point], lr=1.0, max_iter=100, tolerance_grad=1e-12,
                               tolerance_change=1e-15, line_search_fn="strong_wolfe")

    def objective() -> torch.Tensor:
        search.zero_grad()
        value = surface.f(*point)
        value.backward()
        return value

    try:
        search.step(objective)
    except (RuntimeError, ValueError):
        return best
    inside = all(lo <= float(v) <= hi
                 for v, (lo, hi) in zip(point.detach(), surface.domain, strict=True))
    with torch.no_grad():
        polished = float(surface.f(*point))
    return min(best, polished) if inside and np.isfinite(polished) else best


def grid(surface: Surface, resolution: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sample a 2-D surface on a square grid over its domain in one vectorised torch call.

    Returns (xs (res,), ys (res,), Z float32 (res, res)) with row i at y = ys[i] and column j at
    x = xs[j]. Points where f is undefined (log of a negative, ...) are NaN.
    """
    if surface.dims != 2:
        raise ValueError(f"grid needs a 2-D surface; '{surface.name}' is 1-D (use curve)")
    if resolution < 2:
        raise ValueError(f"grid resolution must be at least 2, got {resolution}")
    (x0, x1), (y0, y1) = surface.domain
    xs = torch.linspace(x0, x1, resolution, dtype=torch.float64)
    ys = torch.linspace(y0, y1, resolution, dtype=torch.float64)
    yy, xx = torch.meshgrid(ys, xs, indexing="ij")
    with torch.no_grad():
        z = surface.f(xx, yy)
    z_np = np.ascontiguousarray(z.numpy(), dtype=np.float32)
    z_np[~np.isfinite(z_np)] = np.nan  # inf as NaN too: contours and colour maps skip both
    return xs.numpy(), ys.numpy(), z_np


def curve(surface: Surface, resolution: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """Sample a 1-D surface over its domain: (ws (res,), values (res,) float64; NaN undefined)."""
    if surface.dims != 1:
        raise ValueError(f"curve needs a 1-D surface; '{surface.name}' is 2-D (use grid)")
    (w0, w1), = surface.domain
    ws = torch.linspace(w0, w1, resolution, dtype=torch.float64)
    with torch.no_grad():
        values = surface.f(ws).numpy().copy()
    values[~np.isfinite(values)] = np.nan
    return ws.numpy(), values
