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
# # 01 · The neuron
#
# Every network in this course, up to LSTM, is built from one simple part: a unit that adds up
# weighted inputs and squashes the sum. This notebook takes that unit apart, number by number,
# and then makes it do logic.
#
# **You will learn**
# 1. to compute a neuron's **state** $s$ and **activation** $y$ by hand;
# 2. to see the **bias** as the weight of an extra input that is always 1;
# 3. to read a neuron as a **line** across its input plane;
# 4. to pick weights that make one neuron compute AND, OR and NAND, and why XOR is out of reach.
#
# **Before you start:** [00 · Start here](00_start_here.ipynb) (running cells, moving sliders, the
# notation table). A little Python and numpy is all the rest.

# %%
# %matplotlib inline
import numpy as np
import nnteach
from nnteach.viz import NeuronExplorer, show_network

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. A neuron in a picture
#
# Here is one neuron, call it $j$, with two inputs. The lines are its **weights**: blue for positive, orange
# for negative, thicker for larger. (The course's pictures use colour pairs that colour-blind readers can
# tell apart, such as blue/orange, and never rely on red versus green.) The small square marked **1** is an input that is always on; its
# weight is the neuron's **bias**. The numbers over the units are what happens when the inputs are
# $x_1 = 0.8$ and $x_2 = 0.2$.

# %%
show_network([[[0.5, -0.4]]], biases=[[0.1]], x=[0.8, 0.2], unit_names=[["x₁", "x₂"], ["j"]],
             title="neuron j with inputs (0.8, 0.2)", figsize=(3.6, 3.4))

# %% [markdown]
# ## 2. The state: a weighted sum
#
# The neuron multiplies each input by its weight and adds everything up, the bias included. That sum is
# its **state** (or net input):
#
# $$ s_j = \sum_i w_{ji}\, y_i + b_j \cdot 1 \tag{1.1} $$
#
# Read $w_{ji}$ as "the weight **to** unit $j$ **from** unit $i$", and $y_i$ as the output of unit $i$;
# for an input unit that is simply the input, $y_i = x_i$. The bias $b_j$ is nothing special: it is the
# weight from an extra input whose value is always $1$. That is why it appears as a square "1" in the
# picture, and why the code can treat it like any other weight.
#
# For the neuron above: $s = 0.5 \cdot 0.8 + (-0.4) \cdot 0.2 + 0.1 \cdot 1 = 0.4 - 0.08 + 0.1 = 0.42$.
# In `nnteach` this is `Neuron.state`, a plain loop over the inputs you can read with `nnteach.Neuron.state??`.

# %%
neuron = nnteach.Neuron(2, activation="logistic", weights=[0.5, -0.4], bias=0.1)
x = [0.8, 0.2]

by_hand = 0.5 * 0.8 + (-0.4) * 0.2 + 0.1 * 1
print(f"by hand:        s = {by_hand:.4f}")
print(f"Neuron.state:   s = {neuron.state(x):.4f}")

# %% [markdown]
# ## 3. The activation: squashing the state
#
# The state can be any number. The neuron passes it through an **activation function** $f$ and sends on
#
# $$ y_j = f(s_j). \tag{1.2} $$
#
# In this notebook $f$ is the **logistic** function (also called the sigmoid),
#
# $$ \sigma(s) = \frac{1}{1 + e^{-s}}, \tag{1.3} $$
#
# which squashes every state into the range $(0, 1)$: very negative states give outputs near 0, very
# positive ones outputs near 1, and $s = 0$ gives exactly $0.5$. (Notebook 02 compares it with other
# choices.) `Neuron.activate` computes (1.1) and then (1.2), and remembers both numbers:

# %%
y = neuron.activate(x)
print(f"s = {neuron.s:.4f}  ->  y = σ(s) = 1 / (1 + e^(-{neuron.s:.2f})) = {y:.4f}")
neuron

# %%
for s in [-6, -2, -0.5, 0, 0.5, 2, 6]:
    print(f"s = {s:5.1f}   y = σ(s) = {nnteach.activations.logistic(s):.4f}")

# %% [markdown]
# ## 4. One neuron draws a line
#
# Because $\sigma(s) > 0.5$ exactly when $s > 0$, the neuron says "yes" (output above 0.5) on one side of
# the line where its state is zero,
#
# $$ w_1 x_1 + w_2 x_2 + b = 0, \tag{1.4} $$
#
# and "no" on the other. The weights set the line's direction, the bias shifts it, and larger weights make
# the change from 0 to 1 across the line sharper. So a neuron with two inputs is a line across the plane
# of its inputs. That one fact explains everything in the rest of this notebook. (The explorer below draws
# this line with `nnteach.neuron.decision_line`, which solves (1.4) for $x_2$ or $x_1$.)
#
# ## 5. Logic from one neuron
#
# A logic gate maps two bits to one bit. The four input patterns are the corners
# $(0,0), (0,1), (1,0), (1,1)$ of the input plane. **AND** is 1 only at $(1,1)$: we need a line that cuts
# that corner off. With $w_1 = w_2 = 1$ the states are $b$, $1 + b$, $1 + b$, $2 + b$; a bias of $-1.5$
# makes only the last one positive. **OR** is 0 only at $(0,0)$: the same weights with $b = -0.5$.

# %%
X, _ = nnteach.datasets.logic_gate("AND")      # the four patterns (0,0), (0,1), (1,0), (1,1)

for gate, weights, bias in [("AND", [1.0, 1.0], -1.5), ("OR", [1.0, 1.0], -0.5)]:
    unit = nnteach.Neuron(2, weights=weights, bias=bias)
    _, T = nnteach.datasets.logic_gate(gate)
    print(f"{gate}: w = {weights}, b = {bias}")
    for x, t in zip(X, T[:, 0]):
        y = unit.activate(x)
        print(f"   x = ({x[0]:.0f}, {x[1]:.0f})   s = {unit.s:7.4f}   y = {y:.4f}   target {t:.0f}")

# %% [markdown]
# The outputs are on the right side of 0.5, but not very close to 0 or 1. Multiply all three of AND's
# numbers by 10 ($w = 10, 10$, $b = -15$): the states become $-15, -5, -5, 5$, the line stays where it is, and
# the outputs become $0.0000$, $0.0067$, $0.0067$, $0.9933$. The same decision, made more confidently.
#
# **Predict.** XOR is 1 at $(0,1)$ and $(1,0)$ and 0 at $(0,0)$ and $(1,1)$. Before you touch the
# explorer below: which $w_1$, $w_2$, $b$ would make one neuron compute XOR? Write your guess down.
#
# ## Explore
#
# The explorer shows the neuron's output as shading over the input plane (white near 0, purple near 1),
# its line (1.4) in black, and the four patterns: a filled dot should give 1 and an open dot 0. Next to each
# pattern is its output with a mark: **✓** where the neuron gets that pattern right and **✗** where it gets
# it wrong. (The marks are shapes, not colours, so colour-blind readers see them as well.) The bars on the right
# show the four outputs, and the black diamonds ◆ show what the target gate wants (0 or 1), with the same ✓ and ✗
# above the bars. The sliders for $w_1$, $w_2$ and $b$ go from $-20$ to $20$, enough for every number in this
# notebook. Here is AND, as a still picture:

# %%
NeuronExplorer(w1=1.0, w2=1.0, b=-1.5, target="AND").show()

# %% [markdown]
# Now the live version. Try these, one at a time:
# 1. Move only $b$. The line slides but keeps its direction. Where does AND turn into OR?
# 2. Make the line steeper or flatter with $w_1$ and $w_2$. What happens when one weight is 0?
# 3. Choose the target NAND and find weights for it (you will need them in Exercise 01.2).
# 4. Choose XOR and try your prediction.

# %% tags=["nbval-ignore-output"]
NeuronExplorer(w1=1.0, w2=1.0, b=-1.5, target="AND").widget()

# %% [markdown]
# **XOR does not work, whatever you try.** The two 1-patterns sit on one diagonal of the square and the
# two 0-patterns on the other; no straight line puts both 1s on one side and both 0s on the other. The
# best one line can do is 3 out of 4:

# %%
NeuronExplorer(w1=1.0, w2=1.0, b=-0.5, target="XOR").show()

# %% [markdown]
# A problem that one line can split is called **linearly separable**. AND, OR, NAND and NOR are; XOR is
# not. Notebook 03 solves XOR by putting two neurons in front of a third, so that two lines work together.
#
# ## Exercises
#
# Each exercise has a cell for your answer with a check under it. Replace every `...`, run the cell and
# read the check's message. `hint("01.1")` gives a hint, a stronger one each time you ask.
# Worked solutions are in the **solutions edition** of this notebook, [solutions/01_the_neuron.ipynb](../solutions/01_the_neuron.ipynb) (a collapsed cell under each exercise there).
# If you started the course with `nnteach start`, the solutions are one command away: run
# `nnteach solutions solutions` in the folder that holds your course folder, and this link opens them.
#
# ### Exercise 01.1 · A state and an activation by hand
#
# A logistic neuron has weights $w_1 = 1.5$, $w_2 = -2.0$ and bias $b = 0.5$. Its inputs are
# $x_1 = 1.0$ and $x_2 = 0.25$. Compute its state $s$ with (1.1) and its activation $y$ with (1.3), using
# plain Python (`np.exp` is fine), not `nnteach.Neuron`.

# %%
from nnteach.checks import check_state_and_activation, check_nand_weights, hint

s = ...   # the state
y = ...   # the activation

check_state_and_activation(s, y)

# %% tags=["solution"]
s = 1.5 * 1.0 + (-2.0) * 0.25 + 0.5 * 1     # (1.1): weighted inputs plus the bias times 1
y = 1 / (1 + np.exp(-s))                     # (1.3)
print(f"s = {s:.4f}, y = {y:.4f}")
check_state_and_activation(s, y)

# %% [markdown]
# ### Exercise 01.2 · NAND from one neuron
#
# NAND ("not and") is 0 only at $(1,1)$. Find $w_1$, $w_2$ and $b$ that make one logistic neuron compute
# it. Think about the state at each corner first, then try your numbers in the explorer with the target NAND.

# %%
w1 = ...
w2 = ...
b = ...

check_nand_weights(w1, w2, b)

# %% tags=["solution"]
# NAND is NOT AND: flip every sign of AND's weights (here scaled by 4 for confident outputs).
w1, w2, b = -4.0, -4.0, 6.0
check_nand_weights(w1, w2, b)

# %% [markdown]
# ## What to remember
# - A neuron's state is a weighted sum, $s_j = \sum_i w_{ji} y_i + b_j$ (1.1); its output is $y_j = f(s_j)$ (1.2).
# - The bias is just the weight from an input that is always 1.
# - The logistic $\sigma(s) = 1/(1 + e^{-s})$ squashes any state into $(0, 1)$, with $\sigma(0) = 0.5$.
# - A two-input neuron splits its input plane with the line $w_1 x_1 + w_2 x_2 + b = 0$: the bias moves
#   the line, larger weights make the decision sharper.
# - One neuron can compute AND, OR, NAND, NOR, but not XOR: XOR is not linearly separable.
#
# ## Next
# [02 · Activation functions](02_activation_functions.ipynb): logistic, tanh and friends, their slopes,
# and where a neuron stops responding.
