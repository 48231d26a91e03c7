"""Explorers and figures: the drawing layer of nnteach (design.md §5).

Only this package imports matplotlib and ipywidgets, and only when a figure or a widget is
made, so ``import nnteach`` stays fast and works without a display.  Every explorer is a
subclass of :class:`~nnteach.viz.explorer.Explorer`: the numbers it shows are computed by
numpy-only code, ``draw`` renders them, ``widget()`` wraps them in controls.

Table of contents (one module per explorer):
"""
from .explorer import Control, Explorer, display_figure                        # the base of every explorer
from .hello import HelloExplorer                                              # notebook 00
from .neuron_explorer import (NeuronExplorer, NeuronResult, neuron_outputs,   # notebook 01
                              gate_of, OUTPUT_CMAP, RIGHT, WRONG)
from .activation_explorer import (ActivationExplorer, ActivationResult,       # notebook 02
                                  SATURATION_FRACTION, saturation_edge, show_activation_functions)
from .network_diagram import NetworkDiagram, draw_network, show_network, network_weights   # notebooks 01, 03, 05
from .xor_explorer import XorExplorer, XorResult, xor_forward, XOR_SOLUTION   # notebook 03
from .error_surface import (LinearNeuronSurface, NetworkSurface, SURFACES,    # notebook 04
                            get_surface, error_curve, CurveResult, ErrorCurveExplorer,
                            SurfaceResult, ErrorSurfaceExplorer)
from .descent_player import DescentPath, descent_path, DescentPlayer, MAX_STEPS, DIVERGE_FACTOR   # notebook 04
from .backprop_stepper import (worked_example, WORKED_WEIGHTS, BackpropResult,   # notebook 05
                               backprop_steps, BackpropStepper, STEP_NAMES)
from .training_replay import Recording, record_training, TrainingReplay, MARGIN  # notebook 05
from .graph_diagram import draw_graph, show_graph                                # notebook 10

__all__ = [
    "Control", "Explorer", "display_figure",
    "HelloExplorer",
    "NeuronExplorer", "NeuronResult", "neuron_outputs", "gate_of", "OUTPUT_CMAP", "RIGHT", "WRONG",
    "ActivationExplorer", "ActivationResult", "SATURATION_FRACTION", "saturation_edge",
    "show_activation_functions",
    "NetworkDiagram", "draw_network", "show_network", "network_weights",
    "XorExplorer", "XorResult", "xor_forward", "XOR_SOLUTION",
    "LinearNeuronSurface", "NetworkSurface", "SURFACES", "get_surface", "error_curve", "CurveResult",
    "ErrorCurveExplorer", "SurfaceResult", "ErrorSurfaceExplorer",
    "DescentPath", "descent_path", "DescentPlayer", "MAX_STEPS", "DIVERGE_FACTOR",
    "worked_example", "WORKED_WEIGHTS", "BackpropResult", "backprop_steps", "BackpropStepper", "STEP_NAMES",
    "Recording", "record_training", "TrainingReplay", "MARGIN",
    "draw_graph", "show_graph",
]
