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
# # 08 · Memory cells and gates
#
# Notebook 07 ended with a problem: an error sent back through a self-connected neuron is multiplied by
# $w\,f'(s)$ at every step, so after a few dozen steps almost nothing of it is left, and the network cannot
# learn from what happened long ago. This notebook builds the remedy of Hochreiter & Schmidhuber (1997)
# piece by piece: a unit whose error never fades — the **constant error carousel** — and **gates**,
# multiplicative connections that decide when the unit listens, when it speaks and when it forgets.
# Together they make the **memory cell** inside every LSTM (notebook 09).
#
# **You will learn**
# 1. why a linear unit with a self-connection of weight 1, the constant error carousel, carries an error
#    over any number of steps unchanged — and why it is not a good memory on its own;
# 2. what a gate is: a unit whose activation multiplies a connection (a *second-order* connection);
# 3. to protect a stored value with an input gate (noise stays out) and an output gate (the value stays
#    hidden until it is asked for);
# 4. to reset a cell on cue and keep it from drifting with a forget gate, and what that costs the error;
# 5. to choose gate values that store a value for 20 steps, and a forget gate that forgets on cue.
#
# **Before you start:** [07 · Recurrent networks](07_recurrent_networks.ipynb) (the self-connected neuron
# and its error factor $\partial s(t)/\partial s(t-q)$, which fades); [02 · Activation functions](02_activation_functions.ipynb)
# (the logistic function $\sigma$, whose values lie between 0 and 1).

# %%
# %matplotlib inline
import numpy as np
import nnteach
from nnteach import gating
from nnteach.activations import logistic
from nnteach.recurrent import ConstantErrorCarousel, MemoryCell, error_factors
from nnteach.viz import GateExplorer
from nnteach.checks import check_storing_cell, check_forget_cue, hint

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. An error that never fades: the constant error carousel
#
# First the problem once more. A logistic neuron that feeds back its own activation with weight $w = 1$
# (notebook 07) multiplies an error by $w\,f'(s) \le 0.25$ at every step back. Over 50 steps:

# %%
fading = error_factors(1.0, 50, activation="logistic")     # ∂s(50)/∂s(50 − q), q = 0 … 50 (notebook 07)
print(f"logistic neuron, w = 1: ∂s(50)/∂s(0) = {fading[50]:.2e}")

# %% [markdown]
# Nothing left. For the error to arrive unchanged, the factor $w\,f'(s)$ must be exactly 1 at every step,
# whatever the state $s$ is. A slope $f'$ that is the same for every $s$ means a straight line, so take the
# identity $f(s) = s$ and $w = 1$:
#
# $$ s(t) = 1 \cdot s(t-1) + w_{\text{in}}\, x(t), \qquad y(t) = s(t). \tag{8.1} $$
#
# Every step back now multiplies the error by exactly 1:
#
# $$ \frac{\partial s(t)}{\partial s(t-q)} = 1^q = 1 \qquad \text{for every } q. \tag{8.2} $$
#
# Hochreiter and Schmidhuber called this unit the **constant error carousel** (CEC): an error rides round
# and round its self-connection without growing or shrinking. `nnteach.recurrent.ConstantErrorCarousel`
# is Eq. (8.1).
#
# **Predict.** Feed the CEC 50 random inputs (and $w_{\text{in}} = 1$). What is $\partial s(50)/\partial s(0)$?
# And what will its state $s(50)$ be — can you say it without running the cell?

# %%
x = np.random.default_rng(0).normal(size=50)
cec = ConstantErrorCarousel(w_in=1.0)                     # s(t) = s(t−1) + x(t), y = s: Eq. (8.1)
trace = cec.run(x)
print(f"∂s(50)/∂s(0) = {trace.error_factors()[50]:.4f}")
print(f"s(50) = {trace.s[-1]:.4f}; the sum of the 50 inputs = {x.sum():.4f}")

# %% [markdown]
# The error factor is exactly 1, and the state is simply the **sum of all inputs so far**: the CEC is an
# accumulator. That is its strength — whatever went in stays in — and its weakness, twice over:
#
# - it adds *every* input, forever. A value stored at one step is spoiled by everything that arrives
#   later. One input weight $w_{\text{in}}$ cannot both let the important input in and keep the rest out
#   (Hochreiter and Schmidhuber call this the *input weight conflict*);
# - it shows its state at *every* step. Every unit it feeds receives the stored value all the time,
#   whether it needs it now or not (the *output weight conflict*).
#
# The remedy for both is the same: connections that can be switched on and off.
#
# ## 2. Gates: connections that multiply
#
# A **gate** is a unit whose activation $g$, between 0 and 1, multiplies a connection. A connection from
# unit $i$ to unit $j$ that is gated by $g$ delivers
#
# $$ g \cdot w_{ji}\, y_i \tag{8.3} $$
#
# instead of $w_{ji}\,y_i$: with $g = 1$ the connection is fully there, with $g = 0$ it is cut, in between it
# is turned down. The product of two activations, $g$ and $y_i$, makes the network *second order* (an
# ordinary connection is linear in the activations it carries). Because $g$ is itself the activation of a
# unit, the network can learn *when* to open it:

# %%
w_ji, y_i = 2.0, 0.5
for g in (0.0, 0.5, 1.0):
    print(f"gate g = {g:.1f}: the connection delivers g · w · y_i = {g * w_ji * y_i:.4f}")   # Eq. (8.3)

# %% [markdown]
# A **memory cell** is a CEC with three gated connections: an **input gate** $i$ on the connection in, a
# **forget gate** $f$ on the self-connection, an **output gate** $o$ on the connection out:
#
# $$ s(t) = f(t)\, s(t-1) + i(t)\, g\big(w_{\text{in}}\, x(t) + b\big), \qquad y(t) = o(t)\, h\big(s(t)\big). \tag{8.4} $$
#
# Here $g$ and $h$ squash the input and the output (in an LSTM both are tanh). In this notebook they are the
# identity, so that a stored value reads out unchanged. With $i = f = o = 1$, Eq. (8.4) is the bare CEC (8.1).
# `nnteach.recurrent.MemoryCell` implements (8.4); its gates can be numbers, sequences with one value per
# step, or units computed from the inputs. The forget gate changes the error factor: every step back now
# multiplies the error by the forget gate's value at that step,
#
# $$ \frac{\partial s(t)}{\partial s(t-q)} = \prod_{r=0}^{q-1} f(t-r). \tag{8.5} $$
#
# With $f = 1$ it is the CEC's 1. Keep (8.5) in mind: section 5 comes back to it.
#
# ## 3. The input gate: keeping the noise out
#
# A first task for the cell: the value 0.8 arrives at step $t = 5$, and noise at every other step. The cell
# should still hold 0.8 at $t = 35$. `gating.get_scenario` gives the input stream (it is the scenario
# "noisy input shut out" of the explorer below). First the bare CEC, every gate open:

# %%
task = gating.get_scenario("noisy input shut out")
x, t = task.inputs(), task.t                  # the input x(t) and the steps t = 1 … 40
cell = MemoryCell()                           # Eq. (8.4) with g = h = identity: s(t) = f s(t−1) + i x(t), y = o s
bare = cell.run(x)                            # every gate open (1): the bare CEC
print(f"x(5) = {x[4]:.4f}; bare CEC: s(35) = {bare.s[34]:.4f}")

# %% [markdown]
# The noise of the other 34 steps up to $t = 35$ was added to the 0.8, and the value is lost in it. (Mind the
# index: `x[4]` is step 5, since arrays count from 0 and steps from 1.)
#
# **Predict.** Now open the input gate only at $t = 5$, when the value arrives, and shut it (0) at every
# other step. What will $s(35)$ be?

# %%
i = np.where(t == 5, 1.0, 0.0)               # input gate: 1 at t = 5, 0 elsewhere
gated = cell.run(x, input_gate=i)
print(f"input gate open only at t = 5: s(35) = {gated.s[34]:.4f}")
GateExplorer(scenario="noisy input shut out", output_gate=1.0).show()

# %% [markdown]
# Exactly 0.8: the noise never reaches the state, because the input gate multiplies it by 0. In the picture,
# from the top: the input (the value in black, the noise in grey), the three gates as a strip (white 0,
# purple 1), the state and the output, and the error factor (8.5) back from $t = 35$. Here the output gate
# is open all the time, so the output follows the state from $t = 5$ on.
#
# ## 4. The output gate: speaking only when asked
#
# That output is the second conflict. Every unit the cell feeds gets 0.8 from $t = 5$ on, although — say —
# only one step, $t = 35$, needs it; all the others would have to learn to ignore it. An output gate that
# opens only at $t = 35$ keeps the value to itself until then.

# %%
o = np.where(t == 35, 1.0, 0.0)              # output gate: 1 at t = 35 only
read = cell.run(x, input_gate=i, output_gate=o)
elsewhere = np.abs(np.delete(read.y, 34)).max()
print(f"y(35) = {read.y[34]:.4f}; the largest |y| at any other step = {elsewhere:.4f}")

# %% [markdown]
# Reading does not erase: the state stays. Here is the scenario "read on cue", which reads the same value
# at $t = 20$ and again at $t = 35$:

# %%
GateExplorer(scenario="read on cue").show()

# %% [markdown]
# ## 5. The forget gate: resetting on cue, and no drift
#
# ### Reset on cue
# A cell that must hold *the latest* value needs to let go of the old one. In the scenario "forget on cue",
# 0.8 arrives at $t = 5$ and −0.5 at $t = 25$; at $t = 35$ the cell should say −0.5.
#
# **Predict.** The input gate opens at both $t = 5$ and $t = 25$, the forget gate stays 1. What will the
# cell say at $t = 35$?

# %%
task = gating.get_scenario("forget on cue")
x, t = task.inputs(), task.t
i = np.where((t == 5) | (t == 25), 1.0, 0.0)
o = np.where(t == 35, 1.0, 0.0)
mixed = cell.run(x, input_gate=i, output_gate=o)
print(f"forget gate always 1: y(35) = {mixed.y[34]:.4f}")

# %% [markdown]
# 0.3 = 0.8 + (−0.5): the CEC *adds* the new value to the old one. A forget gate of 0 at one step,
# $t = 20$, multiplies the old state by 0 (Eq. 8.4) and empties the cell:

# %%
f = np.where(t == 20, 0.0, 1.0)              # forget gate: 0 at t = 20 (reset), 1 elsewhere
reset = cell.run(x, input_gate=i, forget_gate=f, output_gate=o)
print(f"forget gate 0 at t = 20: y(35) = {reset.y[34]:.4f}")
GateExplorer(scenario="forget on cue").show()

# %% [markdown]
# Look at the bottom panel: the error factor $\partial s(35)/\partial s(t)$ is 1 back to $t = 20$ and 0 before:
# by (8.5) the reset cuts the carousel, so an error at $t = 35$ no longer reaches the old value — which is
# right, since the old value no longer matters.
#
# ### No drift on an endless stream
# Real input never stops. Gers, Schmidhuber and Cummins (2000) found that LSTM cells without a forget gate
# fail on long continual streams: the state keeps growing, because the carousel never lets anything go.
# The scenario "continual stream" has no cues: 200 steps of noisy input whose mean is 0.1, all gates open.
#
# **Predict.** Where will the state be after 200 steps with $f = 1$? And with a forget gate of 0.9 at every
# step, which lets 10 % of the state go each step?

# %%
drifting = gating.run_scenario("continual stream")                     # f = 1 at every step
leaky = gating.run_scenario("continual stream", forget_gate=0.9)       # f = 0.9 at every step
print(f"f = 1.0: s(200) = {drifting.held:.4f}")
print(f"f = 0.9: s(200) = {leaky.held:.4f}; the largest |s| over the 200 steps = {np.abs(leaky.trace.s).max():.4f}")

# %% [markdown]
# With $f = 1$ the state climbs about 0.1 per step and never stops (20.94 after 200 steps). With $f = 0.9$ it wanders
# around $0.1 / (1 - 0.9) = 1$, the level where what leaks out each step equals what comes in on average — the noise
# moves it up and down (it ends at 1.94 and never goes above 2.57), but it does not drift away: old inputs fade by a
# factor 0.9 per step. The explorer below starts at $f = 1$: move the forget-gate slider and watch the drift
# stop.

# %%
GateExplorer(scenario="continual stream").show()

# %% [markdown]
# ### The price: the error fades again
# A forget gate below 1 lets the *error* fade too, by Eq. (8.5).
#
# **Predict.** With $f = 0.95$ at every step, how much of an error survives 50 steps? With $f = 0.99$?

# %%
for value in (0.95, 0.99, 1.0):
    held = MemoryCell(forget_gate=value).run(np.zeros(50))         # 50 steps with f = value
    print(f"f = {value:.2f}: ∂s(50)/∂s(0) = {held.error_factors()[50]:.4f}")   # Eq. (8.5)

# %% [markdown]
# $0.95^{50} = 0.0769$ and $0.99^{50} = 0.6050$: a gate a little below 1 already costs most of the error over
# 50 steps. This is not the fading of notebook 07, though: there the factor was fixed by the activation
# function, here the forget gate is a unit the network *learns* to set — near 1 while the cell must
# remember, 0 when it is time to forget.
#
# ### A gate is a unit
# So far we wrote the gate values by hand. In a network each gate is a logistic unit of its own: it sees
# inputs (in an LSTM, the network's input and its previous outputs) and computes, for example,
#
# $$ f(t) = \sigma\big(w\, c(t) + b\big), \tag{8.6} $$
#
# where $c(t)$ is an input that says "forget now" (1) or not (0). Its value is never exactly 0 or 1, only
# close: with $b = 5$, the gate rests at $\sigma(5)$, and over 20 steps that is
# $\sigma(5)^{20}$ of the stored value:

# %%
rest = logistic(5.0)
print(f"σ(5) = {rest:.4f}; σ(5)^20 = {rest ** 20:.4f}; σ(−5) = {logistic(-5.0):.4f}")

# %% [markdown]
# Exercise 08.2 asks you to choose $w$ and $b$ for such a gate.
#
# ## Explore
#
# **The gate explorer.** Choose a scenario, then move the gates' *rest* values — what each gate does
# between its cues (the input gate between writes, the forget gate between resets, the output gate between
# reads) — and the noise. Choosing a scenario puts the sliders at its ideal values. Things to try:
# - "noisy input shut out": raise the input gate to 0.1. How much noise gets in by $t = 35$? Then lower the
#   forget gate to 0.97 instead: where does the 0.8 go, and what does the error factor at the bottom say?
# - "read on cue": open the output gate a little (0.2). What does a unit fed by this cell see before
#   $t = 20$?
# - "forget on cue": lower the forget gate to 0.9. The reset still works — what else breaks?
# - "continual stream": find the largest forget gate that keeps the state below 5.
# - "store and hold": add noise. Why does nothing change? Now open the input gate.

# %%
explorer = GateExplorer(scenario="noisy input shut out", input_gate=0.1)
explorer.show()

# %% tags=["nbval-ignore-output"]
GateExplorer().widget()

# %% [markdown]
# ## Exercises
#
# Replace each `...`, run the cell and read the check. `hint("08.1")` (and so on) gives graded hints, a
# stronger one each time you ask (`hint("08.1", reset=True)` starts again).
# Worked solutions are in the **solutions edition** of this notebook, [solutions/08_memory_cells_and_gates.ipynb](../solutions/08_memory_cells_and_gates.ipynb) (a collapsed cell under each exercise there) — try first.
# If you started the course with `nnteach start`, the solutions are one command away: run
# `nnteach solutions solutions` in the folder that holds your course folder, and this link opens them.
#
# ### Exercise 08.1 · A cell that stores a value for 20 steps
# The value 0.8 arrives at $t = 3$; every other step brings noise. Choose the three gates of the cell (8.4)
# so that it holds 0.8 for 20 steps and shows it at $t = 23$ — and only then (25 steps in all). Each gate
# can be one number (the same at every step) or 25 values, one per step; `t` holds the steps 1 … 25.
# The check runs the cell and tells you what went wrong.

# %%
task = gating.STORE_TASK
x, t = task.inputs(), task.t                 # the input x(t) (you do not need it), and t = 1 … 25
print(f"x(3) = {x[2]:.4f}")

input_gate = ...        # a number or 25 values in [0, 1]
forget_gate = ...
output_gate = ...
check_storing_cell(input_gate, forget_gate, output_gate)

# %% tags=["solution"]
# Solution 08.1: write at t = 3, remember (f = 1) throughout, read at t = 23.
input_gate = np.where(t == 3, 1.0, 0.0)
forget_gate = 1.0
output_gate = np.where(t == 23, 1.0, 0.0)
check_storing_cell(input_gate, forget_gate, output_gate)

# %% [markdown]
# ### Exercise 08.2 · A forget gate that forgets on cue
# Now the forget gate is a logistic unit (8.6) that sees a cue input $c(t)$: 1 at $t = 15$, 0 at every other
# step. The input gate writes $A = 0.8$ at $t = 3$ and $B = -0.5$ at $t = 18$; the cell is read at $t = 28$.
# Choose the weight $w$ and the bias $b$ of the forget gate so that
# - the cell keeps at least 90 % of $A$ until the cue (from $t = 3$ to $t = 14$),
# - at most 1 % of $A$ survives the cue,
# - and the cell keeps at least 90 % of $B$ until it is read.
#
# `gating.forget_gate_from_cue(w, b)` gives the 30 gate values your choice makes, if you want to look.

# %%
w = ...     # weight from the cue input
b = ...     # bias
check_forget_cue(w, b)

# %% tags=["solution"]
# Solution 08.2: a large bias keeps the gate near 1 (σ(6) = 0.9975, 0.9975^11 = 0.97); at the cue
# w + b = −6 drops it to σ(−6) = 0.0025.
w, b = -12.0, 6.0
print(np.round(gating.forget_gate_from_cue(w, b)[12:17], 4))      # t = 13 … 17
check_forget_cue(w, b)

# %% [markdown]
# ## What to remember
# - The **constant error carousel** is a linear unit with a self-connection of weight 1: an error passes
#   any number of steps back unchanged, $\partial s(t)/\partial s(t-q) = 1$. On its own it adds up every input.
# - A **gate** multiplies a connection by a unit's activation in $[0, 1]$ (second order): 0 cuts it, 1 lets
#   it through, and the network can learn when to do which.
# - The **input gate** keeps irrelevant input out of the cell; the **output gate** keeps the stored value from
#   disturbing the rest of the network until it is needed.
# - The **forget gate** resets the cell on cue and keeps its state from drifting on an endless stream; the
#   price is the error factor $\prod f$: $0.95^{50} = 0.077$, $0.99^{50} = 0.61$.
# - A memory cell (8.4) is a CEC with these three gates: the heart of the LSTM.
#
# ## Next
# [09 · LSTM](09_lstm.ipynb): a whole layer of memory cells whose gates are learned, with peepholes that let
# the gates see the cell they protect — trained on a task where an ordinary recurrent network fails.
