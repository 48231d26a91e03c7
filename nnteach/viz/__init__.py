"""Explorers and figures: the drawing layer of nnteach.

Only this package imports matplotlib and ipywidgets, and only when a figure or a widget is
made, so ``import nnteach`` stays fast and works without a display.  Every explorer is a
subclass of :class:`~nnteach.viz.explorer.Explorer`: the numbers it shows are computed by
numpy-only modules below it (:mod:`nnteach.descent`, :mod:`nnteach.datasets.worked_example`,
:mod:`nnteach.recording`, :mod:`nnteach.session`,
:mod:`nnteach.unrolled`, :mod:`nnteach.fading`, :mod:`nnteach.automaton`, the models), ``draw`` renders them, ``widget()`` wraps them in controls.

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
from .training_plots import show_learning_curves, show_cost_comparison          # notebook 06
from .training_dashboard import TrainingDashboard, DashboardResult, BATCH_SIZES  # notebook 06
from .unrolled_diagram import draw_unrolled, show_unrolled, BPTTStepper, BPTTView  # notebook 07
from .fading_explorer import FadingGradientExplorer, FadingView                  # notebook 07
from .sequence_plots import show_series, show_memory_reach                       # notebook 07
from .gate_explorer import GateExplorer                                       # notebook 08
from .gate_heatmap import GateHeatmap, HeatmapResult                          # notebook 09
from .score_curves import error_and_score_figure, show_error_and_score_curves     # notebook 09
from .graph_diagram import draw_graph, show_graph                                # notebook 10
from .trace_explorer import TraceExplorer, TraceView, STAGES, CONNECTIONS         # notebook 10
from .reber_explorer import ReberExplorer, ReberView, EXAMPLE_STRINGS              # notebook 10

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
    "show_learning_curves", "show_cost_comparison",
    "TrainingDashboard", "DashboardResult", "BATCH_SIZES",
    "draw_unrolled", "show_unrolled", "BPTTStepper", "BPTTView",
    "FadingGradientExplorer", "FadingView",
    "show_series", "show_memory_reach",
    "GateExplorer",
    "GateHeatmap", "HeatmapResult", "error_and_score_figure", "show_error_and_score_curves",
    "draw_graph", "show_graph",
    "TraceExplorer", "TraceView", "STAGES", "CONNECTIONS",
    "ReberExplorer", "ReberView", "EXAMPLE_STRINGS",
]
