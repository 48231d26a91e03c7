"""Shared fixtures: the math.md §9.1 network."""
import numpy as np
import pytest

from nnteach import Perceptron


def set_worked_example_weights(net: Perceptron) -> Perceptron:
    """Put the weights of math.md §9.1 into a 2-2-1 Perceptron."""
    net.params["W1"][...] = [[0.5, -0.4], [0.3, 0.8]]
    net.params["b1"][...] = [0.1, -0.2]
    net.params["W2"][...] = [[0.7, -0.6]]
    net.params["b2"][...] = [0.05]
    return net


@pytest.fixture
def worked_example():
    """(network, x, t, rate) of math.md §9.1."""
    return set_worked_example_weights(Perceptron(2, 2, 1)), np.array([0.8, 0.2]), np.array([1.0]), 0.5


def pytest_terminal_summary(terminalreporter):
    """Print the numbers the heavy infrastructure checks measured (record_property("measured", ...))."""
    lines = [f"{report.nodeid}: {value}" for report in terminalreporter.stats.get("passed", [])
             for key, value in report.user_properties if key == "measured"]
    if lines:
        terminalreporter.write_sep("-", "measured by the infrastructure checks")
        for line in lines:
            terminalreporter.write_line(line)
