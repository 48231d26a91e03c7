# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 10 · LSTM-g: networks neuron by neuron, and learning without looking back
#
# Notebook 09 trained an LSTM by backpropagation through time (BPTT): run the whole sequence, keep every
# step's numbers, then send the errors backwards through time. Synaptic, the JavaScript library behind the
# *Neural Networks 101* text, does something else. It builds networks **neuron by neuron**, any wiring, with
# connections that other neurons can **gate**, and it trains them **online** with LSTM-g (Monner & Reggia
# 2012): every connection carries a few numbers forward in time, its *traces*, so that the weights can change
# at every step, without keeping the past. This notebook takes that algorithm apart, number by number.
#
# **You will learn**
# 1. to build a memory block unit by unit with gated connections (`graph.Unit`, `project`, `gate`) and to read
#    every number in it;
# 2. what eligibility traces and extended traces are, and to compute one by hand;
# 3. to train an LSTM-g network online on the embedded Reber grammar, and to read its predictions on the
#    grammar's own graph;
# 4. to compare LSTM-g with BPTT: which paths it keeps and which it drops, what each learns, what each must
#    remember;
# 5. where Synaptic's implementation departs from the paper, and by how much.
#
# **Before you start:** [05 · Backpropagation](05_backpropagation.ipynb) (deltas $\delta = -\partial E/\partial s$,
# $\Delta w = \varepsilon\,\delta\,y$, cross-entropy's $\delta = t - y$);
# [07 · Recurrent networks](07_recurrent_networks.ipynb) (self-connections, BPTT);
# [08 · Memory cells and gates](08_memory_cells_and_gates.ipynb) (the constant error carousel, gating a connection);
# [09 · LSTM](09_lstm.ipynb) (input, forget and output gates, peepholes).

# %%
# %matplotlib inline
import numpy as np
from nnteach import graph
from nnteach.datasets import reber_data
from nnteach.scoring import reber_score
from nnteach.viz import TraceExplorer, ReberExplorer, show_graph
from nnteach.checks import EXERCISE_10_1, PATHS, check_eligibility_trace, check_extended_trace, \
    check_dropped_paths, hint

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. A memory block, unit by unit
#
# In `nnteach.graph` a network is made of **units** (neurons) and **connections**, as in Synaptic. A unit is
# activated once per time step, in a fixed order. Its state adds up its inputs, each multiplied by the
# connection's weight and by the connection's **gain**; a self-connection adds the unit's own previous state:
#
# $$s_j(t) = g_{jj}\,w_{jj}\,s_j(t-1) + \sum_i g_{ji}\,w_{ji}\,y_i, \tag{10.1}$$
#
# $$y_j(t) = f_j\bigl(s_j(t)\bigr), \tag{10.2}$$
#
# $$g_{ji} = \begin{cases} y_{\text{gater}} & \text{if unit "gater" gates the connection } i \to j,\\
# 1 & \text{otherwise.}\end{cases} \tag{10.3}$$
#
# A **gate** is just a unit whose activation multiplies a connection: that makes the network *second order*
# (a product of two activations). The bias is a connection from a unit that is always 1. The $y_i$ a unit
# reads is the sender's latest activation: this step's if the sender was activated earlier in the order, last
# step's otherwise. The paper's equations (15)–(24) are methods of `graph.Unit`; read them with
# `graph.Unit.compute_state??` and so on.
#
# Here is the memory block of math.md §9.2, built unit by unit: two inputs, an input gate `ig`, a forget gate
# `fg`, a memory cell, an output gate `og` and one output, all logistic. `a.project(b, w)` makes the connection
# $a \to b$; `g.gate(c)` makes `g` the gater of connection `c`.

# %%
x0, x1 = graph.Unit(name="x0"), graph.Unit(name="x1")      # input units (clamped to the inputs)
ig = graph.Unit(bias=0.1, name="ig")                        # input gate
fg = graph.Unit(bias=1.0, name="fg")                        # forget gate
cell = graph.Unit(bias=0.0, name="cell")                    # the memory cell
og = graph.Unit(bias=-0.1, name="og")                       # output gate
out = graph.Unit(bias=-0.4, name="out")                     # the output unit
for gate, (w0, w1) in ((ig, (0.5, -0.3)), (fg, (-0.2, 0.4)), (og, (0.3, 0.7))):
    x0.project(gate, w0)                                    # every gate reads both inputs
    x1.project(gate, w1)
ig.gate(x0.project(cell, 0.8))      # the input gate scales what enters the cell ...
ig.gate(x1.project(cell, -0.6))
fg.gate(cell.project(cell))         # ... the forget gate scales the cell's self-connection (weight 1) ...
og.gate(cell.project(out, 1.2))     # ... and the output gate scales what leaves it
net = graph.Network(input=[x0, x1], hidden=[ig, fg, cell, og], output=out)
print(net.summary())
show_graph(net, positions=graph.BLOCK_POSITIONS, width=5.5)

# %% [markdown]
# Blue lines are positive weights, orange ones negative, and the thicker a line, the larger its weight. The
# purple arrows are gates: each ends on the connection it multiplies. A unit prints its state $s$, its
# activation $y$, its bias and its responsibilities $\delta$ (section 3); `describe()` adds every connection
# into it, with its weight, its gater and its traces (section 2). All zero for now:

# %%
print(cell.describe())

# %% [markdown]
# One step forward: the input $x = (1, 0)$. `net.activate` clamps the inputs and activates `ig`, `fg`, `cell`,
# `og`, `out` in this order, with (10.1)–(10.3). The input gate opens to 0.65, so 0.65 of
# $w_{\text{cell},x_0}\,x_0 = 0.8$ enters the cell:

# %%
y = net.activate([1.0, 0.0])
for u in (ig, fg, cell, og, out):
    print(f"{u.name:>4}: s = {u.state:7.4f}, y = {u.activation:.4f}")
print(f"cell: s = fg·1·s(0) + ig·0.8·x0 + 0 = {fg.activation:.4f}·0 + {ig.activation:.4f}·0.8 = {cell.state:.4f}")

# %% [markdown]
# ## 2. Credit without looking back: eligibility traces
#
# To learn, the network needs to know how each weight moved the error. BPTT finds out by going back over the
# stored sequence. LSTM-g keeps, *while it runs*, for each connection $i \to j$ a number that says how much
# the weight $w_{ji}$ has moved the state $s_j$ so far, its **eligibility trace**:
#
# $$e_{ji}(t) = g_{jj}(t)\,w_{jj}\,e_{ji}(t-1) + g_{ji}(t)\,y_i. \tag{10.4}$$
#
# It is (10.1) differentiated with respect to $w_{ji}$, with one simplification: only the path back in time
# along $j$'s *own* self-connection is followed. The old trace fades exactly as the old state does (by the
# self-connection's gain), and the new input adds what it just contributed, through its gain. For a unit
# without a self-connection, $e_{ji} = g_{ji}\,y_i$: the input, as it arrived.
#
# The cell's bias shows the idea: at step 1 its trace is 1; at step 2 it is $\text{fg}(2)\cdot 1 + 1$, because
# the bias's first contribution is still in the cell, faded by the forget gate. A constant error carousel for
# credit.
#
# ## 3. Gates: extended traces, and who is responsible
#
# A gate's weights act on the error in a roundabout way: $w_{\text{ig},x_0}$ moves `ig`, `ig` scales what enters
# the cell, and the cell *keeps* it. So the input gate's connections need to know how much they moved the
# *cell's* state, and this must also be carried forward along the cell's self-connection. That is the
# **extended trace**, one for each unit $k$ that $j$ gates:
#
# $$B_{kj}(t) = [\,j \text{ gates } k\text{'s self-connection}\,]\; w_{kk}\,s_k(t-1)
#   \;+\!\!\!\sum_{a:\ j \text{ gates } a \to k}\!\!\! w_{ka}\,y_a, \tag{10.5}$$
#
# $$e^{k}_{ji}(t) = g_{kk}(t)\,w_{kk}\,e^{k}_{ji}(t-1) + f'_j\bigl(s_j(t)\bigr)\,e_{ji}(t)\,B_{kj}(t). \tag{10.6}$$
#
# $B_{kj}$ is how much $s_k$ moves per unit of $j$'s activation (through the gains $j$ controls), $f'_j\,e_{ji}$
# how much $j$'s activation moved per unit of the weight. For the input gate, $B_{\text{cell},\text{ig}} =
# 0.8\,x_0 + (-0.6)\,x_1$; for the forget gate, $B_{\text{cell},\text{fg}} = 1 \cdot s_\text{cell}(t-1)$.
#
# When a target arrives, each unit gets a **responsibility** $\delta_j$, in reverse order: the output from the
# error (cross-entropy, as in notebook 05), the others from the units downstream of them, by the connections
# they *project* ($\delta^P$) and by the gains they *gate* ($\delta^G$):
#
# $$\delta_k = t_k - y_k \quad\text{(output units)}, \tag{10.7}$$
#
# $$\delta^P_j = f'_j \sum_{k \in P_j} \delta_k\, g_{kj}\, w_{kj}, \tag{10.8}$$
#
# $$\delta^G_j = f'_j \sum_{k \in G_j} \delta_k\, B_{kj}, \qquad \delta_j = \delta^P_j + \delta^G_j, \tag{10.9}$$
#
# where $P_j$ are the units activated after $j$ that it projects to and $G_j$ those into which it gates a
# connection. And every weight moves by
#
# $$\Delta w_{ji} = \alpha\,\delta^P_j\, e_{ji} + \alpha \sum_{k \in G_j} \delta_k\, e^{k}_{ji}. \tag{10.10}$$
#
# Note what (10.10) does *not* say: it is not $\delta_j\, e_{ji}$. The gating part of the credit goes through the
# extended traces, because a gate's effect on the cell piles up over time.
#
# `net.propagate(rate, target)` computes all of this (`rate` 0: nothing changes, everything can be read).
# Step 1 had target 0; step 2 has input $x = (0, 1)$ and target 1.
#
# **Predict.** At step 2, $x_0 = 0$: the connection $x_0 \to \text{ig}$ carries nothing, so its eligibility trace
# is $e = g\,y_{x_0} = 0$. Will the weight $w_{\text{ig},x_0}$ get an update at step 2? Write down your guess, then
# run the cell.

# %%
net.propagate(0.0, [0.0])                 # step 1: target 0 (rate 0: compute, change nothing)
net.activate([0.0, 1.0])                  # step 2
net.propagate(0.0, [1.0])
c = ig.connection_from(x0)
print(f"x0 = {x0.activation:g} at step 2: e = {c.eligibility:.4f}, e^cell = {c.extended[cell]:.6f}, "
      f"Δw/α = {c.update:.6f}")
print(f"δ_cell = {cell.delta:.6f}, and δ_cell · e^cell = {cell.delta * c.extended[cell]:.6f}")
print(f"the cell's bias: e = {cell.bias_connection.eligibility:.6f} = fg(2) + 1 = {fg.activation:.6f} + 1")

# %% [markdown]
# Yes: $\Delta w/\alpha = \delta_\text{cell}\, e^{\text{cell}}_{\text{ig},x_0} = 0.0140$. At step 1, with $x_0 = 1$,
# the input gate let $x_0$'s signal into the cell; the cell still holds it at step 2, and its error now says
# whether that was a good idea. The extended trace carried the write forward in time, faded by the forget
# gate (0.1830 at step 1, $0.8022 \cdot 0.1830 = 0.1468$ now). These are math.md §9.2's numbers, and the
# package's tests check them against central differences: with the weights frozen, the updates of the two
# steps are exactly $-\partial E(t)/\partial w$ here.
#
# ## Explore: the traces, step by step
#
# The trace explorer runs this block over §9.2's two steps and then two quiet steps ($x = (0, 0)$, target 0).
# Choose a connection and a time step; "show" reveals the numbers stage by stage: states and activations,
# traces, responsibilities, updates. The plot on the right follows the chosen connection over the four steps.
# Watch `x0 → ig`: its input and eligibility trace drop to 0 after step 1, its extended trace does not; in the
# quiet steps it fades by $\text{fg} = 0.73$ per step. Then look at `1 → cell` (the cell's bias), whose trace
# piles up like the cell's state, and at `1 → fg` (the forget gate's bias): its input is 1 at every step, yet
# its extended trace is 0 at step 1, because the cell held nothing yet that the forget gate could keep.

# %%
TraceExplorer(step=2, connection="x0 → ig").show()

# %% tags=["nbval-ignore-output"]
TraceExplorer().widget()

# %% [markdown]
# ## 4. Learning the embedded Reber grammar
#
# The embedded Reber grammar (math.md §7.3) makes strings such as `BTBTXSETE` or `BPBPVVEPE`: a `B`, then `T` or
# `P`, then a string of the small Reber grammar (a few letters, possibly with loops), then **the same** `T` or
# `P` again, then `E`. The network reads one letter per step and must predict which letters may come next.
# Most of it is local (the Reber graph), but the second-to-last letter can only be predicted by remembering
# the second one, across the whole inner string.
#
# `graph.VectorisedLSTM(7, 16, 7)` is Synaptic's `Architect.LSTM(7, 16, 7)`: 7 inputs (one per letter),
# 16 memory blocks like the one above (with peepholes from every cell to every gate), 7 outputs; trained by
# LSTM-g with the paper's exact equations, written with matrices instead of loops over units (math.md §6.6;
# the package's tests prove it equal to the unit graph to $10^{-12}$; read it in `graph.lstm_g_forward??`).
# It is trained online: one update after every letter, a fresh state for every string.
#
# Its targets are the *legal successors*: at each step, 1 for every letter that may come next, 0 for the
# others (the protocol of Hochreiter & Schmidhuber 1997). A string counts as right when, at every step, the
# legal letters' outputs are above all others (`nnteach.scoring.reber_score`). We train in rounds of 1000 new
# strings and stop when all 500 validation strings are right.
#
# **Predict.** Which part will the network learn first: the local grammar or the long-range letter? What will
# the score be while it knows only the local part? (Score = the fraction of strings with *every* step right.)

# %% tags=["nbval-ignore-output"]
rounds = [reber_data(1000, targets="legal", seed=10 + k) for k in range(6)]   # fresh strings for each round
valid = reber_data(500, targets="legal", seed=1)
held_out = reber_data(1000, targets="legal", seed=2)                           # never trained on, never used to stop
layer = graph.VectorisedLSTM(7, 16, 7, seed=0, fast=False)
start = layer.copy()                                                            # the same initial weights, for BPTT
print(layer)
for k, data in enumerate(rounds, start=1):
    graph.train_online(layer, data.pairs, rate=0.1)                             # clear(), then activate/propagate
    score = reber_score(layer, valid)
    print(f"{1000 * k:5d} strings: validation {score.score:.3f}, steps right {score.step_accuracy:.3f}, "
          f"second-to-last letter right {score.parts['penultimate']:.3f}")
    if score.score == 1.0:
        break
lstm_g_strings = 1000 * k
print(f"held-out strings, learning off: {reber_score(layer, held_out)}")

# %% [markdown]
# The local grammar comes first: after 1000 strings nearly every step is right, but the second-to-last letter
# only half of the time, a coin toss between `T` and `P`. Then the network learns to carry the second letter
# to the end of the string, and the score jumps.
# (Your numbers may differ a little from the ones printed here. Training this network is chaotic: a change
# in the 16th digit grows until the run takes another course, and the last digits of numpy's matrix products
# depend on the processor. The tests of this notebook therefore do not compare the outputs of this section's
# training cells.) (Each cell of this network is Synaptic's: the cell's activation is logistic and
# the input is not squashed, math.md §5.4.)
#
# Trained on and on at this rate, an online learner can lose the solution again, so we stop as soon as it is
# found, as Hochreiter & Schmidhuber did. Other seeds need more strings: `bench/lstm_g_reber.py --targets legal`
# (in the course's repository, like every `bench/` script named here) runs five seeds, which solved the task after 3000–5000 strings with the compiled kernels (numba), and with
# this notebook's numpy form (`--numpy`) after 4000–7000, one of them only after 30 000.
#
# ### The predictions, drawn on the grammar
#
# Below: the automaton of the embedded grammar (the `T` branch on top, the `P` branch below, the same Reber
# graph inside each), the arcs read so far in black, the state reached in purple, and on each arc leaving it the
# network's output for that letter; on the right, all seven outputs. First inside the Reber graph, where two
# letters may follow and the network says so; then at the long-range step:

# %% tags=["nbval-ignore-output"]
ReberExplorer(layer, step=4, string="BPBTSSXXTVVEPE").show()

# %% tags=["nbval-ignore-output"]
ReberExplorer(layer, step=12, string="BPBTSSXXTVVEPE").show()

# %% [markdown]
# At step 12 the network has read `BPBTSSXXTVVE`: only `P` may come next, because the string started with
# `BP`, ten letters ago. Its output for `P` is above 0.9, its output for `T` close to 0.
#
# **Explore.** Step along the strings: where is the network least sure? (Try the loops, `SS…` and `TT…`.)

# %% tags=["nbval-ignore-output"]
ReberExplorer(layer).widget()

# %% [markdown]
# ## 5. LSTM-g and BPTT
#
# ### Which paths LSTM-g keeps, and which it drops
#
# A weight moves a later error along many paths through the unrolled network. BPTT follows all of them.
# LSTM-g follows a path back in time only along a unit's **self-connection** (10.4), (10.6), and within a
# step only from units activated earlier to units activated later (math.md §6.4). Everything else it treats
# as a constant. So it is exact when all recurrence runs through self-connections, and an approximation
# otherwise.
#
# `graph.bptt` computes, for the same network, the exact gradient of a string's loss by BPTT, and beside it
# LSTM-g's updates summed over the string with the weights frozen. Two networks: one without peepholes (the
# gates read only the inputs), and the trained one (with peepholes from every cell into every gate):

# %% tags=["nbval-ignore-output"]
x, t = held_out.pairs[0]
no_peepholes = graph.VectorisedLSTM(7, 16, 7, peepholes=None, seed=0, fast=False)
print(f"string {held_out.strings[0]}, no peepholes:")
print(graph.bptt.compare_with_bptt(no_peepholes, x, t).table().splitlines()[-1])
print("\nthe trained network, peepholes from every cell into every gate:")
print(graph.bptt.compare_with_bptt(layer, x, t))

# %% [markdown]
# Without peepholes, LSTM-g's updates *are* BPTT's gradient (to rounding): online, with a few numbers per
# connection instead of the whole sequence. With peepholes, the weights of the output gates and the outputs
# are still exact, and those of the input gates, forget gates and cells are a little off. Exercise 10.2 asks
# you to find the paths responsible.
#
# ### What each learns
#
# The same network, from the same initial weights, on the same rounds of strings, trained by BPTT: for each
# string, the exact gradient, then one update (with LSTM-g the weights move after every letter).

# %% tags=["nbval-ignore-output"]
bptt_layer = start.copy()
for k, data in enumerate(rounds, start=1):
    graph.bptt.train_bptt(bptt_layer, data.pairs, rate=0.1)
    score = reber_score(bptt_layer, valid)
    print(f"{1000 * k:5d} strings: validation {score.score:.3f}, second-to-last letter {score.parts['penultimate']:.3f}")
    if score.score == 1.0:
        break
print(f"BPTT   after {1000 * k} strings, held out: {reber_score(bptt_layer, held_out)}")
print(f"LSTM-g after {lstm_g_strings} strings, held out: {reber_score(layer, held_out)}")

# %% [markdown]
# Here BPTT's run went badly: its validation score jumps up and down, a sign that its steps are large (one
# update per string is the sum of about eleven steps' gradients). But one seed is one run, and single runs
# vary a lot on this task. Over five seeds (`bench/lstm_g_reber.py
# --targets legal`, then the same with `--bptt`: 500 validation strings checked every 1000 strings, the
# compiled kernels), LSTM-g solved the task on all five after 3000–5000 strings, BPTT on all five after
# 4000–11 000. And these runs are chaotic: a difference in the 16th digit (the order in which a sum is added
# up, or the processor's matrix-product code) changes how many strings a seed needs, and earlier versions of
# the same code gave BPTT 4 of 5 seeds within 20 000 strings. So on this task neither method is clearly
# better per string. The differences are elsewhere: BPTT follows more
# paths (it is exact with peepholes too) and updates once per string; LSTM-g updates after every letter and
# never looks back. (BPTT's rate matters: at 0.3 it solved none of four seeds in 20 000 strings; at 0.03 it
# solved all five, more slowly, after 5000–16 000.)
#
# ### What each must remember
#
# BPTT needs every step's values until the string is over; LSTM-g needs its traces, the same number at any
# length. Real-time recurrent learning (RTRL, Williams & Zipser 1989), the exact online method, would keep
# $\partial s_k/\partial w$ for *every* unit $k$ and *every* weight $w$. Counted from the arrays each method keeps,
# for this network:

# %%
print(f"{'steps':>6} {'BPTT':>9} {'LSTM-g':>9} {'full RTRL':>10}   (numbers kept to learn from one sequence)")
for steps in (5, 11, 50, 1000):
    m = graph.bptt.memory_per_sequence(layer, steps)
    print(f"{steps:>6} {m.bptt:>9,} {m.lstm_g:>9,} {m.rtrl:>10,}")
print(f"BPTT keeps {m.per_step} numbers per step; the network has {layer.n_parameters():,} weights")

# %% [markdown]
# BPTT keeps 110 numbers per step, LSTM-g a fixed 896: for sequences shorter than 9 steps BPTT needs less,
# from 9 steps on LSTM-g (the strings here have 11 steps on average). For a stream that never ends (a sensor,
# a conversation) BPTT must cut the stream into pieces, while LSTM-g just runs. Full RTRL needs more than a
# hundred times LSTM-g's memory to follow the paths LSTM-g drops.
#
# ## 6. Where Synaptic departs from the paper
#
# Synaptic 1.1.4 implements LSTM-g in `Neuron.js`, and math.md §6.7 lists six places where its code differs
# from the equations above. The biggest: a forget gate computes its extended traces while it is being
# activated, *before* its cell in the same step, so it uses the cell's state from two steps back where (10.5)
# needs the previous one; its self-connection also sneaks into $B$ as an extra $w_{kk}\,y_k$; and on Synaptic's
# neuron-by-neuron path the decay uses the forget gate's previous value. `mode="synaptic"` reproduces Synaptic's
# rule as its compiled networks (its default) run it; the package's tests check it against Synaptic's own
# numbers. math.md §6.7's example: an input to a forget gate (weight 0.3, bias 0.1) and to a cell (weight 0.5,
# bias −0.2), the cell's self-connection gated by the forget gate;
# inputs 1, −0.5, 0.8. The extended trace $e^{\text{cell}}_{\text{fg},x}$ is $\partial s_\text{cell}/\partial w_{\text{fg},x}$:

# %%
def forget_block(mode):
    x, fg, cell = graph.Unit(name="x"), graph.Unit(bias=0.1, name="fg"), graph.Unit(bias=-0.2, name="cell")
    x.project(fg, 0.3)
    x.project(cell, 0.5)
    fg.gate(cell.project(cell))
    return graph.Network(input=x, hidden=[fg], output=cell, mode=mode)

inputs = [1.0, -0.5, 0.8]
for mode in ("paper", "synaptic"):
    block = forget_block(mode)
    traces = []
    for value in inputs:
        block.activate([value])
        traces.append(block.unit("fg").connection_from(block.unit("x")).extended[block.unit("cell")])
    print(f"{mode:>8}: e^cell_fg,x at steps 1-3 = " + ", ".join(f"{e:+.6f}" for e in traces))

def cell_state_at_step_3(w):          # the truth: move the weight a little and watch s_cell(3)
    block = forget_block("paper")
    block.unit("fg").connection_from(block.unit("x")).weight = w
    for value in inputs:
        block.activate([value])
    return block.unit("cell").state

h = 1e-6
print(f"central difference: ∂s_cell(3)/∂w = {(cell_state_at_step_3(0.3 + h) - cell_state_at_step_3(0.3 - h)) / (2 * h):+.6f}")

# %% [markdown]
# The paper's trace is the true derivative; Synaptic's is twice too large at step 2 and has the wrong sign at
# step 3. (Synaptic's unoptimised object path gives +0.105836 at step 3, its compiled networks, the default,
# +0.098897: `mode="synaptic_object"` and `mode="synaptic"`.) How much does it matter in a whole network?
# The same `LSTM(7, 4, 7)`, the same weights and one string, rate 0, every update compared:

# %%
x, t = held_out.pairs[1]
print(f"string {held_out.strings[1]}, {len(x)} steps")
print(graph.synaptic_rule.compare_modes(lambda mode: graph.LSTM(7, 4, 7, seed=0, mode=mode), x, t))

# %% [markdown]
# The forget gates' updates are off by more than twice their own size, and a third of their signs are wrong:
# Synaptic's forget gates learn from a different signal than the error's gradient. The biases of the input
# gates and of the cells are off by about 70 % (Synaptic moves a bias by $\alpha\,\delta_j$, without the bias's
# trace, §6.7 item 5); the input gates' other weights by 1 % (their extended traces decay with the forget
# gate's *previous* value, item 2), the cells' by less (stale responsibilities of the gates their peepholes
# feed, item 3). The output gates and the outputs are exact. With a positive rate Synaptic also changes each
# unit's weights before the units upstream use them (item 4). Synaptic's LSTMs still learn: its
# `LSTM(7, 8, 7)` solves the embedded Reber grammar in the project's benchmark (`bench/run.py --only erg`).
# Whether the defects help or hurt learning on a task was not measured here; the paper's rule is the one
# whose updates are the gradient wherever LSTM-g is exact.
#
# ## Exercises
#
# Replace each `...`, run the cell and read the check. `hint("10.1a")` (and so on) gives graded hints, a
# stronger one each time you ask (`hint("10.1a", reset=True)` starts again).
# Worked solutions are in the **solutions edition** of this notebook, [solutions/10_lstm_g.ipynb](../solutions/10_lstm_g.ipynb) (a collapsed cell under each exercise there) — try first.
# If you started the course with `nnteach start`, the solutions are one command away: run
# `nnteach solutions solutions` in the folder that holds your course folder, and this link opens them.
#
# ### Exercise 10.1 · A trace by hand
# The memory block of section 1 runs a third step, $x(3) = (1, 1)$. Here are the numbers you need: the gates'
# activations at step 3 and the two traces after step 2 (math.md §9.2).

# %%
block = graph.worked_block()                               # the block of section 1, fresh
for x_step in EXERCISE_10_1["inputs"]:
    block.activate(x_step)
ig3, fg3 = block.unit("ig").activation, block.unit("fg").activation
e2, ek2 = 0.517935, 0.146822                               # after step 2: e of cell ← x0, e^cell of ig ← x0
print(f"step 3: x = (1, 1), ig(3) = {ig3:.6f}, fg(3) = {fg3:.6f}")
print(f"after step 2: e_cell,x0 = {e2}, e^cell_ig,x0 = {ek2}; weights w_cell,x0 = 0.8, w_cell,x1 = -0.6")

# %% [markdown]
# **10.1a** The eligibility trace of `cell ← x0` after step 3, Eq. (10.4). That connection is gated by `ig`; the
# cell's self-connection (weight 1) by `fg`. Hints: `hint("10.1a")`.

# %%
my_e = ...           # e_cell,x0(3)
check_eligibility_trace(my_e)

# %% tags=["solution"]
# Solution 10.1a: the old trace fades with the self-connection's gain, the new input enters through its gate
my_e = fg3 * 1.0 * e2 + ig3 * 1.0
check_eligibility_trace(my_e)

# %% [markdown]
# **10.1b** The extended trace $e^{\text{cell}}$ of `ig ← x0` after step 3, Eq. (10.6). `ig` has no self-connection,
# so its own eligibility trace is just its input, $e_{\text{ig},x_0}(3) = x_0(3)$; `ig` gates the cell's two
# input connections, so $B$ is (10.5) with this step's inputs. Hints: `hint("10.1b")`.

# %%
my_ek = ...          # e^cell_ig,x0(3)
check_extended_trace(my_ek)

# %% tags=["solution"]
# Solution 10.1b: decay by fg(3), plus f'_ig(3) · e_ig,x0(3) · B(3)
df_ig = ig3 * (1 - ig3)                     # f' from the gate's output
B3 = 0.8 * 1.0 + (-0.6) * 1.0              # w_cell,x0 · x0(3) + w_cell,x1 · x1(3)
my_ek = fg3 * ek2 + df_ig * 1.0 * B3
check_extended_trace(my_ek)

# %% [markdown]
# ### Exercise 10.2 · Find the paths LSTM-g drops
# Each line is a path by which a weight of the LSTM of section 4 (peepholes from every cell into every gate)
# moves a later error. Which of them does LSTM-g *not* follow? Answer with their letters, e.g. `"ab"`.
# Hints: `hint("10.2")`.

# %%
for letter, (path, _, _) in PATHS.items():
    print(f"({letter}) {path}")

dropped = ...        # the letters of the dropped paths
check_dropped_paths(dropped)

# %% tags=["solution"]
# Solution 10.2: the paths that go from one step to the next through a peephole into a gate activated before
# the cell (last step's y_cell), instead of along a self-connection
dropped = "dgh"
check_dropped_paths(dropped)

# %% [markdown]
# ## What to remember
# - `nnteach.graph` builds networks from units and connections; a **gate** is a unit whose activation
#   multiplies a connection (its gain), and a self-connection keeps a unit's state.
# - LSTM-g learns **online**: each connection carries an **eligibility trace** (how much its weight moved its
#   unit's state, faded along the self-connection) and, for a gate, **extended traces** (how much it moved the
#   states of the units it gates), so every step can update the weights without looking back.
# - The gating credit goes through the extended traces, $\Delta w = \alpha\,\delta^P e + \alpha\sum_k \delta_k e^k$,
#   which is how a gate gets credit for a write it made many steps before.
# - LSTM-g follows paths back in time only along self-connections: exact when all recurrence runs through them,
#   approximate through peepholes into earlier gates and other back-connections. Its memory is a fixed number
#   of traces; BPTT's grows with the sequence.
# - Synaptic's LSTM-g differs from the paper, most of all for the forget gates, whose updates it gets wrong
#   in size and often in sign.
#
# ## Next
# This is the last notebook of the course. To go further:
# - D. Monner, J. A. Reggia, "A generalized LSTM-like training algorithm for second-order recurrent neural
#   networks", *Neural Networks* 25, 2012: the algorithm of this notebook, with experiments on other
#   architectures.
# - S. Hochreiter, J. Schmidhuber, "Long Short-Term Memory", *Neural Computation* 9(8), 1997: the original LSTM
#   and the embedded Reber grammar; F. A. Gers, J. Schmidhuber, F. Cummins, "Learning to forget", *Neural
#   Computation* 12(10), 2000: the forget gate.
# - K. Greff et al., "LSTM: A Search Space Odyssey", *IEEE TNNLS*, 2017: which parts of an LSTM matter.
# - R. J. Williams, D. Zipser, "A learning algorithm for continually running fully recurrent neural networks",
#   *Neural Computation* 1(2), 1989: RTRL, the exact online method LSTM-g prunes.
# - `nnteach/math.md` (shipped with the package, `nnteach.math_reference()`): every equation of the course, with
#   §6 on LSTM-g and §6.7 on Synaptic; and the code: `graph.Unit` (one method per equation), `graph.bptt`.
# - Build your own: `graph.LSTM(…, hidden_to_hidden=True)`, `graph.Liquid(…)`, or a network of your own wiring,
#   and train it with `graph.train_online`.
