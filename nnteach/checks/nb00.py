"""Check for the warm-up exercise of notebook 00 (how checks work)."""
from __future__ import annotations

import math

from .feedback import ROUNDED, Feedback, as_number, checker, close, register_hints, rounded

__all__ = ["check_warmup"]

register_hints("00.1", [
    "The state of a neuron is the weighted sum of its inputs: s = w1·x1 + w2·x2 + …",
    "Do not forget the bias: it is the weight from an input that is always 1, so it adds b·1.",
    "s = 0.5·0.8 + (−0.4)·0.2 + 0.1·1 = 0.4 − 0.08 + 0.1. Try that sum in the answer cell.",
])

W, X, B = (0.5, -0.4), (0.8, 0.2), 0.1


@checker("00.1")
def check_warmup(answer) -> Feedback:
    """Exercise 00.1: the state ``s = 0.5·0.8 − 0.4·0.2 + 0.1`` of the neuron shown in notebook 00."""
    s = as_number(answer, "your value of s")
    right = W[0] * X[0] + W[1] * X[1] + B
    if close(s, right):
        return Feedback(True, f"s = {right:.4f}: the weighted inputs plus the bias", "00.1")
    if close(s, 1 / (1 + math.exp(-right))):
        return Feedback(False, "that is y = f(s), the activation; the state s is the sum before f is applied",
                        "00.1")
    if close(s, right - B):
        return Feedback(False, "you forgot the bias: add b · 1 = 0.1", "00.1")
    if close(s, W[0] * X[0] - W[1] * X[1] + B):
        return Feedback(False, "check the sign of w2 = −0.4", "00.1")
    if close(s, W[0] * X[1] + W[1] * X[0] + B):
        return Feedback(False, "each weight goes with its own input: w1 with x1 = 0.8, w2 with x2 = 0.2", "00.1")
    if close(s, right - 2 * B):
        return Feedback(False, "the bias is added, not subtracted: + b · 1 = + 0.1", "00.1")
    if close(s, -right):
        return Feedback(False, "right size, wrong sign: s = w1·x1 + w2·x2 + b, nothing is subtracted", "00.1")
    if rounded(s, right):
        return Feedback(False, ROUNDED, "00.1")
    return Feedback(False, f"{s:.4f} is not the weighted sum of the inputs plus the bias", "00.1")
