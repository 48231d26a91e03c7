"""nnteach.graph: Synaptic's model of a network, done right (math.md §5.4, §6).

Any units, any connections, self-connections and gated connections (second-order networks), trained
online by LSTM-g with the paper's exact semantics (Monner & Reggia 2012).  Read in this order:

* :mod:`~nnteach.graph.unit` — :class:`Unit`, :class:`Connection`: the neuron-level LSTM-g, one
  equation (15)–(24) per method;
* :mod:`~nnteach.graph.layer` — :class:`Layer`, :class:`LayerConnection`: all-to-all, one-to-one and
  all-to-else projections; input, output and one-to-one gating;
* :mod:`~nnteach.graph.network` — :class:`Network`: activate / propagate / clear in a fixed order;
* :mod:`~nnteach.graph.synaptic_rule` — Synaptic 1.1.4's rule with its defects (``mode="synaptic"``);
* :mod:`~nnteach.graph.architectures` — Synaptic's builders, seeded: :func:`Perceptron`, :func:`LSTM`,
  :func:`Liquid`, :func:`AutoAssociator` (Synaptic's "Hopfield");
* :mod:`~nnteach.graph.vectorised` — :class:`VectorisedLSTM`, one LSTM-g layer in matrix form
  (math.md §6.6), equal to the unit graph and fast; its equations readable in :func:`lstm_g_forward`,
  :func:`lstm_g_updates`, :func:`lstm_g_propagate`;
* :mod:`~nnteach.graph.bptt` — BPTT for the same layer's network: what LSTM-g keeps and drops, measured
  (math.md §6.4–§6.5), and what each method must remember;
* :mod:`~nnteach.graph.serial` — dictionaries for :func:`nnteach.save`, and
  :func:`from_synaptic_json` for networks exported by Synaptic's ``toJSON()``;
* :mod:`~nnteach.graph.drawing` — positions and arrows of a drawing (numbers only; ``nnteach.viz``
  draws them);
* :mod:`~nnteach.graph.stepper` — a step-through record of every number of a few steps;
* :mod:`~nnteach.graph.training` — :func:`train_online`, one update per step as Synaptic's trainer.
"""
from .unit import HLIM, ONE, Connection, Unit, random_weight, seed, unit_activation
from .layer import GATINGS, PROJECTIONS, Layer, LayerConnection
from .network import MODES, Network
from . import synaptic_rule
from .architectures import LSTM, AutoAssociator, Liquid, Perceptron
from .vectorised import VectorisedLSTM, fast_available, lstm_g_forward, lstm_g_propagate, lstm_g_updates
from . import bptt
from .serial import from_synaptic_json, network_from_dict, network_to_dict, to_synaptic_json
from .drawing import BLOCK_POSITIONS, GraphDrawing, layout
from .training import OnlineResult, train_online
from .stepper import (QUIET_INPUTS, QUIET_TARGETS, WORKED_INPUTS, WORKED_TARGETS, ExtendedTerms, StepRecord,
                      TraceTerms, record_steps, trace_terms, worked_block)

__all__ = ["Unit", "Connection", "ONE", "HLIM", "unit_activation", "seed", "random_weight",
           "Layer", "LayerConnection", "PROJECTIONS", "GATINGS", "Network", "MODES", "synaptic_rule",
           "Perceptron", "LSTM", "Liquid", "AutoAssociator", "VectorisedLSTM", "fast_available",
           "lstm_g_forward", "lstm_g_updates", "lstm_g_propagate", "bptt",
           "from_synaptic_json", "to_synaptic_json", "network_to_dict", "network_from_dict",
           "GraphDrawing", "layout", "BLOCK_POSITIONS", "StepRecord", "record_steps", "worked_block", "WORKED_INPUTS",
           "WORKED_TARGETS", "QUIET_INPUTS", "QUIET_TARGETS", "TraceTerms", "ExtendedTerms", "trace_terms",
           "OnlineResult", "train_online"]
