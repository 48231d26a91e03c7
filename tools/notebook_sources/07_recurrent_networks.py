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
# # 07 · Recurrent networks
#
# The networks so far map one input to one output and forget it at once. Sequences — speech, text, a sensor
# reading every second — need a network that remembers what came before. The *Neural Networks 101* text
# puts it this way: neurons with **self-connections** "give some sort of short-term memory", but "they can't
# remember relevant information for many steps in the past". In this notebook you build that memory, train it,
# and measure exactly how far back it reaches — and why not further.
#
# **You will learn**
# 1. to build a self-connected neuron, and tell state feedback from activation feedback;
# 2. to unroll an Elman network in time and run it step by step;
# 3. to follow backpropagation through time (BPTT): deltas flowing back through the copies, gradients adding up;
# 4. to train an Elman network to predict a noisy series, and to recall what it saw $k$ steps ago;
# 5. to compute the fading gradient $|\partial s(t)/\partial s(t-q)|$, and predict when it vanishes or explodes.
#
# **Before you start:** [05 · Backpropagation](05_backpropagation.ipynb) (deltas, Eq. 5.4: a delta passing back
# through a unit is multiplied by $f'$), [06 · Training in practice](06_training_in_practice.ipynb) (batch
# training, momentum, cross-entropy) and [02 · Activation functions](02_activation_functions.ipynb) (tanh, and
# the logistic slope $f' \le 0.25$).

# %%
# %matplotlib inline
import numpy as np
import nnteach
from nnteach import gradcheck
from nnteach.datasets import delayed_echo, noisy_sine
from nnteach.recurrent import SelfConnectedNeuron
from nnteach.rnn import rnn_step_forward, rnn_step_backward, rnn_loss_and_grads
from nnteach.unrolled import bptt_trace, tiny_elman
from nnteach.fading import jacobian_norms, neuron_fading, reference_numbers
from nnteach.viz import (BPTTStepper, FadingGradientExplorer, show_memory_reach, show_series,
                         show_unrolled)
from nnteach.checks import check_error_factor, check_explosion, exercise_neuron, hint

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. A neuron that feeds back to itself
#
# Give a neuron a connection to itself, of weight $w$. Its state at time $t$ then depends on its input
# $x(t)$ *and* on what it did one step before. There are two ways to feed it back (math.md §3.1), and they
# behave very differently:
#
# $$\text{activation feedback (Elman):}\quad s(t) = w\, y(t-1) + w_{in}\, x(t) + b, \qquad y(t) = f(s(t)), \tag{7.1}$$
#
# $$\text{state feedback (Synaptic's self-connection):}\quad s(t) = w\, s(t-1) + w_{in}\, x(t) + b. \tag{7.2}$$
#
# In (7.1) the previous *activation* comes back, squashed by $f$; in (7.2) the previous *state* comes back as
# it is. `nnteach.recurrent.SelfConnectedNeuron` implements both; its `run` method steps through a sequence of
# inputs from $s(0) = 0$.
#
# How long does such a neuron remember? Show it a single pulse, $x = (1, 0, 0, \dots)$, and compare what it does
# with what it would have done without the pulse: the difference $|y_{\text{pulse}}(t) - y_{\text{none}}(t)|$ is all
# that is left of the pulse at time $t$.
#
# **Predict.** Three neurons: a logistic one with activation feedback and $w = 1$; a tanh one with activation
# feedback and $w = 0.9$; and a linear one ($f(s) = s$) with state feedback and $w = 1$. Which one still shows
# the pulse after 20 steps?

# %%
pulse, none = np.zeros(20), np.zeros(20)
pulse[0] = 1.0                                        # the pulse at t = 1
neurons = {
    "logistic, activation feedback, w = 1": SelfConnectedNeuron(w=1.0, feedback="activation", activation="logistic"),
    "tanh, activation feedback, w = 0.9": SelfConnectedNeuron(w=0.9, feedback="activation", activation="tanh"),
    "linear, state feedback, w = 1": SelfConnectedNeuron(w=1.0, feedback="state", activation="identity"),
}
memory = {}
for label, neuron in neurons.items():
    memory[label] = np.abs(neuron.run(pulse).y - neuron.run(none).y)     # what is left of the pulse
    print(f"{label:38s} t = 1: {memory[label][0]:.4f}   t = 5: {memory[label][4]:.2e}   "
          f"t = 10: {memory[label][9]:.2e}   t = 20: {memory[label][19]:.2e}")
show_series(memory, ylabel="|y with pulse − y without| (log scale)", log=True)

# %% [markdown]
# Short-term memory indeed: the logistic neuron has all but forgotten the pulse after 5 steps (less than a
# thousandth is left) and after 20 steps only about $10^{-13}$ remains. The tanh neuron keeps it longer, but it
# fades too. Only the linear neuron with state feedback and $w = 1$ keeps it whole: its state simply adds up its
# inputs. (Notebook 08 builds on exactly that unit, the *constant error carousel*.)
#
# What decides it? Each step, a small difference in $s(t-1)$ becomes a difference in $s(t)$ multiplied by
# $\partial s(t)/\partial s(t-1)$: $w\, f'(s(t-1))$ with activation feedback, just $w$ with state feedback. The
# logistic slope is at most 0.25, so with $w = 1$ every step keeps at most a quarter. Section 6 shows that an
# *error* flowing back in time is multiplied by the very same factors.
#
# ## 2. The Elman network, unrolled in time
#
# An **Elman network** (Elman 1990) has a layer of hidden units that feed their activations back to each other,
# activation feedback (7.1) with a weight matrix $U$ (math.md §3.2): at each step $t$,
#
# $$a_t = W x_t + U h_{t-1} + b, \qquad h_t = \tanh(a_t), \qquad p_t = \sigma(V h_t + c), \qquad h_0 = 0. \tag{7.3}$$
#
# To see what it computes, **unroll** it: draw one copy of the network per time step, with $h_{t-1}$ feeding
# $h_t$. Unrolled, it is a deep feed-forward network — one layer per step — in which every copy uses the *same*
# weights $W$, $U$ and $V$:

# %%
show_unrolled(T=4)

# %% [markdown]
# `nnteach.rnn.rnn_step_forward` is one column of this picture, Eq. (7.3) in one line of code. Here is a tiny
# Elman network — 1 input, 2 hidden units, 1 output, weights chosen as round numbers (`tiny_elman`) — run over 4
# steps, one call per copy. Its input is a pulse at $t = 1$, its target $(0, 1, 0, 0)$: "say at $t = 2$ what you
# saw at $t = 1$".

# %%
params, x, targets = tiny_elman()
print("W =", params["W"].ravel(), " U =", params["U"].tolist(), " V =", params["V"].ravel())
h, caches = np.zeros(2), []
for t in range(4):
    h, cache = rnn_step_forward(x[t], h, params)            # Eq. (7.3): h_t = tanh(W x_t + U h_{t−1} + b)
    caches.append(cache)
    p = nnteach.activations.logistic(params["V"] @ h + params["c"])
    print(f"t = {t + 1}: x = {x[t, 0]:.0f}, h = {h}, p = {p[0]:.4f}, target {targets[t, 0]:.0f}")

# %% [markdown]
# The pulse at $t = 1$ moves $h_1$ far from 0; through $U$ it moves $h_2$, and $h_3$, … ever less. The output at
# $t = 2$ is 0.41, not yet the 1 it should be. Training must change $W$, $U$ and $V$ — and the error at $t = 2$
# depends on $U$ and $W$ through *two* copies. Backpropagation through time finds out how.
#
# ## 3. Backpropagation through time
#
# Since the unrolled network is a feed-forward network, backpropagation works on it as in notebook 05, from the
# last copy to the first. Two things are new. First, the hidden layer of copy $t$ feeds two places, its own
# output and the next copy, so its delta collects from both (the hidden delta (5.4), summed over the units fed):
#
# $$\delta a_t = \left(V^\top \delta o_t + U^\top \delta a_{t+1}\right) \odot f'(a_t), \qquad \delta a_{T+1} = 0, \tag{7.4}$$
#
# with the output deltas $\delta o_t = (t_t - p_t)\,p_t(1 - p_t)$ of the squared error (5.2a). Second, every copy
# uses the same weights, so each weight's gradient is the **sum** of what every copy contributes (the delta rule
# (5.5) in each copy, then added up; math.md §3.3):
#
# $$G_W = \sum_t \delta a_t\, x_t^\top, \quad G_U = \sum_t \delta a_t\, h_{t-1}^\top, \quad G_b = \sum_t \delta a_t,
# \quad G_V = \sum_t \delta o_t\, h_t^\top, \qquad G = -\frac{\partial L}{\partial \theta}. \tag{7.5}$$
#
# The step-through below runs the forward pass (steps 1–4) and then the backward pass (steps 5–8, from $t = 4$
# down to $t = 1$). The orange arrows carry the deltas back; the orange numbers under the hidden copies are
# their $\delta a_t$; the box on the right holds the gradients summed so far.
#
# **Predict.** The last backward step (step 8) handles the first copy, $t = 1$. Which of the sums $G_W$, $G_U$,
# $G_b$ will it change? (Look at what each term of (7.5) multiplies $\delta a_1$ by.)

# %%
BPTTStepper(step=5).show()

# %%
BPTTStepper(step=8).show()

# %% [markdown]
# Step 8 adds *nothing* to $G_U$: $G_U = \sum_t \delta a_t\, h_{t-1}^\top$, and the first copy's $h_0$ is 0. It
# does add to $G_W$ and $G_b$ (the pulse $x_1 = 1$ enters at $t = 1$). The delta that arrives at $h_1$ came from
# $p_1$ *and*, through $U$, from every later copy — the error at $t = 2$ among them.
#
# `rnn_step_backward` is one backward column, Eq. (7.4) and this copy's share of (7.5). It works with
# $d = \partial L/\partial(\cdot) = -\delta$, so that its results are gradients as `loss_and_grads` returns them.
# Here is the whole backward pass as a loop over the copies, from the last to the first, checked against
# `rnn_loss_and_grads` and against central differences (notebook 05):

# %%
trace = bptt_trace(params, x, targets)                       # the same passes, every number kept
d_from_output = -trace.delta_o @ params["V"]                 # ∂L/∂h_t from each output (d = −δ)
d_next, grads = np.zeros(2), {}
for t in reversed(range(4)):                                 # t = 4, 3, 2, 1
    _, d_next, g = rnn_step_backward(d_from_output[t] + d_next, caches[t])    # Eq. (7.4), this copy's (7.5)
    for name in g:
        grads[name] = grads.get(name, 0) + g[name]           # every copy adds its share
loss, full = rnn_loss_and_grads(x, targets, params)
print(f"∂L/∂U by the loop:\n{grads['U']}\n∂L/∂U by rnn_loss_and_grads:\n{full['U']}")
report = gradcheck.check(lambda p: rnn_loss_and_grads(x, targets, p)[0], params, full)
print("gradient check:", "; ".join(f"{row.name}: {'ok' if row.ok else 'FAILED'}" for row in report.rows))

# %% [markdown]
# ## 4. Predicting a noisy series
#
# Now a task: predict the next value of a noisy sine wave (`noisy_sine`: input $x_t$ is the value at $t$, the
# target the value at $t + 1$). We train an Elman network with 8 hidden units on 20 sequences of 40 steps — full
# batch, momentum (notebook 06), squared error, since the outputs are amounts — and test it on 5 new sequences.
# Two simple predictors to beat: *persistence* ("the next value is the current one") and a feed-forward network
# that sees only the current value.
#
# **Predict.** Which of the three will predict best? Can the feed-forward network beat persistence at all?

# %%
X, T = noisy_sine(length=40, n_sequences=20, seed=0)          # (20, 40, 1): input x_t, target x_{t+1}
X_test, T_test = noisy_sine(length=60, n_sequences=5, seed=1)
predictor = nnteach.RNN(1, 8, 1, seed=0, init="xavier")
result = nnteach.train(predictor, (X, T), rate=0.1, momentum=0.9, iterations=400, error=0.0, batch_size=None,
                       cost="mse", log=100)
feedforward = nnteach.Perceptron(1, 8, 1, activation="tanh", output_activation="logistic", seed=0, init="xavier")
nnteach.train(feedforward, (X.reshape(-1, 1), T.reshape(-1, 1)), rate=0.5, momentum=0.9, iterations=400,
              error=0.0, batch_size=None, cost="mse")
guesses = {"persistence": X_test,
           "feed-forward": feedforward.forward(X_test.reshape(-1, 1)).reshape(X_test.shape),
           "Elman": predictor.forward(X_test)}
for name, P in guesses.items():
    print(f"{name:13s} held-out mean of (t − y)²: {np.mean((T_test - P) ** 2):.5f}")

# %%
show_series({"next value (target)": T_test[0, :, 0], "Elman prediction": guesses["Elman"][0, :, 0],
             "feed-forward prediction": guesses["feed-forward"][0, :, 0]}, ylabel="value", markers=False)

# %% [markdown]
# The feed-forward network is no better than persistence, and it cannot be: the same value occurs on the way up
# and on the way down, and the next value differs between the two. Only a memory of the steps before can tell
# which way the wave is going. The Elman network has that memory and its error is about seven times smaller.
# (The noise itself, with a standard deviation of 0.02, costs at least $0.02^2 = 0.0004$.)
#
# ## 5. A task that needs memory: how far back?
#
# The sine only needs a memory of a step or two. `delayed_echo` asks for more: the input is a random bit at every
# step, and the target is the bit of $k$ steps before. Nothing else helps; the network must carry every bit for
# exactly $k$ steps. We train the same kind of network (8 hidden units, cross-entropy, 400 epochs) for
# $k = 1, \dots, 8$ and score it on new sequences: 50 % is guessing.
#
# **Predict.** Up to which delay $k$ will the Elman network get (nearly) every bit right?

# %% tags=["nbval-ignore-output"]
reach, nets = [], {}
for k in range(1, 9):
    X_k, T_k = delayed_echo(40, 30, delay=k, seed=0)
    X_new, T_new = delayed_echo(100, 30, delay=k, seed=1)
    net = nnteach.RNN(1, 8, 1, seed=0, init="xavier")
    result = nnteach.train(net, (X_k, T_k), rate=0.01, momentum=0.9, iterations=400, error=0.0, batch_size=None,
                           cost="cross_entropy")
    right = (net.forward(X_new)[:, k:] > 0.5) == (T_new[:, k:] > 0.5)   # score the steps with a real target
    reach.append(right.mean())
    nets[k] = net
    print(f"delay k = {k}: reported error {result.error:.4f}, held-out accuracy {100 * right.mean():.1f}%")
show_memory_reach(range(1, 9), reach, title="an Elman network with 8 hidden units, 400 epochs")

# %% [markdown]
# Up to 5 steps back, every bit; from 7 steps on, nothing (or hardly anything) better than guessing. Delay 6 is
# on a knife's edge: whether this network learns it depends on the last bits of your computer's rounding, so on
# one computer it gets every bit and on another it guesses. (The edge also moves a little with the seed, the
# number of hidden units and the training time, but not far.) Why does the network go from every bit to none
# between one delay and the next?
#
# ## 6. The fading gradient
#
# The error of the target at step $t$ must reach the hidden layer at step $t - k$, where the bit came in, to tell
# $W$ and $U$ what to keep. On the way it passes $k$ copies, and each multiplies it by $U$ and a slope $f'$
# (7.4). For a single self-connected neuron with activation feedback (7.1), the factor after $q$ steps is a
# product (math.md §3.4):
#
# $$\frac{\partial s(t)}{\partial s(t-q)} = \prod_{r=1}^{q} w\, f'\bigl(s(t-r)\bigr). \tag{7.6}$$
#
# If every factor $|w f'|$ is below 1, the product shrinks exponentially — the error **fades** (vanishes); if
# every factor is above 1 it grows exponentially — it **explodes**. In an Elman network the factor is a matrix,
#
# $$\frac{\partial h_t}{\partial h_{t-q}} = \prod_{r=0}^{q-1} \operatorname{diag}\bigl(f'(a_{t-r})\bigr)\, U, \tag{7.7}$$
#
# and its size, the largest factor by which it can stretch an error (its 2-norm), plays the role of $|w f'|^q$.
#
# **Predict.** A logistic neuron's slope is at most 0.25, so with $w = 1$ each step keeps at most a quarter. Make
# the self-weight larger to make up for it: $w = 4$, so that $w \cdot 0.25 = 1$. Will the factor over 20 steps
# then stay near 1?

# %%
for ref in reference_numbers():
    print(f"{ref.what:46s} q = {ref.q:2d}: {ref.value:.2e}   (math.md §3.4: {ref.printed})")

# %% [markdown]
# All of math.md §3.4, computed (`nnteach.fading.reference_numbers`; the project's tests check each against an
# independent computation). The larger weight made it worse, not better: with $w = 4$ the neuron's state runs
# away from 0 into the flat end of the logistic function, where $f'$ is tiny, and the factor over 20 steps is
# $10^{-21}$ instead of $10^{-13}$; with $w = 8$, $10^{-47}$. This is Hochreiter's observation (1991; Hochreiter &
# Schmidhuber 1997): a larger weight cannot rescue a squashing unit's error flow. With tanh ($f'(0) = 1$) a
# factor of 0.9 per step still leaves only half a percent after 50 steps, and 1.1 per step multiplies it by more
# than a hundred. Only the linear unit with $w = 1$ passes it on unchanged, forever.
#
# The trained networks measure the same. For each delay $k$, over a held-out sequence: the size of
# $\partial h_T/\partial h_{T-k}$ (7.7), `jacobian_norms` computed with `RNN.hidden_jacobians`; the share of hidden
# activations that are saturated ($|h| > 0.99$, where $f' = 1 - h^2 < 0.02$); and the network's answers, their
# mean and spread (a network that tells ones from zeros answers near 0 and near 1: a spread near 0.5):

# %% tags=["nbval-ignore-output"]
for k, net in nets.items():
    x_new = delayed_echo(1, 30, delay=k, seed=1)[0][0]
    run = net.run(x_new)
    saturated = np.mean(np.abs(run.h) > 0.99)
    answers = run.outputs[k:, 0]
    print(f"delay k = {k}: ‖∂h_T/∂h_(T−{k})‖ = {jacobian_norms(net, x_new)[k]:.1e}, saturated "
          f"{100 * saturated:3.0f}%, answers {answers.mean():.2f} ± {answers.std():.2f}, accuracy {100 * reach[k - 1]:.0f}%")

# %% [markdown]
# The networks that learned keep the factor back $k$ steps near 1 (between about 0.7 and 2): they learned weights that carry a bit without
# losing it. The ones that failed gave up: they answer about 0.4 whatever the input (the share of ones among the
# targets, the best guess without memory), and their factors are below $10^{-3}$ — most of their hidden units sit
# at ±1, where the slope is 0. Once there, no error reaches back at all, and they stay stuck. The further back
# the target looks, the weaker the error that would teach the network to carry the bit, and the sooner a network
# settles for guessing. Notebook 08 builds a unit whose factor is exactly 1.
#
# ## Explore
#
# **The fading-gradient explorer.** Left: one self-connected neuron, $|\partial s(q)/\partial s(0)|$ against the
# number of steps $q$, on a log scale. The dashed line is the most it can be whatever the states,
# $(|w| \max f')^q$; the stars mark the numbers of math.md §3.4 when the controls match one (logistic with
# $w = \pm 1, 4, 8$; tanh with $w = 0.9, 1.1$; identity with $w = 1$; input 0). Right: the same measured in the
# sine predictor of section 4. Things to try:
# - logistic, $w$ from 1 to 4 to 8: the curve drops *faster* — saturation;
# - logistic with $w = 4$ and input $x = -2$: the input holds the state at 0, where $f' = 0.25$ and $w f' = 1$;
# - tanh with $w = 1.1$ and $x = 0$: it explodes; now set $x = 0.5$: saturation tames it;
# - the linear unit (`identity`) with $w = 1$; then $w = 0.95$ and $1.05$;
# - switch `feedback` to `state` (Synaptic's self-connection, 7.2): no $f'$ in the loop, the factor is $w^q$.

# %%
FadingGradientExplorer(net=predictor, sequence=X_test[0]).show()

# %% tags=["nbval-ignore-output"]
FadingGradientExplorer(net=predictor, sequence=X_test[0]).widget()

# %% [markdown]
# **The BPTT step-through.** Move the step slider back and forth; watch which arrows carry what.

# %%
BPTTStepper(step=6).show()

# %% tags=["nbval-ignore-output"]
BPTTStepper(step=0).widget()

# %% [markdown]
# ## Exercises
#
# Replace each `...`, run the cell and read the check. `hint("07.1")` (and so on) gives graded hints, a stronger
# one each time you ask (`hint("07.1", reset=True)` starts again).
# Worked solutions are in the **solutions edition** of this notebook, [solutions/07_recurrent_networks.ipynb](../solutions/07_recurrent_networks.ipynb) (a collapsed cell under each exercise there) — try first.
# If you started the course with `nnteach start`, the solutions are one command away: run
# `nnteach solutions solutions` in the folder that holds your course folder, and this link opens them.
#
# ### Exercise 07.1 · The error factor after q steps
# A logistic neuron with activation feedback, $s(t) = 1.5\, y(t-1) + x(t)$, runs from $s(0) = 0$ over four
# inputs. Its states and activations are printed below. By hand (with numpy), compute the factor by which an
# error at $s(4)$ reaches $s(1)$, $\partial s(4)/\partial s(1)$, with Eq. (7.6).

# %%
neuron, trace07 = exercise_neuron()
print(f"w = {neuron.w:g}, inputs x = {trace07.x[:, 0]}")
s = np.concatenate([[0.0], trace07.s])          # s[k] = s(k), k = 0 … 4
y = nnteach.activations.logistic(s)             # y[k] = y(k) = σ(s(k))
for k in range(5):
    print(f"s({k}) = {s[k]:7.4f}   y({k}) = {y[k]:.4f}")
factor = ...          # ∂s(4)/∂s(1)
check_error_factor(factor)

# %% tags=["solution"]
# Solution 07.1: three steps back, s(4) ← s(3) ← s(2) ← s(1); each multiplies by w·f'(s(t−1)), f' = y(1 − y)
factor = (1.5 * y[3] * (1 - y[3])) * (1.5 * y[2] * (1 - y[2])) * (1.5 * y[1] * (1 - y[1]))
print(f"factor = {factor:.4f}")
check_error_factor(factor)

# %% [markdown]
# ### Exercise 07.2 · Predict when it explodes
# (a) A logistic neuron with activation feedback is held at $s = 0$ by its input (as in the explorer: $x = -w/2$).
# Above which self-weight $w > 0$ does an error *grow* from step to step? (b) A tanh neuron held at $s = 0$ with
# $w = 1.1$ multiplies an error by $1.1$ per step. After how many steps $q$ is it first more than 100 times larger?
# Work it out, then check with the explorer.

# %%
w_threshold = ...     # (a) the self-weight where |w f'(0)| = 1
q_100 = ...           # (b) the first whole number of steps q with 1.1^q > 100
check_explosion(w_threshold, q_100)

# %% tags=["solution"]
# Solution 07.2: (a) f'(0) = 0.25, so w · 0.25 > 1 for w > 4. (b) q > ln 100 / ln 1.1 = 48.3, so q = 49.
w_threshold = 1 / 0.25
q_100 = int(np.ceil(np.log(100) / np.log(1.1)))
print(f"w_threshold = {w_threshold:g}, q_100 = {q_100}: 1.1^48 = {1.1 ** 48:.1f}, 1.1^49 = {1.1 ** 49:.1f}")
check_explosion(w_threshold, q_100)

# %% [markdown]
# ## What to remember
# - A self-connection gives a neuron a short-term memory: activation feedback (7.1) passes the past through $f$,
#   state feedback (7.2) passes the state itself.
# - An Elman network (7.3) unrolled in time is a deep feed-forward network whose copies share $W$, $U$, $V$.
# - Backpropagation through time: each copy's hidden delta collects from its output and from the next copy (7.4);
#   each weight's gradient is the sum over the copies (7.5).
# - An error flowing back $q$ steps is multiplied by $\prod w f'$ (7.6): it fades when $|w f'| < 1$ and explodes when
#   $|w f'| > 1$; for the logistic function, $f' \le 0.25$, and a larger $w$ only saturates the unit.
# - So an Elman network remembers a few steps, not many: here 5 steps back were learned, 7 were not.
#
# ## Next
# [08 · Memory cells and gates](08_memory_cells_and_gates.ipynb): a unit whose error factor is exactly 1 — the constant error carousel — and gates
# that decide what it stores, keeps and lets out.
