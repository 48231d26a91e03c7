"""Notebook 10's explorers: the trace explorer on math.md §9.2's block, the Reber grammar's automaton with a
network's predictions.  Numbers are checked against math.md's table and the automaton, the figures drawn,
blitted updates against full redraws."""
import numpy as np
import pytest

from nnteach import automaton, graph
from nnteach.datasets import legal_successors, reber_strings
from nnteach.datasets.reber import SYMBOLS, automaton as automaton_arcs
from nnteach.viz import CONNECTIONS, EXAMPLE_STRINGS, STAGES, ReberExplorer, TraceExplorer
from viz_helpers import blit_matches_full


# -- trace explorer -----------------------------------------------------------------------------------
def test_the_teaching_point_is_in_the_default_summary():
    """math.md §9.2: at step 2, x0 = 0, e_ig,x0 = 0, e^cell_ig,x0 = 0.146822, Δw/α = 0.014038."""
    ex = TraceExplorer()
    assert ex.state == {"step": 2, "stage": STAGES[-1], "connection": "x0 → ig"}
    assert ex.text == ("step 2 of 4 (x = (0, 1), target 1), x0 → ig: input 0.0000, e = 0.0000, e^cell = 0.1468, "
                       "Δw/α = 0.0140")


@pytest.mark.parametrize("connection, step, e, extended, update", [
    ("x0 → ig", 1, 1.0, 0.183027, -0.014225),
    ("1 → cell", 2, 1.802184, None, 0.172307),
    ("x1 → fg", 2, 1.0, 0.081965, 0.007837),
    ("cell → out", 2, 0.346072, None, 0.171713),
    ("x0 → cell", 2, 0.517935, None, 0.049520),
])
def test_numbers_are_math_md_table(connection, step, e, extended, update):
    v = TraceExplorer(step=step, connection=connection).result
    assert v.now.e == pytest.approx(e, abs=5e-7)
    assert v.now.update == pytest.approx(update, abs=5e-7)
    if extended is None:
        assert v.now.extended == ()
    else:
        assert v.now.extended[0].value == pytest.approx(extended, abs=5e-7)


def test_the_equation_terms_give_the_traces_and_the_update():
    for connection in CONNECTIONS:
        for t in TraceExplorer(connection=connection).result.terms:
            assert t.e == pytest.approx(t.decay * t.previous + t.gain * t.input, abs=1e-12)                 # (10.4)
            for x in t.extended:
                assert x.value == pytest.approx(x.decay * x.previous + x.df * x.e * x.influence, abs=1e-12)  # (10.6)
            assert t.update == pytest.approx(t.delta_projected * t.e + sum(x.delta * x.value for x in t.extended),
                                             abs=1e-12)                                                     # (10.10)


def test_quiet_steps_fade_the_extended_trace_by_the_forget_gate():
    terms = TraceExplorer().result.terms
    fg = 1 / (1 + np.exp(-1.0))               # x = (0, 0): the forget gate is σ(bias 1)
    assert terms[3].extended[0].value == pytest.approx(terms[2].extended[0].value * fg, rel=1e-12)
    assert terms[2].extended[0].value == pytest.approx(terms[1].extended[0].value * fg, rel=1e-12)


def test_stages_reveal_the_numbers_one_after_the_other():
    ex = TraceExplorer(stage=STAGES[0])
    ex.png()
    assert "δP" not in ex._unit_texts["ig"].get_text() and "(10.4)" not in _equations(ex)
    ex.set(stage=STAGES[1])
    assert "(10.4)" in _equations(ex) and "(10.6)" in _equations(ex) and "(10.10)" not in _equations(ex)
    ex.set(stage=STAGES[2])
    assert "δP" in ex._unit_texts["ig"].get_text() and "δ = t − y" in ex._unit_texts["out"].get_text()
    ex.set(stage=STAGES[3])
    text = _equations(ex)
    assert "(10.10)  Δw/α = δP e + δ_cell e^cell = 0.0000 · 0.0000 + 0.0956 · 0.1468 = 0.0140" in text
    assert "remembers an earlier write" in text


def _equations(ex):
    return "\n".join(t.get_text() for t in ex._equation_texts)


def test_negative_factors_are_bracketed_in_the_equations():
    ex = TraceExplorer(step=2, connection="x0 → ig")
    ex.png()
    assert "· (−0.6000) = 0.1468" in _equations(ex)


def test_controls_and_bad_arguments():
    ex = TraceExplorer()
    step = ex.controls[0]
    assert (step.name, step.min, step.max, step.kind) == ("step", 1, 4, "int")
    assert set(CONNECTIONS) == {name for name in ex.result.records[0].connections}
    with pytest.raises(ValueError, match="step"):
        TraceExplorer(step=5)
    with pytest.raises(ValueError, match="connection"):
        TraceExplorer(connection="x0 → out")


def test_trace_explorer_blit_matches_a_full_redraw():
    assert blit_matches_full(TraceExplorer(), step=1)
    assert blit_matches_full(TraceExplorer(), connection="1 → cell", stage=STAGES[1])


def test_trace_explorer_widget_moves_with_the_slider():
    ex = TraceExplorer()
    ex.widget()
    sliders, image, label = ex._ui
    before = image.value
    sliders["step"].value = 1
    assert "step 1 of 4" in label.value and image.value != before


# -- the automaton and the Reber explorer --------------------------------------------------------------
def test_the_layout_draws_every_arc_of_the_embedded_automaton():
    arcs, start = automaton_arcs(embedded=True)
    layout = automaton.automaton_layout()
    assert {(a["from"], a["to"], a["letter"]) for a in layout.arcs} == {
        (s, t, c) for s, out in arcs.items() for c, t in out.items()}
    assert set(layout.states) == set(arcs) | {None}
    positions = list(layout.states.values())
    assert len(set(positions)) == len(positions), "no two states on the same spot"
    assert all(a["loop"] == (a["from"] == a["to"]) for a in layout.arcs)


class Oracle:
    """A 'network' that outputs 1 for the legal successors and 0 for the others (it knows the automaton)."""

    def forward(self, x):
        letters = "".join(SYMBOLS[int(np.argmax(row))] for row in x)
        string = letters + self.last
        from nnteach.datasets.reber import multi_hot
        return multi_hot(legal_successors(string, embedded=True))


def test_predictions_along_a_string_follow_the_automaton():
    string = "BPBTSSXXTVVEPE"
    oracle = Oracle()
    oracle.last = string[-1]
    ps = automaton.predictions_along(oracle, string)
    assert len(ps) == len(string) - 1
    assert all(p.ok for p in ps)
    assert ps[3].read == "BPBT" and ps[3].legal == "SX" and ps[3].next == "S"
    assert automaton.state_name(ps[3].state) == "P2"
    assert ps[-2].legal == "P" and automaton.state_name(ps[-2].state) == "close P"
    assert [w[2] for w in ps[3].walked] == list("BPBT")
    assert ps[3].output("S") == 1.0 and ps[3].output("T") == 0.0


def test_a_wrong_prediction_is_not_ok():
    class Flat:
        def forward(self, x):
            return np.full(x.shape, 0.5)
    assert not any(p.ok for p in automaton.predictions_along(Flat(), "BTBTXSETE"))


def test_example_strings_are_legal_and_cover_both_branches():
    from nnteach.datasets import accepts
    assert all(accepts(s, embedded=True) for s in EXAMPLE_STRINGS)
    assert {s[1] for s in EXAMPLE_STRINGS} == {"T", "P"}


@pytest.fixture(scope="module")
def trained_like():
    """An untrained layer: the explorer only needs forward()."""
    return graph.VectorisedLSTM(7, 4, 7, seed=0, fast=False)


def test_reber_explorer_summary_and_clamping(trained_like):
    ex = ReberExplorer(trained_like, step=4, string="BPBTSSXXTVVEPE")
    assert ex.text.startswith("BPBTSSXXTVVEPE, step 4 of 13: after BPBT the legal next symbols are S or X")
    ex.set(string="BTBTXSETE", step=18)               # beyond this string's 8 steps: its last step
    assert ex.result.step == 8 and "after BTBTXSET the legal next symbols are E" in ex.text


def test_reber_explorer_draws_outputs_and_marks(trained_like):
    ex = ReberExplorer(trained_like, step=4, string="BPBTSSXXTVVEPE")
    ex.png()
    heights = [bar.get_height() for bar in ex._bars]
    assert heights == pytest.approx(list(trained_like.forward(
        np.eye(7)[[SYMBOLS.index(c) for c in "BPBTSSXXTVVEP"]])[3]))
    assert [m.get_text() for m in ex._marks] == ["", "", "", "✓", "✓", "", ""]
    shown = [t.get_text() for t in ex._arc_texts if t.get_visible()]
    assert sorted(s.split(":")[0] for s in shown) == ["S", "X"]
    assert tuple(ex._here.center) == automaton.automaton_layout().states[("P", 2)]


def test_reber_explorer_blit_matches_a_full_redraw(trained_like):
    assert blit_matches_full(ReberExplorer(trained_like), step=9, string="BPBTSSXXTVVEPE")


def test_reber_explorer_bad_arguments(trained_like):
    with pytest.raises(ValueError, match="strings"):
        ReberExplorer(trained_like, strings=[])
    with pytest.raises(ValueError, match="string"):
        ReberExplorer(trained_like, string="BTBPVVETE")           # not one of the choices
    with pytest.raises(ValueError, match="not a string of the embedded"):
        ReberExplorer(trained_like, strings=["BTBTXSETE", "BTBTXSEPE"])
    ex = ReberExplorer(trained_like, strings=reber_strings(3, embedded=True, seed=4))
    assert ex.controls[1].options == tuple(reber_strings(3, embedded=True, seed=4))


def _smallest_text(fig) -> float:
    """The smallest font size (points) of any visible, non-empty text of ``fig``: titles, labels, ticks, legends."""
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_visible() and t.get_text().strip()]
    return min(t.get_fontsize() for t in texts)


def test_every_text_of_the_trace_explorer_is_at_least_nine_points():
    """At 100 CSS px per inch a 9-point text is about 12.5 px tall; 7 points was too small to read."""
    ex = TraceExplorer(step=2, connection="x0 → ig")
    assert _smallest_text(ex.figure()) >= 9.0


def test_every_text_of_the_reber_explorer_is_at_least_nine_points(trained_like):
    ex = ReberExplorer(trained_like, step=4, string="BPBTSSXXTVVEPE")
    assert _smallest_text(ex.figure()) >= 9.0


def test_a_loops_prediction_box_sits_left_of_the_loop_and_clear_of_its_letter():
    from nnteach.viz.reber_explorer import _prediction_position
    loop = {"start": (1.0, 0.0), "end": (1.0, 0.0), "label": (1.0, 0.62), "loop": True}
    x, y, ha = _prediction_position(loop)
    assert ha == "right" and x < 1.0 - 0.2 and y == 0.62, "the box ends left of the loop, at its letter's height"


def test_reber_explorer_step_slider_stays_within_the_string(trained_like):
    # the slider ran to the longest string's 18 steps whatever the string: at 18 the figure of an
    # 11-step string said "step 11 of 11"; now the slider goes back to the string's last step
    explorer = ReberExplorer(trained_like)
    explorer.widget()
    sliders = explorer._ui[0]
    step, string = sliders["step"], sliders["string"]
    longest = max(EXAMPLE_STRINGS, key=len)
    assert step.max == len(longest) - 1                       # one range for every string
    step.value = step.max
    assert step.value == explorer.result.step == len(EXAMPLE_STRINGS[0]) - 1
    string.value = longest
    step.value = step.max
    assert step.value == explorer.result.step == len(longest) - 1
    shortest = min(EXAMPLE_STRINGS, key=len)
    string.value = shortest
    assert step.value == explorer.result.step == explorer.state["step"] == len(shortest) - 1
