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
# # 05 · Backpropagation
#
# In notebook 04 you found the slope of the error for one weight with the chain rule. A network needs the
# slope for *every* weight, at every training step. Backpropagation gets them all in one backward sweep:
# each unit computes one number, its **delta**, from the deltas of the units it feeds, and every weight
# change follows from the deltas. This is the **delta rule**.
#
# **You will learn**
# 1. to compute the delta of an output unit from the injected error $t - y$;
# 2. to compute the delta of a hidden unit from the deltas of the next layer;
# 3. to update every weight with $\Delta w_{ji} = \varepsilon\, \delta_j\, y_i$, and to follow one whole
#    forward and backward pass of a network with every number shown;
# 4. to check any gradient numerically with `nnteach.gradcheck`;
# 5. to train a network on XOR and watch its decision boundary form.
#
# **Before you start:** [04 · Error and gradient descent](04_error_and_gradient_descent.ipynb) (the error $E$,
# slopes, $w \leftarrow w - \varepsilon\,dE/dw$, and the chain rule of Exercise 04.2);
# [03 · Feed-forward networks](03_feedforward_networks.ipynb) (the forward pass of the same 2-2-1 network);
# [02 · Activation functions](02_activation_functions.ipynb) ($f'(s) = y(1-y)$ for the logistic function).

# %%
# %matplotlib inline
import numpy as np
import nnteach
from nnteach import gradcheck
from nnteach.datasets import worked_example
from nnteach.viz import BackpropStepper, TrainingReplay
from nnteach.checks import (check_output_delta, check_hidden_delta, check_weight_update, check_backward,
                            tiny_forward, hint)

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The forward pass, once more
#
# The worked example of notebooks 03 and 04: input $x = (0.8,\ 0.2)$, target $t = 1$, learning rate
# $\varepsilon = 0.5$, all units logistic. Every unit $j$ computes
#
# $$s_j = \sum_i w_{ji}\, y_i + b_j, \qquad y_j = f(s_j), \tag{5.1}$$
#
# where the $y_i$ are the activations of the units feeding it (for the hidden units, the inputs $x_i$).
# `nnteach.Neuron.activate` does exactly this, one neuron at a time; `NeuronNetwork` strings neurons into
# layers. The step-through below has seven steps, numbered 0 to 6; here it stops after the forward pass, at
# step 2: the states $s$, activations $y$ and slopes $f'$ are written beside each unit, the weights on the
# lines, and grey arrows show the step's numbers flowing *forward*, from $h_1$, $h_2$ and the bias into $o$.

# %%
net, x, t, rate = worked_example()
neurons = nnteach.NeuronNetwork.from_perceptron(net)     # the same weights, neuron by neuron
y_out = neurons.activate(x)                               # Eq. (5.1) for every unit
print(f"y_o = {y_out[0]:.4f}, E = ½(t − y_o)² = {0.5 * (t[0] - y_out[0]) ** 2:.4f}")
BackpropStepper(step=2).show()

# %% [markdown]
# ## 2. Deltas: how much each unit is to blame
#
# In notebook 04 the slope for $w_{oh_1}$ was a product of three factors,
# $-(t - y_o)\cdot f'(s_o)\cdot y_{h_1}$. The first two belong to the output unit, not to the weight: every
# weight into $o$ shares them. So give them a name. The **delta** of unit $j$ is minus the slope of the error
# with respect to its state:
#
# $$\delta_j = -\frac{\partial E}{\partial s_j}. \tag{5.2}$$
#
# **Sign convention (used in the whole course).** With the minus in (5.2), a positive $\delta_j$ means
# "the error falls if $s_j$ grows", and every update is written with a *plus* sign,
# $\Delta w = +\varepsilon\,\delta\,y$, as in the *Neural Networks 101* text and in Synaptic. In code,
# `loss_and_grads` returns the plain slopes `grads` $= \partial E/\partial w = -\delta\, y$, and training
# steps along their minus, $w \leftarrow w - \varepsilon\,$`grads`. Both describe the same step; section 4
# checks that they agree number for number.
#
# ### Output units: the injected error
# For an output unit, the chain rule of notebook 04 gives, with $E = \tfrac12 (t_o - y_o)^2$,
#
# $$\delta_o = (t_o - y_o)\, f'(s_o) \qquad \text{(MSE)}. \tag{5.2a}$$
#
# The difference $t_o - y_o$ is the **injected error**: what the target says the output should add. The factor
# $f'(s_o) = y_o(1 - y_o)$ says how much the output can still move.
#
# > **Another error: cross-entropy.** For an output that should be 0 or 1 there is a second common error,
# > the *cross-entropy*
# >
# > $$E = -\bigl[t \ln y_o + (1 - t)\ln(1 - y_o)\bigr], \qquad\text{which gives}\qquad
# > \delta_o = t_o - y_o \quad\text{(cross-entropy, logistic output)}. \tag{5.3}$$
# >
# > With $t = 1$ it is just $E = -\ln y_o$: 0 when $y_o = 1$, large when $y_o$ is near 0. Why no $f'$? Its slope
# > is $dE/dy_o = -\dfrac{t - y_o}{y_o(1 - y_o)}$, and $y_o(1 - y_o)$ is exactly $f'(s_o)$, so in
# > $\delta_o = -\dfrac{dE}{dy_o}\, f'(s_o)$ the two cancel. An output stuck near 0 or 1, where $f'$ is tiny,
# > then still gets a large delta. The rest of backpropagation (hidden deltas, weight changes) is the same
# > for both errors; the step-through lets you switch between them.
#
# `Neuron.output_delta` implements (5.2a) and (5.3):

# %%
o = neurons.layers[1][0]
delta_o = o.output_delta(t[0])            # (t − y) f'(s), Eq. (5.2a)
print(f"δ_o = (1 − {o.y:.4f}) · {o.derivative:.4f} = {delta_o:.4f}")

# %% [markdown]
# ### Hidden units: deltas flow backwards
# A hidden unit $h$ has no target. It affects the error only through the units $k$ it feeds: a change of
# $s_h$ changes $y_h$ by $f'(s_h)$, which changes each $s_k$ by $w_{kh}$. Summing over those paths,
#
# $$\delta_h = f'(s_h) \sum_k \delta_k\, w_{kh}. \tag{5.4}$$
#
# The deltas of a layer are computed from the deltas of the *next* layer, sent back along the same weights
# that carried the activations forward. That is why it is called back-propagation.
#
# **Predict.** The output is too small, so $\delta_o > 0$. Unit $h_1$ feeds the output through
# $w_{oh_1} = 0.7$, unit $h_2$ through $w_{oh_2} = -0.6$. What are the signs of $\delta_{h_1}$ and
# $\delta_{h_2}$? What does each sign say about the unit? Then run the cell (`Neuron.hidden_delta`, Eq. 5.4).

# %%
h1, h2 = neurons.layers[0]
print(f"δ_h1 = {h1.hidden_delta([(o.delta, o.weights[0])]):.4f}")    # f'(s_h1) · δ_o · w_oh1
print(f"δ_h2 = {h2.hidden_delta([(o.delta, o.weights[1])]):.4f}")    # f'(s_h2) · δ_o · w_oh2
BackpropStepper(step=4).show()

# %% [markdown]
# In the figure the backward pass runs right to left, in purple: the injected error $t - y_o$ enters the
# output from its target (step 3), and $\delta_o$ travels back along $w_{oh_1}$ and $w_{oh_2}$ to the hidden
# units (step 4, the bold arrows). Each $\delta$ is written in purple beside its unit.
#
# $\delta_{h_2} < 0$: $h_2$ pushes the output *down* (negative weight), so the error falls if $h_2$ is
# quieter. Note also how much smaller the hidden deltas are than $\delta_o$: each layer multiplies by an
# $f'$ of at most $0.25$. (Notebook 07 returns to this fading.)
#
# ## 3. The delta rule: every weight change
#
# With the deltas known, the slope for any weight is the delta of the unit it feeds times the activation it
# carries, and gradient descent becomes
#
# $$-\frac{\partial E}{\partial w_{ji}} = \delta_j\, y_i, \qquad \Delta w_{ji} = \varepsilon\,\delta_j\, y_i,
# \qquad \Delta b_j = \varepsilon\,\delta_j. \tag{5.5}$$
#
# The bias is a weight from an input that is always 1, so its change is just $\varepsilon\,\delta_j$.
# `Neuron.update` applies (5.5) to its weights and bias. Here are the last two steps of the step-through:
# the changes $\Delta w$ (step 5), and the updated weights (step 6). In step 6 the forward pass is run again
# with the new weights, so the units show their *new* states and activations ("new pass"), and the corner
# shows the error before and after the step:

# %%
BackpropStepper(step=5).show()

# %%
neurons.update(rate)                        # Δw = ε δ y for every neuron, Eq. (5.5)
y_new = neurons.activate(x)[0]
print(f"after one step: y_o = {y_new:.4f}, E = {0.5 * (t[0] - y_new) ** 2:.4f}")
BackpropStepper(step=6).show()

# %% [markdown]
# One step, and the error fell from 0.1078 to 0.0965: these are the numbers of the course's worked example,
# to 4 decimals. (The new bias $b_o = 0.05 + 0.5\,\delta_o = 0.1078$ equals the old error only by
# coincidence, as the figure notes.)
#
# *Reading the code:* the docstrings of `nnteach` cite these equations by the numbers used here. Try
# `nnteach.Neuron.hidden_delta??` to see (5.4) as a loop.
#
# **Predict.** With the cross-entropy error (5.3), $E = -\ln y_o$ here and $\delta_o = t - y_o$: no factor
# $f'(s_o) \approx 0.25$. Will the step be larger or smaller? By about how much?

# %%
print(BackpropStepper(step=3, cost="cross_entropy").text)
print(BackpropStepper(step=6, cost="cross_entropy").text)

# %% [markdown]
# About four times larger, because $1/f'(s_o) \approx 4$: the $f'$ that cross-entropy cancels would have shrunk
# the delta fourfold. (The error values differ too, 0.6244 against 0.1078: they are different measures, so
# compare how much each one falls, not the numbers themselves.)
#
# ## 4. The same rule as matrices
#
# Looping over neurons is clear but slow. `Perceptron.loss_and_grads` does the same sweep with whole
# layers and a whole batch of $B$ patterns at once, one pattern per row: the output deltas
# $D = (T - Y) \odot f'$ for all units, the hidden deltas $(D\, W) \odot f'$, and the gradients
# $-\tfrac1B D^\top Y$. The $\tfrac1B$ is there because the error of a batch is the mean (4.2) of the
# patterns' errors, so its gradient is the mean of their gradients (for our one pattern, $B = 1$). It returns
# `grads` $= \partial E/\partial w$, the minus of $\delta\,y$, so $\Delta w = -\varepsilon\,$`grads`. (To read it, run
# `nnteach.Perceptron.loss_and_grads??`: it checks its inputs and then calls a private fast version,
# `_loss_and_grads`, which holds the layer-by-layer loop.)

# %%
E, grads = net.loss_and_grads(x, t)         # the vectorised delta rule
dW2, dW1 = -rate * grads["W2"], -rate * grads["W1"]
print(f"Δw for (w_oh1, w_oh2): ({dW2[0, 0]:.4f}, {dW2[0, 1]:.4f})")
print(f"Δw for the hidden weights: h1 ← (x1, x2): ({dW1[0, 0]:.4f}, {dW1[0, 1]:.4f}), "
      f"h2 ← (x1, x2): ({dW1[1, 0]:.4f}, {dW1[1, 1]:.4f})")

# %% [markdown]
# The same numbers as the step-through's step 5 — the tests of `nnteach` check that the neuron loops and the
# matrix code agree for every weight.
#
# ## 5. Trust, but check: gradient checking
#
# Backpropagation code is easy to get *almost* right: a missing $f'$, a transposed matrix or a flipped sign
# still gives numbers, and the network may even learn a little. The cure is the central difference of
# notebook 04, applied to every parameter $\theta$:
#
# $$g_\theta \approx \frac{E(\theta + h) - E(\theta - h)}{2h}, \qquad
# r = \frac{\lVert g - g^{\text{backprop}} \rVert}{\lVert g \rVert + \lVert g^{\text{backprop}} \rVert}. \tag{5.6}$$
#
# As a rule of thumb, in float64 with $h = 10^{-5}$, a correct backward pass gives $r < 10^{-8}$; a missing
# term or factor gives a clearly larger $r$ (from about $10^{-6}$ up). $r = 1$ means the two gradients have
# nothing in common: either the sign is reversed, or one of them is zero (a gradient you forgot to compute).
# The rule assumes gradients of ordinary size, as here. The central difference itself is exact only to
# about $10^{-16}\,E/h$ (the rounding of $E$, divided by $2h$), so a *tiny* gradient, say $10^{-7}$, can
# show a larger $r$ even when it is right. `nnteach.gradcheck` knows this: it also accepts a gradient that
# agrees to within that rounding, and says so in its verdict. It checks any function of named arrays and
# reports a verdict for each one (it is general, so it calls the error $L$, for *loss*; here $L$ is our $E$):

# %%
report = gradcheck.check_model(net, x, t)  # central differences vs net.loss_and_grads
for row in report.rows:
    print(f"{row.name}: {row.verdict}")

# %% [markdown]
# And a classic mistake, caught: hand it the course's $\delta\,y$ (the direction of $\Delta w$) where it
# expects $\partial E/\partial w$:

# %%
deltas_times_y = {name: -g for name, g in grads.items()}      # δ·y instead of ∂E/∂w
loss = lambda params: net.loss_and_grads(x, t)[0]             # E as a function of the (perturbed) weights
report = gradcheck.check(loss, net.params, deltas_times_y)
print(report.rows[0].verdict)

# %% [markdown]
# ## 6. Training XOR
#
# Now let the delta rule run: `nnteach.train` repeats forward pass, backward pass and update for every
# pattern, epoch after epoch. XOR needs the hidden layer (notebook 03). A callback keeps a copy of the
# network every 25 epochs, so that we can look back.
#
# The network starts from `init="xavier"`: its weights are drawn at random from a range scaled to the sizes
# of the layers they connect, which breaks the symmetry between the hidden units faster than the default,
# Synaptic's small weights in $\pm 0.1$.
#
# **Predict.** The network trains for 1500 epochs. Will its error fall at a steady pace, or in some other
# way? And what will its four outputs be after 25 epochs, before it has learned much? Write down your
# guesses, then run the cell: it prints the outputs at four epochs.

# %%
X, T = nnteach.datasets.xor()
xor_net = nnteach.Perceptron(2, 2, 1, seed=3, init="xavier")
snapshots = {}

def keep(info):                              # train calls this every 25 epochs
    snapshots[info["epoch"]] = info["model"].copy()

result = nnteach.train(xor_net, (X, T), rate=0.5, iterations=1500, error=0.0, callback=keep, every=25)
show = lambda values: "  ".join(f"{v:.2f}" for v in values)      # 2 decimals, one format
for epoch in (25, 500, 750, 1500):
    print(f"epoch {epoch:4d}: outputs {show(snapshots[epoch].forward(X)[:, 0])}")
print(f"targets        {show(T[:, 0])}")
y = xor_net.forward(X)
print(f"reported error (mean of (t − y)²): {result.history[-1]:.4f}; "
      f"the course's E = mean of ½(t − y)², Eq. (4.2): {np.mean(0.5 * (T - y) ** 2):.4f}")

# %% [markdown]
# **Two error numbers.** `train` reports the error as Synaptic does: the mean of $(t - y)^2$ over the patterns
# *and* over the $K$ output units, without the ½ of our $E$. Our $E$ (4.1)/(4.2) sums ½$(t - y)^2$ over the
# output units and takes the mean over the patterns. So the reported error is $2E/K$: with one output unit,
# as here, twice the course's $E$ (0.0041 against 0.0021 above); with two output units it would equal $E$.
# Both fall together; the replay below plots the reported one, and its axis says so.
#
# The replay below shows the output $y$ over the whole input plane (white for 0, purple for 1, as in
# notebooks 01 and 03; the black line is $y = 0.5$) at an epoch, next to the error curve. Its summary prints
# the four outputs and counts an output as *clearly right* when it is on the right side of 0.5 by at least
# 0.1 (an output of 0.49 for a target 0 is on the right side, but only just):

# %%
TrainingReplay(epoch=300).show()

# %%
TrainingReplay(epoch=1500).show()

# %% [markdown]
# The error does not fall at a steady pace. Over the first 500 epochs it falls slowly, from 0.26 to 0.15:
# the network draws a single straight boundary that puts (0, 0) on one side and the other three patterns on the
# other (at epoch 300 it answers 0.25, 0.60, 0.58, 0.61: it computes OR, three of four right), and one line
# cannot do better. Between epochs 500 and 700 the error drops steeply, to 0.04: the second hidden unit finds
# its role, (1, 1) flips to the right side, and the boundary becomes two lines, a band around the diagonal from
# (0, 1) to (1, 0), where exactly one input is on. After that it only sharpens, ever more slowly.
#
# ## Explore
#
# **Step through backpropagation.** Move the step slider from the inputs to the updated weights: the grey
# arrows carry the forward pass toward the output (steps 1 and 2), the purple ones carry the deltas back toward
# the inputs (steps 3 to 5; in step 5 the hidden deltas reach the first layer's weights). Switch the cost between
# MSE and cross-entropy and watch which numbers change (and which do not).

# %%
stepper = BackpropStepper(step=6)
stepper.show()

# %% tags=["nbval-ignore-output"]
BackpropStepper().widget()

# %% [markdown]
# **Replay the training.** Scrub through the epochs. When does the first pattern flip to the right side? Then
# try seed 1: its error sits at 0.25 for about 400 epochs, a true *plateau*, where the error hardly changes.
# 0.25 is what answering 0.5 to every pattern scores: the network is undecided everywhere, and its slopes are
# nearly zero. Between epochs 500 and 900 it leaves the plateau and learns XOR. Seed 0 stays on that plateau
# until about epoch 500, leaves it around epoch 600, and then settles on a *second* plateau at about 0.13: it
# gets (0,0) and (1,0) right, but answers 0.49 and 0.50 for (0,1) and (1,1), undecided. The error surface of a
# network has flat regions like these that gradient descent can take very long to leave (remedies are coming in
# notebook 06).

# %%
replay = TrainingReplay(epoch=750)
replay.show()

# %% tags=["nbval-ignore-output"]
TrainingReplay().widget()

# %% [markdown]
# ## Exercises
#
# Replace each `...`, run the cell and read the check. `hint("05.1a")` (and so on) gives graded hints, a
# stronger one each time you ask (`hint("05.1a", reset=True)` starts again).
# Worked solutions are in the **solutions edition** of this notebook, [solutions/05_backpropagation.ipynb](../solutions/05_backpropagation.ipynb) (a collapsed cell under each exercise there) — try first.
# If you started the course with `nnteach start`, the solutions are one command away: run
# `nnteach solutions solutions` in the folder that holds your course folder, and this link opens them.
#
# ### Exercise 05.1 · Deltas by hand
# The worked example, MSE. Its activations are printed below.
#
# **05.1a** Compute the delta of the output unit, Eq. (5.2a). Hints: `hint("05.1a")`.

# %%
_, y_hidden, y_output = net.forward_all(x)
y_h1, y_h2, y_o = y_hidden[0], y_hidden[1], y_output[0]
print(f"y_h1 = {y_h1:.4f}, y_h2 = {y_h2:.4f}, y_o = {y_o:.4f}, t = {t[0]:.0f}")

my_delta_o = ...        # δ_o = (t − y_o) f'(s_o)
check_output_delta(my_delta_o)

# %% tags=["solution"]
# Solution 05.1a
my_delta_o = (t[0] - y_o) * y_o * (1 - y_o)
check_output_delta(my_delta_o)

# %% [markdown]
# **05.1b** Now the delta of hidden unit $h_1$, Eq. (5.4): it feeds the output through $w_{oh_1} = 0.7$.
# Use your $\delta_o$ from 05.1a. Hints: `hint("05.1b")`.

# %%
my_delta_h1 = ...       # δ_h1 = f'(s_h1) · δ_o · w_oh1
check_hidden_delta(my_delta_h1)

# %% tags=["solution"]
# Solution 05.1b (it computes δ_o again, so it works whatever your 05.1a gave)
delta_o = (t[0] - y_o) * y_o * (1 - y_o)
my_delta_h1 = y_h1 * (1 - y_h1) * delta_o * 0.7
check_hidden_delta(my_delta_h1)

# %% [markdown]
# ### Exercise 05.2 · The weight update
# Apply the delta rule (5.5) with $\varepsilon = 0.5$ to the two output weights $(w_{oh_1}, w_{oh_2}) = (0.7, -0.6)$.

# %%
w_o = np.array([0.7, -0.6])
y_h = np.array([y_h1, y_h2])
w_o_new = ...           # your code: w + Δw
check_weight_update(w_o_new)

# %% tags=["solution"]
# Solution 05.2
delta_o = (t[0] - y_o) * y_o * (1 - y_o)
w_o_new = w_o + rate * delta_o * y_h
print(f"w_o_new = ({w_o_new[0]:.4f}, {w_o_new[1]:.4f})")
check_weight_update(w_o_new)


# %% [markdown]
# ### Exercise 05.3 · Write a backward pass and gradient-check it
# Write `backward(params, x, t)` for a 2-2-1 logistic network with $E = \tfrac12 \sum (t - y_o)^2$. It gets the
# parameters `W1 (2, 2)`, `b1 (2,)`, `W2 (1, 2)`, `b2 (1,)` (stored "to × from": `W1[j, i]` $= w_{ji}$) and must
# return $\partial E/\partial\theta$ with the same names and shapes — mind the sign: that is $-\delta\,y$.
# `tiny_forward(params, x)` gives you the forward pass. The check draws a random network, compares your
# gradients with central differences (`nnteach.gradcheck`) and prints a verdict per parameter.

# %%
def backward(params, x, t):
    y_h, y_o = tiny_forward(params, x)          # hidden (2,) and output (1,) activations
    # your code: δ_o, δ_h (Eq. 5.2a and 5.4), then the gradients ∂E/∂θ = −δ·y (Eq. 5.5)
    return ...          # a dict {"W1": …, "b1": …, "W2": …, "b2": …}

check_backward(backward)


# %% tags=["solution"]
# Solution 05.3
def backward(params, x, t):
    y_h, y_o = tiny_forward(params, x)
    delta_o = (t - y_o) * y_o * (1 - y_o)                      # Eq. (5.2a)
    delta_h = y_h * (1 - y_h) * (params["W2"].T @ delta_o)     # Eq. (5.4)
    return {"W2": -np.outer(delta_o, y_h), "b2": -delta_o,     # ∂E/∂θ = −δ y, Eq. (5.5)
            "W1": -np.outer(delta_h, x), "b1": -delta_h}

check_backward(backward)

# %% [markdown]
# ## What to remember
# - A unit's delta is $\delta_j = -\partial E/\partial s_j$: how much the error falls per unit increase of its state.
# - Output units: $\delta_o = (t_o - y_o)\,f'(s_o)$ (MSE) — the injected error times the slope; with
#   cross-entropy $\delta_o = t_o - y_o$.
# - Hidden units: $\delta_h = f'(s_h)\sum_k \delta_k w_{kh}$ — deltas flow backwards along the weights.
# - Every weight: $\Delta w_{ji} = \varepsilon\,\delta_j\,y_i$ (the activation it *carries*, not the network's
#   input); `grads` in code are $\partial E/\partial w = -\delta\,y$.
# - Check every backward pass against central differences (`nnteach.gradcheck`) before you trust it.
#
# ## Next
# [06 · Training in practice](06_training_in_practice.ipynb): online and batch training, learning-rate
# schedules, momentum, cross-entropy, and networks that learn the noise.
