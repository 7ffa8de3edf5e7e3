"""A tiny scalar reverse-mode automatic differentiation engine (notebook 04 builds it, 08 trains with it).

Each ``Value`` remembers its parents and the local derivative d(self)/d(parent), computed during the
forward pass. ``backward()`` visits the graph in reverse topological order and applies the chain
rule: every parent receives local derivative times the gradient flowing into the node, and the
contributions of several paths add up (fan-out accumulates).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

Number = int | float


class Value:
    """A scalar in a computational graph, with the gradient of the last backward() output."""

    __slots__ = ("data", "grad", "parents", "local_grads", "op", "label")

    def __init__(
        self,
        data: Number,
        parents: tuple[Value, ...] = (),
        local_grads: tuple[float, ...] = (),
        op: str = "",
        label: str = "",
    ) -> None:
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents
        self.local_grads = local_grads
        self.op = op
        self.label = label

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    # arithmetic ----------------------------------------------------------------------------
    def __add__(self, other: Value | Number) -> Value:
        other = as_value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other: Value | Number) -> Value:
        other = as_value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __pow__(self, exponent: Number) -> Value:
        if isinstance(exponent, Value):
            raise TypeError("only constant exponents are supported: use exp(log(a) * b) for a**b")
        if self.data < 0 and float(exponent) != int(exponent):
            raise ValueError(f"a negative base ({self.data:g}) with a non-integer exponent ({exponent:g}) is not real")
        if self.data == 0 and exponent < 0:
            raise ZeroDivisionError("division by zero (or a negative power of zero) in the graph")
        local = 0.0 if exponent == 0 else exponent * self.data ** (exponent - 1)
        return Value(self.data**exponent, (self,), (local,), f"**{exponent:g}")

    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other: Value | Number) -> Value:
        return self + (-as_value(other))

    def __truediv__(self, other: Value | Number) -> Value:
        return self * as_value(other) ** -1

    def __radd__(self, other: Number) -> Value:
        return self + other

    def __rmul__(self, other: Number) -> Value:
        return self * other

    def __rsub__(self, other: Number) -> Value:
        return as_value(other) - self

    def __rtruediv__(self, other: Number) -> Value:
        return as_value(other) / self

    # elementary functions ------------------------------------------------------------------
    def exp(self) -> Value:
        """e**self."""
        out = math.exp(self.data)
        return Value(out, (self,), (out,), "exp")

    def log(self) -> Value:
        """Natural logarithm (self must be positive)."""
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def tanh(self) -> Value:
        """Hyperbolic tangent; its derivative is 1 - tanh**2."""
        out = math.tanh(self.data)
        return Value(out, (self,), (1.0 - out * out,), "tanh")

    def sigmoid(self) -> Value:
        """Logistic sigmoid, computed without overflow; its derivative is s * (1 - s) of the output s."""
        if self.data >= 0:
            out = 1.0 / (1.0 + math.exp(-self.data))
        else:
            e = math.exp(self.data)
            out = e / (1.0 + e)
        return Value(out, (self,), (out * (1.0 - out),), "sigmoid")

    def relu(self) -> Value:
        """max(0, self), with the subgradient 0 at 0."""
        return Value(max(0.0, self.data), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    # reverse mode --------------------------------------------------------------------------
    def backward(self) -> None:
        """Set .grad of every node in this graph to d(self)/d(node), by the chain rule in reverse order.

        The gradients of all nodes this output depends on are reset first; nodes outside this graph
        keep whatever gradient an earlier backward() gave them.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad


def as_value(x: Value | Number) -> Value:
    """x itself if it is a Value, else a constant leaf holding x."""
    return x if isinstance(x, Value) else Value(x)


def topological_order(root: Value) -> list[Value]:
    """Every node the root depends on, each after all of its parents (iterative, so deep graphs work)."""
    order: list[Value] = []
    visited: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        stack.extend((parent, False) for parent in node.parents if id(parent) not in visited)
    return order


def value_sum(values: Iterable[Value | Number]) -> Value:
    """The sum of many Values as one graph (starting from a constant 0)."""
    total = Value(0.0)
    for value in values:
        total = total + value
    return total
