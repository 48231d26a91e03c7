"""nnteach: the numpy package behind *Neural Networks 101, hands-on*.

Floors (imports only point downward):

* math: :mod:`nnteach.activations`, :mod:`nnteach.costs`
* models: :class:`Neuron`, :class:`NeuronNetwork` (loops, the course's notation),
  :class:`Perceptron` (feed-forward, matrix level), :class:`RNN` (Elman) and :class:`LSTM`
  (forget gate and peepholes), trained by full or truncated BPTT; :mod:`nnteach.recurrent`
  (a self-connected neuron, the constant error carousel, a gated memory cell); :mod:`nnteach.graph`
  (any units, connections and gates, trained online by LSTM-g)
* teaching: :func:`train`, :mod:`nnteach.gradcheck`, :mod:`nnteach.datasets`, :mod:`nnteach.scoring`,
  :func:`save` / :func:`load`; and, imported on demand, ``nnteach.viz`` and ``nnteach.checks``
  (the only modules that use matplotlib and ipywidgets).
"""
from . import activations, costs, datasets, gradcheck, scoring
from .neuron import Neuron, NeuronNetwork
from .perceptron import Perceptron
from .rnn import RNN
from .lstm import LSTM
from . import recurrent
from . import graph
from .saving import load, save
from .train import TrainingDiverged, TrainResult, train

__version__ = "0.1.0"

__all__ = ["activations", "costs", "datasets", "gradcheck", "scoring", "Neuron", "NeuronNetwork", "Perceptron",
           "RNN", "LSTM", "recurrent", "graph",
           "train", "TrainResult", "TrainingDiverged", "save", "load", "__version__"]
