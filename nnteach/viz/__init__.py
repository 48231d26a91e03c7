"""Explorers and figures: the drawing layer of nnteach.

Only this package imports matplotlib and ipywidgets, and only when a figure or a widget is
made, so ``import nnteach`` stays fast and works without a display.  Every explorer is a
subclass of :class:`~nnteach.viz.explorer.Explorer`: the numbers it shows are computed by
numpy-only modules below it (:mod:`nnteach.descent`, :mod:`nnteach.datasets.worked_example`,
:mod:`nnteach.recording`, the models), ``draw`` renders them, ``widget()`` wraps them in controls.

Table of contents (one module per explorer):
"""
from .explorer import (Control, Explorer, display_figure, new_figure,        # the base of every explorer,
                       CSS_DPI, PIXEL_RATIO)                                  # and the size of figures on screen
from .hello import HelloExplorer                                              # notebook 00
from .neuron_explorer import NeuronExplorer, NeuronResult, OUTPUT_CMAP, RIGHT, WRONG   # notebook 01
from .activation_explorer import (ActivationExplorer, ActivationResult,       # notebook 02
                                  show_activation_functions)
from .network_diagram import NetworkDiagram, draw_network, show_network, network_weights   # notebooks 01, 03, 05
from .xor_explorer import XorExplorer, XorResult, XOR_SOLUTION                # notebook 03
from .error_surface import (CurveResult, ErrorCurveExplorer,                  # notebook 04
                            SurfaceResult, ErrorSurfaceExplorer, draw_contours)
from .descent_player import DescentPlayer, PlayerResult                       # notebook 04
from .backprop_stepper import BackpropStepper, StepperResult, STEP_NAMES      # notebook 05
from .training_replay import TrainingReplay, ReplayResult, MARGIN             # notebook 05
from .graph_diagram import draw_graph, show_graph                                # notebook 10

__all__ = [
    "Control", "Explorer", "display_figure", "new_figure", "CSS_DPI", "PIXEL_RATIO",
    "HelloExplorer",
    "NeuronExplorer", "NeuronResult", "OUTPUT_CMAP", "RIGHT", "WRONG",
    "ActivationExplorer", "ActivationResult", "show_activation_functions",
    "NetworkDiagram", "draw_network", "show_network", "network_weights",
    "XorExplorer", "XorResult", "XOR_SOLUTION",
    "CurveResult", "ErrorCurveExplorer", "SurfaceResult", "ErrorSurfaceExplorer", "draw_contours",
    "DescentPlayer", "PlayerResult",
    "BackpropStepper", "StepperResult", "STEP_NAMES",
    "TrainingReplay", "ReplayResult", "MARGIN",
    "draw_graph", "show_graph",
]
