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
# # 02 · Activation functions
#
# In notebook 01 the neuron squashed its state with the logistic function. That choice matters: the
# activation function decides what a unit can output, and its **slope** decides how fast the unit can
# learn (notebook 05). This notebook compares the classic choices and their slopes.
#
# **You will learn**
# 1. the logistic, tanh and identity functions (and ReLU, a modern aside): their shapes and ranges;
# 2. to write the slope $f'(s)$ **from the output** $y$, the way a neuron computes it;
# 3. what **saturation** is: where the slope is nearly zero and a unit stops responding;
# 4. how a **gain** $f(g\,s)$ makes a unit steeper, and the chain rule that goes with it.
#
# **Before you start:** [01 · The neuron](01_the_neuron.ipynb) (state $s_j$, activation $y_j = f(s_j)$,
# the logistic $\sigma$).

# %%
# %matplotlib inline
import numpy as np
import nnteach
from nnteach import activations
from nnteach.viz import ActivationExplorer, show_activation_functions

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. Four functions in one picture
#
# On the left, the functions; on the right, their slopes. Look at the shapes before the formulas: two
# S-curves (logistic and tanh) that flatten out on both sides, a straight line (identity, dashed), and a hinge
# (ReLU, the wide yellow band). For $s > 0$ ReLU and identity are the same function, so there the dashed
# line runs inside the band.

# %%
show_activation_functions()

# %% [markdown]
# ## 2. The logistic function and its slope
#
# $$ \sigma(s) = \frac{1}{1 + e^{-s}} \qquad \text{range } (0, 1) \tag{2.1} $$
#
# Its slope follows from the quotient rule, and then a small trick turns it into an expression in the
# output $y = \sigma(s)$ alone:
#
# $$ \sigma'(s) = \frac{e^{-s}}{(1 + e^{-s})^2}
#    = \underbrace{\frac{1}{1 + e^{-s}}}_{y} \cdot \underbrace{\frac{e^{-s}}{1 + e^{-s}}}_{1 - y}
#    = y\,(1 - y). \tag{2.2} $$
#
# Why write a slope with $y$ instead of $s$? Because after a neuron has fired it already holds $y$: the slope
# then costs one multiplication, no exponential. That is exactly what `nnteach` does:
# `activations.get("logistic").df_from_y(y)` is `y * (1 - y)`, and `Neuron.activate` stores it in
# `neuron.derivative`. Let us check (2.2) against a slope measured numerically, by nudging $s$:

# %%
logistic = activations.get("logistic")
s, h = 0.5, 1e-6

y = logistic.f(s)
measured = (logistic.f(s + h) - logistic.f(s - h)) / (2 * h)
print(f"y = σ({s}) = {y:.4f}")
print(f"slope measured by nudging s:  {measured:.6f}")
print(f"slope from y, y(1 - y):       {logistic.df_from_y(y):.6f}")

neuron = nnteach.Neuron(1, weights=[1.0], bias=0.0)
neuron.activate([s])
print(f"Neuron.derivative:            {neuron.derivative:.6f}")

# %% [markdown]
# The slope is largest, $0.25$, at $s = 0$ (where $y = 0.5$), and it is never larger: even the steepest
# part of a logistic unit turns a change of $1$ in its state into a change of at most $0.25$ in its output.
#
# ## 3. tanh: the logistic, centred
#
# $$ \tanh(s) = \frac{e^{s} - e^{-s}}{e^{s} + e^{-s}} = 2\,\sigma(2s) - 1 \qquad \text{range } (-1, 1) \tag{2.3} $$
#
# It is the same S-shape, stretched to $(-1, 1)$ and centred at 0, so its outputs can be negative. Its
# slope, again from the output:
#
# $$ \tanh'(s) = 1 - y^2, \qquad y = \tanh(s). \tag{2.4} $$
#
# It peaks at $1$ for $s = 0$, four times the logistic's peak. In `nnteach`: `activations.tanh` and
# `activations.tanh_derivative(y)`.

# %%
tanh = activations.get("tanh")
for s in [-2.0, 0.0, 0.5, 2.0]:
    y = tanh.f(s)
    print(f"s = {s:4.1f}   tanh(s) = {y:7.4f}   2σ(2s) - 1 = {2 * logistic.f(2 * s) - 1:7.4f}"
          f"   slope 1 - y² = {tanh.df_from_y(y):.4f}")

# %% [markdown]
# ## 4. Identity, and ReLU as an aside
#
# The **identity** passes the state on unchanged, with slope 1 everywhere:
#
# $$ f(s) = s, \qquad f'(s) = 1. \tag{2.5} $$
#
# It is used for output units that must produce any real number (a temperature, a price), and it is the
# unit at the heart of the LSTM's memory cell (notebook 08).
#
# **ReLU** (rectified linear unit) is the default in modern deep networks, though not in the networks of
# this course:
#
# $$ f(s) = \max(0, s), \qquad f'(s) = \begin{cases} 1 & y > 0 \\ 0 & y = 0 \end{cases} \tag{2.6} $$
#
# It never saturates on the right, but on the left its slope is exactly 0: a unit whose state is negative
# for every pattern gets no learning signal at all (a "dead" unit). Both live in `nnteach.activations`
# (`identity`, `relu` and their `_derivative` functions); `activations.get(name)` returns any of the four
# with its `f` and `df_from_y`.
#
# ## 5. Saturation
#
# **Predict.** A logistic unit has state $s = 0$. Its state grows by 1 and its output changes by some
# amount. Now a unit with state $s = 8$ gets the same push of $+1$. How much does *its* output change:
# about the same, half as much, or hardly at all? Decide, then run the cell.

# %%
for s in [0.0, 2.0, 4.0, 8.0]:
    change = logistic.f(s + 1) - logistic.f(s)
    print(f"s = {s:3.0f} -> {s + 1:3.0f}:   y changes by {change:.6f}   (slope y(1 - y) at s: "
          f"{logistic.df_from_y(logistic.f(s)):.6f})")

# %% [markdown]
# Hardly at all: at $s = 8$ the output is already $0.9997$, and it cannot rise much further. The unit is
# **saturated**: its slope is nearly zero, so whatever happens to its inputs, its output barely moves. We
# will call a unit saturated where its slope is below 10 % of its largest value: for the logistic that is
# $|s| > 3.64$, for tanh $|s| > 1.82$.
#
# Saturation matters twice. A saturated unit passes on almost no information about small changes of its
# inputs, and, as notebook 05 will show, every learning step through a unit is multiplied by its slope
# $f'(s)$, so a saturated unit learns very slowly. Keeping states in the steep middle is one reason why
# initial weights are small.
#
# ## 6. The gain: steeper or flatter units
#
# Scaling the state by a **gain** $g$ gives a unit $y = f(g\,s)$. By the chain rule its slope is
#
# $$ \frac{dy}{ds} = g \, f'(g\,s). \tag{2.7} $$
#
# A large gain makes the unit steeper (its peak slope is $g$ times higher), closer to a step function, and it
# saturates sooner (at $|s| > 3.64/g$ for the logistic). This is also what the weights of notebook 01 did:
# multiplying $w_1, w_2, b$ by 10 is a gain of 10 on the state. `ActivationExplorer` computes (2.7) as
# `gain * act.df_from_y(act.f(gain * s))`.
#
# ## Explore
#
# Pick the function, the gain $g$, and a point $s$. The left plot shows $y = f(g\,s)$, the right plot its
# slope (2.7). The green star marks the largest slope; where the slope is largest along a whole stretch
# (ReLU for every $s > 0$, identity everywhere) a green band along the slope curve marks it instead. The pink
# bands are the saturated zones (slope below 10 % of its largest value): both tails for logistic and tanh,
# the whole left side for ReLU (its slope there is 0), none for identity. The black dot is your point. The
# text line gives the numbers, with the slope computed from $y$.

# %%
ActivationExplorer(activation="logistic", gain=1.0, s=2.0).show()

# %% [markdown]
# Try these in the live version:
# 1. Switch between logistic and tanh at gain 1. Which one is steeper at 0? Which saturates sooner?
# 2. Set the logistic to gain 2. How large is the peak slope now, and where does saturation start?
# 3. Find a gain for which the logistic's peak slope equals tanh's at gain 1.
# 4. Move the point $s$ into a pink band and read the slope.

# %% tags=["nbval-ignore-output"]
ActivationExplorer(activation="logistic", gain=1.0, s=2.0).widget()

# %% [markdown]
# Here is tanh at the same point, for comparison: at $s = 2$ it is already saturated.

# %%
ActivationExplorer(activation="tanh", gain=1.0, s=2.0).show()

# %% [markdown]
# ## Exercises
#
# Replace every `...`, run the cell and read the check's message; `hint("02.1")` gives graded hints.
# Worked solutions are in the **solutions edition** of this notebook, [solutions/02_activation_functions.ipynb](../solutions/02_activation_functions.ipynb) (a collapsed cell under each exercise there).
# If you started the course with `nnteach start`, the solutions are one command away: run
# `nnteach solutions solutions` in the folder that holds your course folder, and this link opens them.
#
# ### Exercise 02.1 · Slopes from outputs
#
# Complete the two functions. Each receives the **output** $y$ of a unit (a number or a numpy array) and
# returns the slope $f'(s)$ at that point, using only $y$: (2.2) for the logistic, (2.4) for tanh. The check
# calls them with single numbers and with a whole array, so use plain arithmetic on `y` (no `if`, no
# `math.…`), and return the value itself, not a list.

# %%
from nnteach.checks import check_derivatives, check_steepest, hint

def logistic_df(y):
    return ...   # the logistic's slope, written with y

def tanh_df(y):
    return ...   # tanh's slope, written with y

check_derivatives(logistic_df, tanh_df)


# %% tags=["solution"]
def logistic_df(y):
    return y * (1 - y)      # (2.2)

def tanh_df(y):
    return 1 - y ** 2       # (2.4)

check_derivatives(logistic_df, tanh_df)

# %% [markdown]
# ### Exercise 02.2 · Where is the slope largest?
#
# A logistic neuron has one input $x$, weight $w = 2$ and bias $b = -3$, so $y = \sigma(2x - 3)$.
# At which input $x$ does its output change fastest, and how large is the slope $dy/dx$ there?
# Work it out from sections 2 and 6 (the weight acts like a gain); `ActivationExplorer` can help you check.

# %%
x_steepest = ...   # the input where dy/dx is largest
slope = ...        # dy/dx there

check_steepest(x_steepest, slope)

# %% tags=["solution"]
# The logistic is steepest where its state is 0: 2x - 3 = 0, so x = 1.5.
# There y = 0.5, σ'(0) = y(1 - y) = 0.25, and the chain rule multiplies by ds/dx = w = 2.
x_steepest = 3 / 2
slope = 2 * 0.5 * (1 - 0.5)
check_steepest(x_steepest, slope)

# %% [markdown]
# ## What to remember
# - Logistic: $y = \sigma(s)$ in $(0, 1)$, slope $y(1-y)$, at most $0.25$. tanh: $y$ in $(-1, 1)$, slope
#   $1 - y^2$, at most $1$. Identity: slope 1. ReLU: slope 1 for $s > 0$, 0 below.
# - Slopes are written from the output $y$: after firing, a neuron has everything it needs.
# - S-shaped units **saturate**: for large $|s|$ the slope is nearly 0, and the unit barely responds
#   (and, as you will see, barely learns).
# - A gain $g$ (or larger weights) makes a unit steeper and saturate sooner; the chain rule gives the slope
#   $g\,f'(g s)$.
#
# ## Next
# [03 · Feed-forward networks](03_feedforward_networks.ipynb): units in layers, the forward pass as matrix
# products, and how a hidden layer solves XOR.
