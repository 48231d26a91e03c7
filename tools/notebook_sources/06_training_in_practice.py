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
# # 06 · Training in practice
#
# Notebook 05 gave you the delta rule and `nnteach.train`. This notebook is about the choices you make every
# time you train: how many examples per update, how large the steps and how they change, which error to
# descend, where to start, and when to stop. Each choice is shown by training the same network two or more
# ways and putting the curves side by side; at the end a live dashboard lets you turn the knobs while a
# network learns — and watch it learn the noise.
#
# **You will learn**
# 1. to train online, in mini-batches and in full batches, and to compare them fairly (the same examples seen);
# 2. to give the learning rate a schedule — a number, a list or a function, as in Synaptic — and to add momentum;
# 3. why cross-entropy learns where the squared error stalls: the $f'$ that cancels;
# 4. to stop on an error target, and why the initial weights must not all be equal;
# 5. to spot overfitting with a held-out set.
#
# **Before you start:** [05 · Backpropagation](05_backpropagation.ipynb) (the delta rule, `nnteach.train`, the
# XOR network and its plateaus) and [04 · Error and gradient descent](04_error_and_gradient_descent.ipynb)
# (the learning rate, and the worked example whose output bias $b_o = -4$ saturates the output on the wrong side).

# %%
# %matplotlib inline
import numpy as np
import nnteach
from nnteach.datasets import two_moons, worked_example, xor
from nnteach.viz import TrainingDashboard, show_learning_curves, show_cost_comparison
from nnteach.checks import check_schedule, check_cross_entropy_delta, hint

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. Online, mini-batch and batch training
#
# The error of a training set is the mean of the pattern errors, Eq. (4.2), so its slope is the mean of
# the pattern slopes. How many patterns should one weight update look at? Take a **batch** of $B$ patterns,
# average their slopes and step:
#
# $$w \leftarrow w - \varepsilon\, \frac{1}{B} \sum_{p \in \text{batch}} \frac{\partial E_p}{\partial w}. \tag{6.1}$$
#
# - $B = 1$: **online** (or stochastic) training, one update per pattern — what Synaptic does;
# - $B = P$, the whole training set: **batch** training, one update per epoch, along the true slope of (4.2);
# - anything in between: **mini-batches**.
#
# An epoch is one pass over the training set, so an epoch makes $P/B$ updates. `train` takes the batch size
# as `batch_size` (`1` online, `None` the whole set). Because (6.1) takes the *mean* over the batch, the same
# rate $\varepsilon$ means the same step size for every batch size.
#
# Here are 200 points of two noisy half-moons (notebook 05's `two_moons`) and a 2-8-1 network: tanh hidden
# units and a logistic output (tanh is the activation of notebook 02 with outputs in $(-1, 1)$; it often
# learns faster in hidden layers).
#
# **Predict.** Each network below sees every pattern 50 times (50 epochs) with the same rate $\varepsilon = 0.5$.
# Which one will end with the lowest error: online, mini-batches of 10, or the full batch? Which one makes the
# most weight updates?

# %% tags=["nbval-ignore-output"]
X, T = two_moons(n=200, noise=0.1, seed=0)

def moons_net():
    # the same starting weights every time (seed 0), so only the batch size differs
    return nnteach.Perceptron(2, 8, 1, activation="tanh", output_activation="logistic", seed=0, init="xavier")

runs, updates = {}, {}
for label, batch_size in (("online (batch 1)", 1), ("mini-batches of 10", 10), ("full batch (200)", None)):
    result = nnteach.train(moons_net(), (X, T), rate=0.5, iterations=50, error=0.0, batch_size=batch_size,
                           cost="cross_entropy", shuffle=True, seed=0)
    runs[label] = result.history
    updates[label] = int(np.ceil(len(X) / (batch_size or len(X))))     # updates per epoch
show_learning_curves(runs, updates_per_epoch=updates)

# %% [markdown]
# Per epoch (left), online wins by far: it made 200 updates per epoch, the full batch only one. Its curve is
# also the most jagged: each update follows the slope of a single pattern, which is only roughly the slope of
# the whole error. Per update (right), the picture turns around: one batch update is worth much more than one
# online update, because it follows the true slope.
#
# What costs time is neither epochs nor updates alone. An update on a batch of 200 patterns is a few matrix
# products — on a computer, hardly slower than an update on one pattern — so a full-batch epoch is far faster
# than an online epoch, which runs the network 200 times, one pattern at a time. Mini-batches take the best of
# both: enough updates per epoch to move fast, enough patterns per update for a steady slope and fast matrix
# arithmetic. (The project measures these times in its benchmarks; on a laptop, time the three runs yourself
# with `%time`.)
#
# ## 2. Learning-rate schedules
#
# A rate that is large enough to travel fast is often too large to settle: near the bottom, each step
# overshoots, and with mini-batches the noise of the single batches keeps the weights jittering. A rate small
# enough to settle crawls. So change the rate as training goes on: a **schedule** $\varepsilon(\text{epoch})$.
# Synaptic's trainer takes three forms, and so does `train`:
#
# $$\varepsilon = 0.5, \qquad \varepsilon = [5,\ 1,\ 0.2], \qquad \varepsilon(\text{epoch}) = \frac{5}{1 + \text{epoch}/10}. \tag{6.2}$$
#
# - a **number**: the same rate for every epoch;
# - a **list**: the epochs are split into equal parts, one rate each (here 20 epochs at 5, 20 at 1, 20 at 0.2);
# - a **function** of the epoch (numbered from 0), or of the epoch and the current error, `rate(epoch, error)`.
#
# **Predict.** Mini-batches of 10, 60 epochs. Which curve will be the most jagged? Which ones will end well below
# the constant 0.5, and can you trust where each of them ends?

# %% tags=["nbval-ignore-output"]
schedules = {"ε = 0.5": 0.5, "ε = 5": 5.0, "ε = [5, 1, 0.2]": [5.0, 1.0, 0.2],
             "ε = 5 / (1 + epoch/10)": lambda epoch: 5.0 / (1 + epoch / 10)}
runs = {}
for label, rate in schedules.items():
    result = nnteach.train(moons_net(), (X, T), rate=rate, iterations=60, error=0.0, batch_size=10,
                           cost="cross_entropy", shuffle=True, seed=0)
    runs[label] = result.history
show_learning_curves(runs)

# %% [markdown]
# The constant 5 drops fastest at first and then jumps about: from one epoch to the next its error can rise or fall
# a hundredfold, because its steps overshoot. Where it happens to stand at epoch 60 is luck: its run is so sensitive
# that the last bits of your computer's rounding decide, and two computers can see it end a thousand times apart
# (near $10^{-2}$ on one, below the schedules on another). The constant 0.5 is steady but slow and ends near 0.005.
# The list follows the constant 5 for 20 epochs and settles as soon as its rate drops, to $10^{-4}$ or so; the
# function lowers the rate a little every epoch and settles near $2 \times 10^{-4}$. Both schedules end 10 to 100
# times below the slow constant, and they get there on every computer: large steps to travel, small steps to arrive.
#
# ## 3. Momentum
#
# In a long, narrow valley of the error surface (notebook 04's bowl, stretched), the slope points mostly
# *across* the valley, and plain gradient descent zig-zags while it creeps along. **Momentum** gives the
# weights a velocity $v$ that remembers the previous steps (math.md §2.4):
#
# $$v \leftarrow \mu\, v - \varepsilon\, \frac{\partial E}{\partial w}, \qquad w \leftarrow w + v. \tag{6.3}$$
#
# The zig-zags across the valley cancel in $v$; the steady slope along it adds up. On a constant slope $v$
# grows to $\varepsilon/(1-\mu)$ times the slope, ten times the plain step for $\mu = 0.9$. With $\mu = 0$,
# (6.3) is plain gradient descent, Eq. (4.4) — the default, as in Synaptic (which has no momentum).
#
# **Predict.** Full-batch training, $\varepsilon = 0.5$, 300 epochs, without and with momentum $\mu = 0.9$.
# How much lower will momentum end? (In section 1 the full batch was the slowest of the three.)

# %%
runs = {}
for mu in (0.0, 0.9):
    result = nnteach.train(moons_net(), (X, T), rate=0.5, momentum=mu, iterations=300, error=0.0,
                           batch_size=None, cost="cross_entropy")
    runs[f"momentum μ = {mu:g}"] = result.history
show_learning_curves(runs)

# %% [markdown]
# Without momentum the batch network sits on a plateau for the whole 300 epochs; with $\mu = 0.9$ it leaves the
# plateau within 60 epochs and ends almost a hundred times lower. Too much momentum overshoots, like too large a
# rate: $\mu$ and $\varepsilon$ are tuned together (try it in the dashboard at the end).
#
# ## 4. Mean squared error or cross-entropy?
#
# In notebook 04 you met an output saturated on the wrong side: the worked example with its output bias set to
# $b_o = -4$. The target is $t = 1$, the output is almost 0:

# %%
net, x, t, rate = worked_example()
net.params["b2"][0] = -4.0             # b_o = −4: the output saturated on the wrong side (notebook 04)
_, y_h, y_out = net.forward_all(x)
y_o = y_out[0]
s_o = np.log(y_o / (1 - y_o))          # the output's state, s_o = σ⁻¹(y_o)
print(f"s_o = {s_o:.4f}, y_o = {y_o:.4f}, t = {t[0]:.0f}, f'(s_o) = y_o(1 − y_o) = {y_o * (1 - y_o):.4f}")

# %% [markdown]
# The error is large, $\tfrac12 (1 - 0.0197)^2 \approx 0.48$, but the output delta of the squared error,
# $\delta_o = (t - y_o)\,f'(s_o)$ (5.2a), carries the factor $f'(s_o) = 0.0193$: almost nothing flows back, and
# every weight change $\varepsilon\,\delta\,y$ is tiny. The network is badly wrong and learns slowly *because*
# it is so wrong.
#
# The **cross-entropy** of notebook 05, Eq. (5.3), measures the error of an output in $(0, 1)$ differently:
#
# $$E = -\bigl[t \ln y_o + (1 - t)\ln(1 - y_o)\bigr], \qquad
# \frac{\partial E}{\partial y_o} = -\frac{t - y_o}{y_o (1 - y_o)}. \tag{6.4}$$
#
# Its slope grows without bound as $y_o$ moves to the wrong end. The delta of the unit is the slope with respect
# to its state, one more link of the chain rule, and for a logistic output that link is
# $dy_o/ds_o = f'(s_o) = y_o(1 - y_o)$ — exactly the denominator of (6.4):
#
# $$\delta_o = -\frac{\partial E}{\partial s_o} = -\frac{\partial E}{\partial y_o}\, f'(s_o)
# = \frac{t - y_o}{y_o(1 - y_o)}\; y_o(1 - y_o) = t - y_o. \tag{6.5}$$
#
# The $f'$ cancels. Check it numerically: the slope of the cross-entropy with respect to $s_o$, by central
# differences (notebook 04), against $t - y_o$:

# %%
def E_ce(s):
    # the cross-entropy of the output as a function of its state s_o, Eq. (6.4)
    return float(nnteach.costs.cross_entropy(nnteach.activations.logistic(s), t))

h = 1e-5
print(f"−∂E/∂s_o by central differences: {-(E_ce(s_o + h) - E_ce(s_o - h)) / (2 * h):.4f}")
print(f"t − y_o:                         {t[0] - y_o:.4f}")

# %% [markdown]
# Both errors and both deltas against the output's state $s_o$ (target 1), with the saturated output marked:

# %%
show_cost_comparison(t=1.0, s_mark=s_o)

# %% [markdown]
# Far on the wrong side (left), the squared error flattens out at ½ and its delta vanishes; the cross-entropy
# keeps growing and its delta approaches 1. (Synaptic uses $\delta_o = t - y_o$ for every output unit whatever
# cost you name, math.md §2.2: with its logistic outputs it always descends the cross-entropy.)
#
# **Predict.** Forty training steps on this one pattern with $\varepsilon = 0.5$, once with each error. Where will
# the output $y_o$ be after 40 steps?

# %%
outputs = {}
for label, cost in (("squared error (MSE)", "mse"), ("cross-entropy", "cross_entropy")):
    trial, _, _, _ = worked_example()
    trial.params["b2"][0] = -4.0
    ys = [trial.forward(x)[0]]                                          # y_o before training
    nnteach.train(trial, (x[None], t[None]), rate=0.5, iterations=40, error=0.0, cost=cost,
                  callback=lambda info: ys.append(info["model"].forward(x)[0]))
    outputs[label] = ys[1:]
show_learning_curves(outputs, ylabel="output y_o (target 1)", xlabel="step", log=False, report="last")

# %% [markdown]
# Rescued: with the cross-entropy the output climbs to 0.98 in 40 steps; with the squared error it has barely
# moved, from 0.020 to 0.053. For outputs that should be 0 or 1 (classes), use the cross-entropy. The squared
# error is the natural choice for outputs that are amounts, computed by an identity output unit: there
# $f' = 1$, and its delta is $t - y_o$ as well.
#
# ## 5. Stopping on an error target
#
# `train`'s option `error` (Synaptic's too) stops training as soon as the reported error — the mean of
# $(t - y)^2$, notebook 05 — falls to the target; the result says why it stopped:

# %%
result = nnteach.train(moons_net(), (X, T), rate=0.5, iterations=1000, error=0.01, batch_size=10,
                       cost="cross_entropy", shuffle=True, seed=0)
print(f"stopped: {result.stopped!r} after {result.epochs} epochs, reported error {result.error:.4f}")

# %% [markdown]
# Set the target to what you need, not to 0: the error of noisy data cannot reach 0 without learning the noise
# (section 7), and a target that is never reached means training runs all `iterations`.
#
# ## 6. Where to start: initialisation and symmetry
#
# Why not start every weight at the same value, say 0.5? Here is a 2-3-1 network on XOR (notebook 03) whose nine
# hidden weights, three hidden biases, three output weights and output bias all start at 0.5.
#
# **Predict.** After 2000 epochs of training, will the three hidden units have learned different things?

# %%
X_xor, T_xor = xor()
equal = nnteach.Perceptron(2, 3, 1, seed=0)
for value in equal.params.values():
    value[...] = 0.5                              # every weight and bias the same
result = nnteach.train(equal, (X_xor, T_xor), rate=0.5, iterations=2000, error=0.0)
W1 = equal.params["W1"]
print("hidden weights after training (one row per hidden unit):")
print(W1)
print(f"largest difference between two hidden units: {np.ptp(W1, axis=0).max():.4f}; "
      f"reported error {result.error:.4f}")

# %% [markdown]
# The three rows are still equal, to the last digit. They cannot become different: units that start equal
# compute the same activation, and their deltas $\delta_h = f'(s_h)\,\delta_o\,w_{oh}$ (5.4) are equal too
# (the same $f'$, the same $\delta_o$, equal output weights), so every update changes them by the same amount.
# The network has three hidden units but computes like one, and one hidden unit cannot do XOR: the error stays
# at the plateau of 0.25. Random initial weights break the symmetry:

# %%
random_start = nnteach.Perceptron(2, 3, 1, seed=0, init="xavier")
result = nnteach.train(random_start, (X_xor, T_xor), rate=0.5, iterations=2000, error=0.0)
print(random_start.params["W1"])
print(f"reported error {result.error:.4f}")

# %% [markdown]
# How large should the random weights be? Small enough that no unit starts saturated (where $f' \approx 0$,
# section 4), large enough that the signal does not fade from layer to layer. Synaptic draws every weight from
# $[-0.1, 0.1)$; `init="xavier"` (Glorot & Bengio) scales the range to the sizes of the layers, which suits
# larger networks.
#
# ## 7. Learning the noise: overfitting
#
# A network is trained to do well on its training set, but it is meant to do well on data it has never seen.
# To measure that, keep a **held-out set** apart: points from the same source, never used for an update.
#
# `TrainingDashboard` (numbers from `nnteach.session.TrainingSession`) trains a 2-30-1 network on just 40 noisy
# moon points (noise 0.3) and measures the reported error on both the 40 training points and 400 held-out points
# after every epoch.
#
# **Predict.** Thirty hidden units, forty points. The training error will keep falling as long as we train.
# What will the held-out error do over 1500 epochs?

# %%
dashboard = TrainingDashboard(epochs=1500)
dashboard.show()

# %%
session = dashboard.session
best = session.best_epoch
print(f"training error:  {session.history[best - 1]:.4f} at epoch {best}, {session.error:.4f} at epoch {session.epoch}")
print(f"held-out error:  {session.heldout_history[best - 1]:.4f} at epoch {best} (its lowest), "
      f"{session.heldout_error:.4f} at epoch {session.epoch}")

# %% [markdown]
# The training error falls all the way, but the held-out error falls only until about epoch 250 and then turns up:
# from there on the network gets better at the training points by bending its boundary around single noisy
# points (look at the narrow purple tongue reaching up into the upper moon), and worse at everything else. This is
# **overfitting**: learning the noise of the training set instead of the shape of the data.
#
# Remedies: more data; a smaller network (try fewer hidden units in the dashboard); or **early stopping** — keep
# the weights of the epoch with the lowest held-out error (the ▼ in the plot; the dotted line shows how far the
# held-out error has risen since). The held-out error used for such
# decisions is no longer independent, so a final, honest score needs a third set, the *test set*, touched once.
#
# ## Explore
#
# **The training dashboard.** The static picture below is the run above after 1000 epochs. In the live version,
# press **Start** to train (20 epochs per tick, up to 2000), **Pause**, **Step** for 20 epochs, **Reset** for fresh
# weights. The rate, momentum, batch size and cost apply from the next epoch: you can change them *while* it
# trains. The hidden units and the data build a new network. Things to try:
# - the default: watch the held-out curve turn up and the boundary curl around single points;
# - 3 hidden units: does it still overfit? Does it fit the moons?
# - batch size `all` with rate 0.5, then add momentum 0.9;
# - a rate of 5, then lower it by hand while it trains — a schedule, made by you;
# - `spirals` (150 training points, less noise), and `mse` against `cross_entropy`.

# %%
TrainingDashboard(epochs=1000).show()

# %% tags=["nbval-ignore-output"]
TrainingDashboard().widget()

# %% [markdown]
# ## Exercises
#
# Replace each `...`, run the cell and read the check. `hint("06.1")` (and so on) gives graded hints, a stronger
# one each time you ask (`hint("06.1", reset=True)` starts again).
# Worked solutions are in the **solutions edition** of this notebook, [solutions/06_training_in_practice.ipynb](../solutions/06_training_in_practice.ipynb) (a collapsed cell under each exercise there) — try first.
# If you started the course with `nnteach start`, the solutions are one command away: run
# `nnteach solutions solutions` in the folder that holds your course folder, and this link opens them.
#
# ### Exercise 06.1 · A schedule that trains the spirals
# The two spirals (notebook 05's `two_spirals`, 150 points) are hard for a small network. The check trains a
# 2-16-16-1 tanh network on them — mini-batches of 10, cross-entropy, at most 300 epochs, stopping when the
# reported error reaches 0.02 — with your `my_rate`: a number, a list or a function of the epoch, as in section 2.
# It tells you what happened: diverged, unstable, too slow, plateaued or solved. Each try takes well under a second.

# %%
my_rate = ...          # a number, a list of numbers, or a function of the epoch
check_schedule(my_rate)

# %% tags=["solution"]
# Solution 06.1: constant rates of 0.4 and below are too slow; 0.5 to 0.95 and from about 1.9 on overshoot (from
# about 3.5 the units saturate). Between 1 and 1.8 some constant rates make it and their neighbours do not: luck.
# A rate that starts at 2 and shrinks by 1 % per epoch travels fast first and settles later.
my_rate = lambda epoch: 2.0 * 0.99 ** epoch
check_schedule(my_rate)

# %% [markdown]
# ### Exercise 06.2 · The cross-entropy delta
# Take the saturated output of section 4 ($b_o = -4$, $t = 1$, the `y_o` printed there). Compute its output
# delta under the squared error, Eq. (5.2a), and under the cross-entropy, Eq. (6.5).

# %%
print(f"y_o = {y_o:.4f}, t = {t[0]:.0f}")
delta_mse = ...        # δ_o with E = ½ (t − y_o)²
delta_ce = ...         # δ_o with the cross-entropy
check_cross_entropy_delta(delta_mse, delta_ce)

# %% tags=["solution"]
# Solution 06.2
delta_mse = (t[0] - y_o) * y_o * (1 - y_o)     # Eq. (5.2a): the injected error times f'(s_o)
delta_ce = t[0] - y_o                          # Eq. (6.5): f'(s_o) cancels
check_cross_entropy_delta(delta_mse, delta_ce)

# %% [markdown]
# ## What to remember
# - Online ($B = 1$), mini-batch and batch training differ in how many patterns each update averages, Eq. (6.1):
#   compare them on the same examples seen; mini-batches balance updates per epoch, steady slopes and speed.
# - The rate can follow a schedule (a number, a list, a function of the epoch): large to travel, small to settle.
#   Momentum, Eq. (6.3), adds up the steady part of the slope.
# - For outputs in $(0, 1)$ use the cross-entropy: its delta is $t - y_o$, the $f'$ cancels, Eq. (6.5), so a
#   saturated wrong output still learns.
# - Stop on an error target you need; start from small *random* weights — equal weights never break their symmetry.
# - Watch a held-out set: when its error turns up while the training error falls, the network learns the noise.
#
# ## Next
# [07 · Recurrent networks](07_recurrent_networks.ipynb): a neuron that feeds back to itself, networks with a
# memory of the past, and why that memory — and the error flowing back through it — fades.
