"""Draw a unit graph (``nnteach.graph``): units, connections, self-loops, and gates as arrows into the
connections they gate — the teaching equivalent of Synaptic's ``toDot``.

The positions and arrows come from :func:`nnteach.graph.drawing.layout` (numbers only); this module
only draws them.  Connection colour gives the weight's sign (blue positive, orange negative, as
:mod:`~nnteach.viz.network_diagram`), width its size; back-connections (reading last step's values) are
bent and dashed; a gate is a purple arrow ending in a dot on the connection it multiplies.

* :func:`draw_graph` draws into an Axes you have and returns the :class:`GraphDrawing` it drew.
* :func:`show_graph` shows a whole network as a static figure.
"""
from __future__ import annotations


from ..graph.drawing import GraphDrawing, layout
from .network_diagram import NEGATIVE, POSITIVE, ZERO

__all__ = ["draw_graph", "show_graph", "GATE", "ROLE_COLOURS"]

GATE = "#7B3294"                       # purple: gate arrows
ROLE_COLOURS = {"input": "#f0f0f0", "hidden": "#ffffff", "output": "#e8f1fa"}


def _colour(w: float) -> str:
    return POSITIVE if w > 0 else NEGATIVE if w < 0 else ZERO


def draw_graph(ax, net_or_drawing, *, names: bool = True, activations: bool = False) -> GraphDrawing:
    """Draw a network (or a :class:`GraphDrawing`) into ``ax``.

    Args:
        ax: a matplotlib Axes.
        net_or_drawing: a :class:`nnteach.graph.Network` or the result of ``graph.drawing.layout``.
        names: write each unit's name beside it.
        activations: write each unit's current activation ``y`` inside it.
    """
    from matplotlib.patches import Arc, Circle, FancyArrowPatch

    d = net_or_drawing if isinstance(net_or_drawing, GraphDrawing) else layout(net_or_drawing)
    radius = 0.14
    scale = max((abs(c["weight"]) for c in d.connections), default=1.0) or 1.0
    for c in d.connections:
        width = 0.6 + 2.4 * abs(c["weight"]) / scale
        if c["kind"] == "self":                   # a loop above the unit, its top at c["middle"]
            x, y = c["start"]
            top = c["middle"][1]
            r = (top - y - radius) / 2
            ax.add_patch(Arc((x, y + radius + r), 2 * r, 2 * r, theta1=-60, theta2=240, lw=width,
                             color=_colour(c["weight"]), zorder=2))
            continue
        arrow = FancyArrowPatch(c["start"], c["end"], connectionstyle=f"arc3,rad={c['bend']}", arrowstyle="-|>",
                                mutation_scale=9, lw=width, color=_colour(c["weight"]), shrinkA=9, shrinkB=9,
                                linestyle="--" if c["kind"] == "back" else "-", alpha=0.8, zorder=1)
        ax.add_patch(arrow)
    for g in d.gates:
        ax.add_patch(FancyArrowPatch(g["start"], g["end"], connectionstyle="arc3,rad=0.2", arrowstyle="-|>",
                                     mutation_scale=8, lw=1.0, color=GATE, shrinkA=9, shrinkB=2, zorder=3))
        ax.plot(*g["end"], "o", color=GATE, ms=3.5, zorder=4)
    for u in d.units:
        ax.add_patch(Circle((u["x"], u["y"]), radius, facecolor=ROLE_COLOURS.get(u["role"], "white"),
                            edgecolor="black", lw=1.0, zorder=5))
        if activations:
            ax.text(u["x"], u["y"], f"{u['activation']:.2f}", ha="center", va="center", fontsize=8.5, zorder=6)
        if names:
            ax.text(u["x"] + radius * 1.1, u["y"] - radius * 1.3, u["name"], fontsize=10, ha="left", va="top", zorder=6)
    for layer in d.layers:
        top = max((u["y"] for u in d.units if u["x"] == layer["x"]), default=0.0)
        ax.text(layer["x"], top + 0.75, layer["name"], ha="center", va="bottom", fontsize=10, weight="bold")
    xmin, xmax, ymin, ymax = d.extent()
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax + 0.4)
    ax.set_aspect("equal")
    ax.axis("off")
    return d


def show_graph(net, *, names: bool = True, activations: bool = False, width: float | None = None,
               dpi: int | None = None, positions: dict | None = None) -> None:
    """Show ``net`` as a static figure (one column per layer, or the units at ``positions``, e.g.
    ``graph.BLOCK_POSITIONS``), with a one-line summary.

    ``dpi``: the resolution it is drawn at (default: the course's, sharp on HiDPI screens); the size
    on screen is ``width`` inches at 100 CSS pixels per inch either way.
    """
    from matplotlib.figure import Figure
    from .explorer import CSS_DPI, PIXEL_RATIO, display_figure
    dpi = dpi or CSS_DPI * PIXEL_RATIO

    d = layout(net, positions)
    xmin, xmax, ymin, ymax = d.extent()
    w = width or min(12.0, 1.6 * (xmax - xmin) + 1.0)
    fig = Figure(figsize=(w, w * (ymax - ymin + 0.4) / (xmax - xmin)), dpi=dpi, layout="constrained")
    draw_graph(fig.add_subplot(), d, names=names, activations=activations)
    display_figure(fig)
    print(repr(d))
