"""Check for the warm-up exercise of notebook 00 (how checks work)."""
from __future__ import annotations

from ._base import Feedback, as_array, close, register_hints

__all__ = ["check_warmup"]

register_hints("00.1", [
    "The state of a neuron is the weighted sum of its inputs: s = w1·x1 + w2·x2 + …",
    "Do not forget the bias: it is the weight from an input that is always 1, so it adds b·1.",
    "s = 0.5·0.8 + (−0.4)·0.2 + 0.1 · 1. That is 0.4 − 0.08 + 0.1.",
])


def check_warmup(answer) -> Feedback:
    """Exercise 00.1: the state ``s = 0.5·0.8 − 0.4·0.2 + 0.1`` of the neuron shown in notebook 00."""
    if answer is None or answer is ...:
        return Feedback(False, "fill in your value of s first", "00.1")
    s = as_array(answer, "your answer")
    right = 0.5 * 0.8 - 0.4 * 0.2 + 0.1
    if close(s, right):
        return Feedback(True, f"s = {right:.4f}: the weighted inputs plus the bias", "00.1")
    if close(s, right - 0.1):
        return Feedback(False, "you forgot the bias: add b · 1 = 0.1", "00.1")
    if close(s, 0.5 * 0.8 + 0.4 * 0.2 + 0.1):
        return Feedback(False, "check the sign of w2 = −0.4", "00.1")
    return Feedback(False, f"{float(s):.4f} is not the weighted sum of the inputs plus the bias", "00.1")
