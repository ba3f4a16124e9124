"""Safe parsing of user-typed surface formulas such as ``x**2 + 2*sin(y)`` into torch code.

The text is parsed with :func:`ast.parse` (parsing, never evaluation) and the tree is walked
against a whitelist: arithmetic, unary signs, numbers, the variables, ``pi`` and ``e``, and calls
by bare name to a short list of functions. Everything else is rejected with a message naming the
offending piece and its column. The result is a tree of Python closures over torch operations,
so autograd gives exact gradients.
"""

from __future__ import annotations

import ast
import math
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import torch

MAX_LENGTH = 500  # characters; long enough for any textbook surface
MAX_DEPTH = 100  # nested operations (a+b+c... nests too); keeps recursion far from limits

CONSTANTS: Mapping[str, float] = {"pi": math.pi, "e": math.e}

# name -> (number of arguments, torch implementation)
FUNCTIONS: Mapping[str, tuple[int, Callable[..., torch.Tensor]]] = {
    "abs": (1, torch.abs),
    "exp": (1, torch.exp),
    "log": (1, torch.log),
    "sqrt": (1, torch.sqrt),
    "sin": (1, torch.sin),
    "cos": (1, torch.cos),
    "tanh": (1, torch.tanh),
    "min": (2, torch.minimum),
    "max": (2, torch.maximum),
}

_BINARY: Mapping[type, Callable[[object, object], object]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}

# Friendlier names for the node types users are most likely to type by accident.
_NODE_NAMES: Mapping[type, str] = {
    ast.Attribute: "attribute access",
    ast.Lambda: "lambda",
    ast.List: "a list",
    ast.Tuple: "a tuple",
    ast.Set: "a set",
    ast.Dict: "a dict",
    ast.IfExp: "a conditional expression (x if ... else ...)",
    ast.Compare: "a comparison",
    ast.BoolOp: "and/or",
    ast.Subscript: "indexing",
    ast.ListComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.NamedExpr: "assignment (:=)",
    ast.JoinedStr: "a string",
    ast.Starred: "argument unpacking (*)",
}

# Operators people type from other languages, shown as typed in error messages.
_OPERATOR_SYMBOLS: Mapping[type, str] = {
    ast.BitXor: "^", ast.BitAnd: "&", ast.BitOr: "|", ast.FloorDiv: "//", ast.Mod: "%",
    ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>", ast.Invert: "~", ast.Not: "not",
}

Value = torch.Tensor | float
Node = Callable[[Mapping[str, torch.Tensor]], Value]


class ExpressionError(ValueError):
    """A formula that cannot be turned into a surface; the message says what and where."""


@dataclass(frozen=True)
class Expression:
    """A compiled formula: call it with one torch tensor per variable (same shape) to evaluate."""

    text: str  # the formula as typed (stripped)
    variables: tuple[str, ...]  # argument order for __call__, e.g. ("x", "y") or ("w",)
    used: frozenset[str]  # variables that actually appear in the text
    _root: Node  # the closure tree

    def __call__(self, *values: torch.Tensor) -> torch.Tensor:
        """Evaluate elementwise; the result has the inputs' shape and dtype."""
        if len(values) != len(self.variables):
            raise TypeError(f"expected {len(self.variables)} tensors, got {len(values)}")
        env = dict(zip(self.variables, values, strict=True))
        out = self._root(env)
        if isinstance(out, torch.Tensor) and out.shape == values[0].shape:
            return out
        # A constant or a formula without every variable: tie it to the inputs so the shape is
        # right and autograd still has a graph (with zero gradient) to walk.
        zero = sum((v * 0.0 for v in values), torch.zeros_like(values[0]))
        return zero + out


def compile_expression(text: str, variables: tuple[str, ...] = ("x", "y")) -> Expression:
    """Parse ``text`` into an :class:`Expression` over ``variables``; raise ExpressionError."""
    text = text.strip()
    if not text:
        raise ExpressionError("empty expression; type a formula in " + _names(variables))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(text)} characters; the limit is {MAX_LENGTH}")
    if "\n" in text or "\r" in text:
        # Columns in messages are only meaningful on one line.
        raise ExpressionError("expression must be on one line")
    try:
        with warnings.catch_warnings():  # "invalid decimal literal" for 9x: the error says it
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(_syntax_message(text, exc)) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("expression is too deeply nested") from None
    compiler = _Compiler(text, variables)
    node, constant = compiler.visit(tree.body, depth=0)
    if constant:
        value = float(node({}))
        root: Node = lambda env: value  # noqa: E731 - a closure tree leaf
    else:
        root = node
    return Expression(text, tuple(variables), frozenset(compiler.used), root)


_DANGLING = re.compile(r"(\*\*|//|[-+*/%(,])\s*$")  # an operator still waiting for its term


def _syntax_message(text: str, exc: SyntaxError) -> str:
    """Where and what: "expected a term after ** at column 4" for ``x**``; Python's own
    message at its column otherwise ("'(' was never closed")."""
    column = exc.offset if exc.offset and exc.offset <= len(text) else len(text) + 1
    dangling = None if "never closed" in exc.msg else _DANGLING.search(text[:column - 1])
    if dangling is not None:
        return f"expected a term after {dangling.group(1)} at column {column}"
    return f"syntax error at column {column}: {exc.msg}"


def _names(variables: tuple[str, ...]) -> str:
    return ", ".join([*variables, *CONSTANTS])


def _where(node: ast.AST) -> str:
    # ast columns are 0-based; people count from 1.
    return f"at column {getattr(node, 'col_offset', 0) + 1}"


def _fold(value: Value) -> Node:
    """A leaf returning a constant computed once at compile time."""
    number = float(value)
    return lambda env: number


def _const_tensor(value: Value) -> torch.Tensor:
    # Constant folding runs in torch float64 so 10**1000 gives inf and 1/0 gives inf, the same
    # as at run time, instead of Python's OverflowError / ZeroDivisionError.
    return torch.as_tensor(value, dtype=torch.float64)


class _Compiler:
    """Walks the whitelisted ast and builds closures; returns (node, is_constant) per subtree."""

    def __init__(self, text: str, variables: tuple[str, ...]) -> None:
        self.text = text
        self.variables = variables
        self.used: set[str] = set()

    def visit(self, node: ast.AST, depth: int) -> tuple[Node, bool]:
        if depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.BinOp):
            return self._binary(node, depth)
        if isinstance(node, ast.UnaryOp):
            return self._unary(node, depth)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        if isinstance(node, ast.Attribute):
            # Point at the dot, not at the start of the object.
            column = getattr(node.value, "end_col_offset", node.col_offset) + 1
            raise ExpressionError(
                f"attribute access is not allowed ('.{node.attr}' at column {column})"
            )
        what = _NODE_NAMES.get(type(node), type(node).__name__)
        raise ExpressionError(f"{what} is not allowed ({_where(node)})")

    def _constant(self, node: ast.Constant) -> tuple[Node, bool]:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ExpressionError(f"only numbers are allowed, not {value!r} ({_where(node)})")
        try:
            return _fold(float(value)), True
        except OverflowError:
            raise ExpressionError(f"number too large {_where(node)}") from None

    def _name(self, node: ast.Name) -> tuple[Node, bool]:
        name = node.id
        if name in self.variables:
            self.used.add(name)
            return (lambda env: env[name]), False
        if name in CONSTANTS:
            return _fold(CONSTANTS[name]), True
        if name in FUNCTIONS:
            raise ExpressionError(f"'{name}' is a function; call it as {name}(...)")
        raise ExpressionError(
            f"unknown name '{name}' {_where(node)}; use {_names(self.variables)}"
        )

    def _binary(self, node: ast.BinOp, depth: int) -> tuple[Node, bool]:
        op = _BINARY.get(type(node.op))
        if op is None:
            hint = "; use ** for powers" if isinstance(node.op, ast.BitXor) else ""
            symbol = _OPERATOR_SYMBOLS.get(type(node.op), type(node.op).__name__)
            # The operator is the first non-blank after the left operand.
            index = getattr(node.left, "end_col_offset", None) or node.col_offset
            while index < len(self.text) and self.text[index] in " )":
                index += 1
            raise ExpressionError(
                f"operator '{symbol}' is not allowed (at column {index + 1}){hint}"
            )
        left, left_const = self.visit(node.left, depth + 1)
        right, right_const = self.visit(node.right, depth + 1)
        if left_const and right_const:
            return _fold(op(_const_tensor(left({})), _const_tensor(right({})))), True
        return (lambda env: op(left(env), right(env))), False

    def _unary(self, node: ast.UnaryOp, depth: int) -> tuple[Node, bool]:
        operand, const = self.visit(node.operand, depth + 1)
        if isinstance(node.op, ast.UAdd):
            return operand, const
        if not isinstance(node.op, ast.USub):
            symbol = _OPERATOR_SYMBOLS.get(type(node.op), type(node.op).__name__)
            raise ExpressionError(f"operator '{symbol}' is not allowed ({_where(node)})")
        if const:
            return _fold(-float(operand({}))), True
        return (lambda env: -operand(env)), False

    def _call(self, node: ast.Call, depth: int) -> tuple[Node, bool]:
        if not isinstance(node.func, ast.Name):
            what = _NODE_NAMES.get(type(node.func), "this kind of call")
            raise ExpressionError(f"{what} is not allowed ({_where(node.func)})")
        name = node.func.id
        if name not in FUNCTIONS:
            raise ExpressionError(
                f"function '{name}' is not allowed ({_where(node)}); use "
                + ", ".join(FUNCTIONS)
            )
        arity, torch_fn = FUNCTIONS[name]
        if node.keywords:
            raise ExpressionError(f"{name}() takes no keyword arguments ({_where(node)})")
        if len(node.args) != arity:
            plural = "s" if arity != 1 else ""
            raise ExpressionError(
                f"{name}() takes {arity} argument{plural}, got {len(node.args)} ({_where(node)})"
            )
        compiled = [self.visit(arg, depth + 1) for arg in node.args]
        args = [fn for fn, _ in compiled]
        if all(const for _, const in compiled):
            return _fold(torch_fn(*(_const_tensor(a({})) for a in args))), True

        def call(env: Mapping[str, torch.Tensor]) -> Value:
            values = [a(env) for a in args]
            # torch.minimum / maximum want tensors on both sides; match a constant to its peer.
            like = next(v for v in values if isinstance(v, torch.Tensor))
            tensors = [v if isinstance(v, torch.Tensor) else torch.full_like(like, v)
                       for v in values]
            return torch_fn(*tensors)

        return call, False
