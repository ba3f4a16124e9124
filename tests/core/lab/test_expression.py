"""The safe formula parser: values and gradients against hand-written torch, and rejections."""

from __future__ import annotations

import builtins
import time

import pytest
import torch

from playground.core.lab.expression import (
    MAX_DEPTH,
    MAX_LENGTH,
    ExpressionError,
    compile_expression,
)

# (formula, the same function written directly in torch)
CASES = [
    ("x**2 + 2*y**2", lambda x, y: x**2 + 2 * y**2),
    ("0.1*x**2 + 2*y**2", lambda x, y: 0.1 * x**2 + 2 * y**2),
    ("(1 - x)**2 + 100*(y - x**2)**2", lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2),
    ("-x / (1 + y**2) + +y", lambda x, y: -x / (1 + y**2) + y),
    ("exp(-(x**2 + y**2)/2) * cos(pi*x)",
     lambda x, y: torch.exp(-(x**2 + y**2) / 2) * torch.cos(torch.pi * x)),
    ("log(1 + x**2) + sqrt(1 + y**2) + tanh(x*y) + sin(e*y)",
     lambda x, y: torch.log(1 + x**2) + torch.sqrt(1 + y**2) + torch.tanh(x * y)
     + torch.sin(torch.e * y)),
    ("abs(x) + min(x, y) + max(x**2, 0.5) + min(1, y)",
     lambda x, y: x.abs() + torch.minimum(x, y) + torch.clamp(x**2, min=0.5)
     + torch.clamp(y, max=1.0)),
    ("2**x * y**3", lambda x, y: 2**x * y**3),
]


@pytest.mark.parametrize(("text", "reference"), CASES)
def test_values_and_gradients_match_torch(text, reference) -> None:
    gen = torch.Generator().manual_seed(4)
    x0 = torch.randn(50, generator=gen, dtype=torch.float64)
    y0 = torch.randn(50, generator=gen, dtype=torch.float64)
    expr = compile_expression(text)

    x, y = x0.clone().requires_grad_(True), y0.clone().requires_grad_(True)
    ours = expr(x, y)
    ours.sum().backward()
    xr, yr = x0.clone().requires_grad_(True), y0.clone().requires_grad_(True)
    theirs = reference(xr, yr)
    theirs.sum().backward()

    torch.testing.assert_close(ours, theirs, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(x.grad, xr.grad, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(y.grad, yr.grad, rtol=1e-12, atol=1e-12)


def test_result_keeps_input_shape_and_dtype_on_a_grid() -> None:
    xx, yy = torch.meshgrid(torch.linspace(-1, 1, 7), torch.linspace(-1, 1, 5), indexing="ij")
    for text in ("x", "y + 1", "3", "pi"):
        out = compile_expression(text)(xx, yy)
        assert out.shape == xx.shape and out.dtype == torch.float32


def test_constant_formula_has_zero_gradient() -> None:
    x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(-2.0, dtype=torch.float64, requires_grad=True)
    out = compile_expression("2*pi + 1")(x, y)
    out.backward()
    assert float(out.detach()) == pytest.approx(2 * torch.pi + 1)
    assert float(x.grad) == 0.0 and float(y.grad) == 0.0


def test_used_variables_and_other_variable_sets() -> None:
    assert compile_expression("x + 1").used == {"x"}
    expr = compile_expression("0.2*w**2 + 2*sin(2*w)", ("w",))
    w = torch.tensor([0.3], dtype=torch.float64)
    assert float(expr(w)) == pytest.approx(0.2 * 0.09 + 2 * torch.sin(torch.tensor(0.6)).item())
    with pytest.raises(ExpressionError, match="unknown name 'x'"):
        compile_expression("x + w", ("w",))


def test_parsing_never_calls_eval_or_exec(monkeypatch) -> None:
    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec must not be used")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    expr = compile_expression("x**2 + sin(y)")
    assert float(expr(torch.tensor(2.0), torch.tensor(0.0))) == pytest.approx(4.0)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("__import__('os')", "function '__import__' is not allowed"),
        ("x.real", "attribute access is not allowed ('.real' at column 2)"),
        ("open(1)", "function 'open' is not allowed"),
        ("lambda: 1", "lambda is not allowed"),
        ("[1,2]", "a list is not allowed"),
        ("x if y else 1", "conditional expression"),
        ("x + z", "unknown name 'z' at column 5; use x, y, pi, e"),
        ("x^2", "use ** for powers"),
        ("x < y", "a comparison is not allowed"),
        ("x[0]", "indexing is not allowed"),
        ("'abc'", "only numbers"),
        ("True", "only numbers"),
        ("1j * x", "only numbers"),
        ("sin(x, y)", "sin() takes 1 argument, got 2"),
        ("max(x)", "max() takes 2 arguments, got 1"),
        ("sin(x=1)", "no keyword arguments"),
        ("x.__class__.__bases__", "attribute access is not allowed"),
        ("(lambda: 1)()", "lambda is not allowed"),
        ("sin", "is a function"),
        ("x +", "expected a term after + at column 4"),
        ("x**", "expected a term after ** at column 4"),
        ("x ** * y", "expected a term after ** at column 6"),
        ("sin(x", "syntax error at column 4: '(' was never closed"),
        ("", "empty expression"),
        ("x\n+ 1", "one line"),
        ("(x := 3)", "not allowed"),
        ("*x", "syntax error at column 1"),
    ],
)
def test_forbidden_and_broken_formulas_raise_clear_errors(text, fragment) -> None:
    with pytest.raises(ExpressionError) as info:
        compile_expression(text)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


def test_length_and_depth_limits() -> None:
    with pytest.raises(ExpressionError, match="limit"):
        compile_expression("x + " * (MAX_LENGTH // 4) + "x")
    deep = "-" * (MAX_DEPTH + 1) + "x"
    with pytest.raises(ExpressionError, match="nested"):
        compile_expression(deep)
    # A long flat sum is fine (it nests one level per term), and so are many parentheses.
    compile_expression(" + ".join(["x"] * 60))
    compile_expression("(" * 150 + "x" + ")" * 150)


def test_huge_exponents_do_not_hang() -> None:
    began = time.perf_counter()
    for text in ("2**10**10", "9**9**9**9", "x**1e300", "(1/0)*x", "10**1000 - 10**1000"):
        compile_expression(text)(torch.tensor(2.0), torch.tensor(1.0))
    assert time.perf_counter() - began < 1.0
    assert float(compile_expression("2**10**10 + 0*x")(torch.tensor(1.0), torch.tensor(1.0))) \
        == float("inf")


def test_number_literal_too_large_is_an_error() -> None:
    with pytest.raises(ExpressionError, match="too large"):
        compile_expression("1" * 400 + " * x")
