"""Exercise checks: one function per exercise that says specifically what is wrong.

(Not to be confused with :mod:`nnteach.validation`, which checks the arguments of the
package's own functions.)  Each check compares a learner's answer with the right one and
returns a :class:`~nnteach.checks.feedback.Feedback` that names the mistake; ``hint(id)``
gives graded hints.  One module per notebook.  The checks use numpy only (never matplotlib
or ipywidgets), so they work wherever the package imports.

Table of contents:
"""
from .feedback import Feedback, hint, next_hint                                        # every notebook
from .nb00 import check_warmup                                                         # 00 · start here
from .nb01 import EXERCISE_01_1, check_state_and_activation, check_nand_weights        # 01 · the neuron
from .nb02 import EXERCISE_02_2, check_derivatives, check_steepest                    # 02 · activation functions
from .nb03 import EXERCISE_03_1, check_forward_pass, check_xor_weights                # 03 · feed-forward networks
from .nb04 import check_numeric_slope, check_analytic_slope, check_rates               # 04 · gradient descent
from .nb05 import (check_output_delta, check_hidden_delta, check_weight_update,       # 05 · backpropagation
                   check_backward, tiny_forward, tiny_loss)
from .nb06 import check_schedule, check_cross_entropy_delta                           # 06 · training in practice
from .nb07 import EXERCISE_07_1, exercise_neuron, check_error_factor, check_explosion   # 07 · recurrent networks
from .nb08 import check_storing_cell, check_forget_cue                                # 08 · memory cells and gates
from .nb09 import check_target_gate, check_peephole_effect, gate_openings             # 09 · LSTM
from .nb10 import (EXERCISE_10_1, PATHS, check_eligibility_trace,                    # 10 · LSTM-g
                   check_extended_trace, check_dropped_paths)

__all__ = [
    "Feedback", "hint", "next_hint",
    "check_warmup",
    "EXERCISE_01_1", "check_state_and_activation", "check_nand_weights",
    "EXERCISE_02_2", "check_derivatives", "check_steepest",
    "EXERCISE_03_1", "check_forward_pass", "check_xor_weights",
    "check_numeric_slope", "check_analytic_slope", "check_rates",
    "check_output_delta", "check_hidden_delta", "check_weight_update", "check_backward",
    "tiny_forward", "tiny_loss",
    "check_schedule", "check_cross_entropy_delta",
    "EXERCISE_07_1", "exercise_neuron", "check_error_factor", "check_explosion",
    "check_storing_cell", "check_forget_cue",
    "check_target_gate", "check_peephole_effect", "gate_openings",
    "EXERCISE_10_1", "PATHS", "check_eligibility_trace", "check_extended_trace", "check_dropped_paths",
]
