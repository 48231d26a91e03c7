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
# # 03 · Feed-forward networks
#
# One neuron draws one line (notebook 01). Put neurons in **layers**, each layer feeding the next, and the
# lines start working together: a network with one hidden layer can compute XOR, which no single neuron can.
# This notebook runs such a network forward, first by hand and then as matrix products.
#
# **You will learn**
# 1. how units are arranged in layers, and how a **forward pass** computes every state and activation;
# 2. to write a layer as a matrix product, with the weights stored **"to × from"**;
# 3. to follow a small network's forward pass with every number shown (the course's worked example);
# 4. why XOR needs a hidden layer, and how two hidden units solve it.
#
# **Before you start:** [01 · The neuron](01_the_neuron.ipynb) (state, activation, a neuron as a line) and
# [02 · Activation functions](02_activation_functions.ipynb) (the logistic $\sigma$).

# %%
# %matplotlib inline
import numpy as np
import nnteach
from nnteach.viz import XOR_SOLUTION, XorExplorer, show_network

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. Units in layers
#
# Here is the network this notebook works with: two inputs, two **hidden** units and one output unit, every
# unit connected to every unit of the next layer (a 2-2-1 network). As before, line width shows the size of
# a weight, colour its sign (blue positive, orange negative), each number sits on its own line, near the unit
# that receives it, and each square "1" is the always-on input that carries the biases of the next layer. The numbers are the weights of the course's worked example (the same network returns in notebook 05).

# %%
net = nnteach.Perceptron(2, 2, 1)                 # all units logistic
net.params["W1"][...] = [[0.5, -0.4],             # weights into h1: from x1, from x2
                         [0.3, 0.8]]              # weights into h2: from x1, from x2
net.params["b1"][...] = [0.1, -0.2]
net.params["W2"][...] = [[0.7, -0.6]]             # weights into o: from h1, from h2
net.params["b2"][...] = [0.05]

show_network(net, title="a 2-2-1 network")

# %% [markdown]
# Layer 0 holds the inputs: its units do no computing, their activations are simply $y_i = x_i$. Every
# later layer $l = 1, \dots, L$ computes exactly what one neuron of notebook 01 computed, for each of its
# units $j$, from the activations of the layer before:
#
# $$ s_j = \sum_{i \in l-1} w_{ji}\, y_i + b_j, \qquad y_j = f(s_j). \tag{3.1} $$
#
# A **forward pass** applies (3.1) layer after layer, from the inputs to the outputs. Information only flows
# forward, hence the name *feed-forward network*.
#
# ## 2. A forward pass by hand
#
# The input is $x = (0.8,\ 0.2)$. First the hidden layer, one unit at a time:
#
# | unit | state $s$ (3.1) | activation $y = \sigma(s)$ |
# |---|---|---|
# | $h_1$ | $0.5 \cdot 0.8 + (-0.4) \cdot 0.2 + 0.1 = 0.4200$ | $0.6035$ |
# | $h_2$ | $0.3 \cdot 0.8 + 0.8 \cdot 0.2 + (-0.2) = 0.2000$ | $0.5498$ |
#
# Then the output unit. Its inputs are the hidden **activations**, not their states:
#
# | unit | state $s$ (3.1) | activation $y = \sigma(s)$ |
# |---|---|---|
# | $o$ | $0.7 \cdot 0.6035 + (-0.6) \cdot 0.5498 + 0.05 \approx 0.1425$ | $0.5356$ |
#
# (The $0.1425$ is computed from the unrounded activations $0.60348\ldots$ and $0.54983\ldots$; with the
# 4-decimal values printed in the table the sum comes to $0.1426$. A network never rounds in between, and
# neither should you.)
#
# `nnteach.NeuronNetwork` does exactly this, one `Neuron` at a time (`NeuronNetwork.activate` loops over the
# layers and calls `Neuron.activate` for each unit):

# %%
neurons = nnteach.NeuronNetwork.from_perceptron(net)
neurons.activate([0.8, 0.2])

for name, unit in [("h1", neurons.layers[0][0]), ("h2", neurons.layers[0][1]), ("o ", neurons.layers[1][0])]:
    print(f"{name}:  s = {unit.s:.4f}   y = {unit.y:.4f}")

# %% [markdown]
# And the same numbers on the picture: every unit shows its state and activation, shaded by its activation.

# %%
show_network(net, x=[0.8, 0.2], title="forward pass for x = (0.8, 0.2)")

# %% [markdown]
# ## 3. A layer is a matrix product
#
# Collect the weights into layer $l$ in a matrix $W^{(l)}$ with one **row per receiving unit** and one
# **column per sending unit**: $W^{(l)}_{ji} = w_{ji}$, "to × from", shape $(n_l, n_{l-1})$. Then (3.1) for a
# whole layer is one matrix-vector product:
#
# $$ s^{(l)} = W^{(l)}\, y^{(l-1)} + b^{(l)}, \qquad y^{(l)} = f\big(s^{(l)}\big). \tag{3.2} $$
#
# Row $j$ of $W^{(l)}$ times the vector $y^{(l-1)}$ is exactly the sum $\sum_i w_{ji} y_i$. For our network
# $W^{(1)}$ is $2 \times 2$ and $W^{(2)}$ is $1 \times 2$; `nnteach.Perceptron` stores them as
# `params["W1"]` and `params["W2"]`, with the biases in `params["b1"]`, `params["b2"]`.

# %%
W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
x = np.array([0.8, 0.2])

s_h = W1 @ x + b1                        # (3.2), layer 1
y_h = nnteach.activations.logistic(s_h)
s_o = W2 @ y_h + b2                      # (3.2), layer 2
y_o = nnteach.activations.logistic(s_o)
print(f"s_h = ({s_h[0]:.4f}, {s_h[1]:.4f})   y_h = ({y_h[0]:.4f}, {y_h[1]:.4f})")
print(f"s_o = {s_o[0]:.4f}   y_o = {y_o[0]:.4f}")
print(f"Perceptron.forward(x) = {net.forward(x)[0]:.4f}")

# %% [markdown]
# To run many patterns at once, stack them as the **rows** of a matrix $X$ of shape $(B, n_0)$. Every row
# goes through the same product, which for row vectors reads
#
# $$ S^{(l)} = Y^{(l-1)}\, W^{(l)\top} + \mathbf{1}\, b^{(l)\top}, \qquad Y^{(l)} = f\big(S^{(l)}\big), \tag{3.3} $$
#
# with one row per pattern ($Y^{(0)} = X$). Here $\mathbf{1}$ is a column of $B$ ones, one per pattern, so
# $\mathbf{1}\, b^{(l)\top}$ is a $(B, n_l)$ matrix whose every row is the bias row $b^{(l)\top}$: it copies
# the biases to every pattern, just as each pattern's always-1 input would. (numpy does this copying for
# you: adding a vector of shape $(n_l,)$ to a $(B, n_l)$ matrix adds it to every row, "broadcasting".) This is what `Perceptron.forward` computes for a batch
# (`Perceptron.forward_all` returns every layer). Here are the four XOR patterns in one go:

# %%
X, T = nnteach.datasets.xor()
Y0, Y1, Y2 = net.forward_all(X)           # (3.3) for every layer
for x, y_h, y_o, t in zip(X, Y1, Y2[:, 0], T[:, 0]):
    print(f"x = ({x[0]:.0f}, {x[1]:.0f})   y_h = ({y_h[0]:.4f}, {y_h[1]:.4f})   y_o = {y_o:.4f}   target {t:.0f}")

# %% [markdown]
# These weights were not chosen for XOR, and they do not compute it: every output is close to 0.5.
# Let us choose better ones.
#
# ## 4. Why XOR needs a hidden layer
#
# One neuron draws one line, and no single line separates XOR's 1s, at $(0,1)$ and $(1,0)$, from its 0s, at
# $(0,0)$ and $(1,1)$ (notebook 01). Two hidden units can draw **two** lines, and the output unit can combine
# what they say. One way: XOR is "OR, but not AND".
# - $h_1$ computes **OR** (weights $5, 5$, bias $-2.5$): on everywhere except near $(0,0)$;
# - $h_2$ computes **AND** (weights $5, 5$, bias $-7.5$): on only near $(1,1)$;
# - the output computes "$h_1$ and not $h_2$" (weights $5$ from $h_1$, $-5$ from $h_2$, bias $-2.5$).
#
# Look at what the hidden layer does to the four patterns:

# %%
xor_net = nnteach.Perceptron(2, 2, 1)
xor_net.params["W1"][...] = [[XOR_SOLUTION["w_h1x1"], XOR_SOLUTION["w_h1x2"]],
                             [XOR_SOLUTION["w_h2x1"], XOR_SOLUTION["w_h2x2"]]]
xor_net.params["b1"][...] = [XOR_SOLUTION["b_h1"], XOR_SOLUTION["b_h2"]]
xor_net.params["W2"][...] = [[XOR_SOLUTION["w_oh1"], XOR_SOLUTION["w_oh2"]]]
xor_net.params["b2"][...] = [XOR_SOLUTION["b_o"]]

_, H, Y = xor_net.forward_all(X)
for x, h, y, t in zip(X, H, Y[:, 0], T[:, 0]):
    print(f"x = ({x[0]:.0f}, {x[1]:.0f})  ->  hidden (h1, h2) = ({h[0]:.4f}, {h[1]:.4f})  ->  y_o = {y:.4f}"
          f"   target {t:.0f}")

# %% [markdown]
# In the **hidden** units' coordinates the problem has changed: $(0,1)$ and $(1,0)$ both land near $(1, 0)$,
# while $(0,0)$ lands near $(0,0)$ and $(1,1)$ near $(1,1)$. Now one line does separate them, and the output
# unit is that line. This is the whole idea of a hidden layer: it **re-represents** the inputs so that the
# next layer's simple lines are enough.
#
# **Predict.** The explorer below starts with both hidden units drawing the *same* line (both compute OR,
# with the output weights of section 4). Can the network compute XOR like that? If not, which *one* slider
# would you move to fix it? Write your answer in the next cell **before** you scroll on: the pictures
# further down give it away.

# %%
my_prediction = "..."   # e.g. "yes" or "no, move ... to ..."

# %% [markdown]
# ## Explore
#
# Left: where each hidden unit is on ($y > 0.5$): $h_1$'s side is hatched with sparse thick lines and outlined
# by a solid green line, $h_2$'s side with dense thin lines the other way and outlined by a dashed purple line;
# where both are on, the hatches cross (the legend under the panel says which is which). Middle: the network's
# output over the input plane (white near 0, purple near 1), with the four patterns (filled dots should be 1,
# open dots 0) and each output marked ✓ (right) or ✗ (wrong). Right: the network, line width $= |w|$, blue
# positive and orange negative weights, each weight written on its own line near the unit it goes into (the
# biases near their always-1 unit).
#
# In the live version, first test your prediction: move the one slider you chose and watch the summary
# line. Then try:
# 1. Flip the sign of **w o←h2**. What does the network compute now?
# 2. Make every weight smaller (say $\pm 1$ instead of $\pm 5$). Is XOR still solved? What happens to the outputs?
# 3. Find a different solution with $h_2$ as NAND instead of AND: which weights of $h_2$ change, and what must
#    the output unit do now? (That is Exercise 03.2.)

# %% tags=["nbval-ignore-output"]
XorExplorer().widget()

# %% [markdown]
# <details>
# <summary><b>Answer to the Predict question</b> (open it after you have tried)</summary>
#
# No: two identical hidden units are no better than one, because the output sees the same line twice. One
# slider is enough: move **b h2** down to $-7.5$. The dashed line of $h_2$ jumps to the AND corner, $h_2$ now
# computes AND, and the network computes "$h_1$ and not $h_2$" = XOR, the solution of section 4.
# </details>
#
# The still pictures, for reading without a live kernel: first the explorer's start (both hidden units OR),
# then the solution of section 4.

# %%
XorExplorer().show()

# %%
XorExplorer(**XOR_SOLUTION).show()

# %% [markdown]
# ## Exercises
#
# Replace every `...`, run the cell and read the check's message; `hint("03.1")` gives graded hints.
# Worked solutions are in the **solutions edition** of this notebook, [solutions/03_feedforward_networks.ipynb](../solutions/03_feedforward_networks.ipynb) (a collapsed cell under each exercise there).
# If you started the course with `nnteach start`, the solutions are one command away: run
# `nnteach solutions solutions` in the folder that holds your course folder, and this link opens them.
#
# ### Exercise 03.1 · A forward pass with matrices
#
# Take the worked-example network of sections 1–3 (`W1`, `b1`, `W2`, `b2` are still defined) and a **new**
# input $x = (0, 1)$. Compute the hidden states `s_h` and activations `y_h` (two numbers each) and the
# output's state `s_o` and activation `y_o`, with (3.2) and numpy, not `net.forward`.

# %%
from nnteach.checks import check_forward_pass, check_xor_weights, hint

x = np.array([0.0, 1.0])
s_h = ...
y_h = ...
s_o = ...
y_o = ...

check_forward_pass(s_h, y_h, s_o, y_o)

# %% tags=["solution"]
x = np.array([0.0, 1.0])
s_h = W1 @ x + b1                                  # (3.2): row j of W1 = weights into hidden unit j
y_h = 1 / (1 + np.exp(-s_h))
s_o = W2 @ y_h + b2                                # the output unit receives y_h, not s_h
y_o = 1 / (1 + np.exp(-s_o))
print(f"s_h = ({s_h[0]:.4f}, {s_h[1]:.4f})  y_h = ({y_h[0]:.4f}, {y_h[1]:.4f})  "
      f"s_o = {s_o[0]:.4f}  y_o = {y_o[0]:.4f}")
check_forward_pass(s_h, y_h, s_o, y_o)

# %% [markdown]
# ### Exercise 03.2 · Weights that solve XOR
#
# Choose the weights of a 2-2-1 logistic network that computes XOR, this time with $h_1$ as **OR** and $h_2$ as
# **NAND** (section 4 used OR and AND; that solution does not count here). Where are both hidden units on,
# and what must the output unit compute from them? Write them in `nnteach`'s shapes: `W1` is $2 \times 2$ ("to × from": row $j$ holds the weights
# into hidden unit $j$), `b1` has 2 numbers, `W2` is $1 \times 2$, `b2` has 1 number. The explorer is a good
# place to try them first.

# %%
W1_xor = ...   # [[w_h1x1, w_h1x2], [w_h2x1, w_h2x2]]
b1_xor = ...   # [b_h1, b_h2]
W2_xor = ...   # [[w_oh1, w_oh2]]
b2_xor = ...   # [b_o]

check_xor_weights(W1_xor, b1_xor, W2_xor, b2_xor)

# %% tags=["solution"]
# h1 = OR, h2 = NAND; XOR is on exactly where both are on, so the output is an AND of h1 and h2.
W1_xor = [[5.0, 5.0], [-5.0, -5.0]]
b1_xor = [-2.5, 7.5]
W2_xor = [[5.0, 5.0]]
b2_xor = [-7.5]
check_xor_weights(W1_xor, b1_xor, W2_xor, b2_xor)

# %% [markdown]
# ## What to remember
# - A feed-forward network applies the neuron's rule $s_j = \sum_i w_{ji} y_i + b_j$, $y_j = f(s_j)$ layer by
#   layer, from the inputs to the outputs (3.1).
# - With weights stored "to × from", $W_{ji} = w_{ji}$, a layer is $s = W y + b$ (3.2); a batch of patterns
#   in rows is $S = Y W^\top + b$ (3.3).
# - The next layer receives activations $y$, not states $s$; and every unit but the inputs has a bias.
# - Hidden units re-represent the inputs: two lines together can separate XOR, which one line cannot.
#
# ## Next
# [04 · Error and gradient descent](04_error_and_gradient_descent.ipynb): we picked XOR's weights by hand;
# next, a network finds its own by walking downhill on its error.
