"""nnteach: the numpy package behind *Neural Networks 101, hands-on*.

Floors (imports only point downward):

* math: :mod:`nnteach.activations`, :mod:`nnteach.costs`; and :mod:`nnteach.validation` (argument
  checks: the one validation layer of every public entry point), :mod:`nnteach.jsonfile` (reading
  and writing JSON files safely), :mod:`nnteach.formatting` (number formats)
* models: :mod:`nnteach.model` (the base of every matrix-level model), :class:`Neuron`,
  :class:`NeuronNetwork` (loops, the course's notation), :class:`Perceptron` (feed-forward, matrix
  level), :class:`RNN` (Elman) and :class:`LSTM` (forget gate and peepholes), trained by full or
  truncated BPTT, each with its readable step functions; :mod:`nnteach.recurrent` (a self-connected
  neuron, the constant error carousel, a gated memory cell) and :mod:`nnteach.gating` (the memory
  cell's gates at work, scenarios of notebook 08); :mod:`nnteach.graph` (any units,
  connections and gates, trained online by LSTM-g)
* teaching: :func:`train`, :mod:`nnteach.gradcheck`, :mod:`nnteach.datasets` (with the course's
  worked example), :mod:`nnteach.descent` (error curves and surfaces, descent paths),
  :mod:`nnteach.recording`, :mod:`nnteach.session` (a training run advanced on demand),
  :mod:`nnteach.unrolled` (the Elman network unrolled, BPTT step by step), :mod:`nnteach.fading` (the
  fading gradient, math.md §3.4),
  :mod:`nnteach.scoring`, :mod:`nnteach.automaton` (the embedded Reber grammar's automaton and a network's
  predictions on it), :func:`save` / :func:`load`; and, imported on
  demand, ``nnteach.checks`` (exercise checks, numpy only) and ``nnteach.viz`` (the only modules
  that use matplotlib and ipywidgets).

The equations cited as "math.md §N" are in the file ``math.md`` shipped inside this package
(:func:`math_reference` gives its path); "Eq. (N.k)" is equation k of notebook NN.
"""
from pathlib import Path

from . import activations, automaton, costs, datasets, gradcheck, scoring
from .neuron import Neuron, NeuronNetwork
from .perceptron import Perceptron
from .rnn import RNN
from .lstm import LSTM
from . import recurrent
from . import gating
from . import graph
from .saving import load, save
from .train import TrainingDiverged, TrainResult, train

__version__ = "0.1.0"


def math_reference() -> Path:
    """The path of ``math.md``, the course's equation reference that docstrings cite as "math.md §N"."""
    return Path(__file__).with_name("math.md")


__all__ = ["activations", "automaton", "costs", "datasets", "gradcheck", "scoring", "Neuron", "NeuronNetwork", "Perceptron",
           "RNN", "LSTM", "recurrent", "gating", "graph",
           "train", "TrainResult", "TrainingDiverged", "save", "load", "math_reference", "__version__"]
