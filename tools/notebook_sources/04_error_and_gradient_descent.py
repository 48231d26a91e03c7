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
# # 04 · Error and gradient descent
#
# A network learns by changing its weights so that its error gets smaller. In this notebook you will
# *see* the error as a landscape over the weights, find the downhill direction from its slope, and walk
# down step by step — and you will find out what happens when the steps are too small or too large.
#
# **You will learn**
# 1. to measure how wrong a network is with the error $E$ of a pattern;
# 2. to read $E$ as a curve over one weight and as a surface over two;
# 3. to find the slope $dE/dw$ numerically and by the chain rule, and to tell from its sign which way is downhill;
# 4. to take gradient-descent steps $w \leftarrow w - \varepsilon\, dE/dw$;
# 5. to choose a learning rate $\varepsilon$: too small, good, too large, divergent.
#
# **Before you start:** you should be able to run the forward pass of a small network
# ([03 · Feed-forward networks](03_feedforward_networks.ipynb)), and know the logistic function and its
# slope $f'(s) = y(1-y)$ ([02 · Activation functions](02_activation_functions.ipynb)). The neuron's
# notation ($s_j$, $y_j$, $w_{ji}$) is from [01 · The neuron](01_the_neuron.ipynb).

# %%
# %matplotlib inline
import numpy as np
import nnteach
from nnteach.datasets import worked_example
from nnteach.descent import get_surface
from nnteach.viz import ErrorCurveExplorer, ErrorSurfaceExplorer, DescentPlayer
from nnteach.checks import check_numeric_slope, check_analytic_slope, check_rates, hint

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. How wrong is the network?
#
# Take the 2-2-1 network of notebook 03, the worked example of the course: two inputs
# $x = (0.8,\ 0.2)$, two logistic hidden units $h_1, h_2$, one logistic output $o$. We want the output
# to be the **target** $t = 1$. The network says:

# %%
net, x, t, rate = worked_example()     # the network of notebook 03, its input, target and learning rate
y = net.forward(x)
print(f"output y = {y[0]:.4f}, target t = {t[0]:.0f}")

# %% [markdown]
# Too small by $1 - 0.5356 = 0.4644$. One number that says *how wrong* is the **error** (or cost) of the
# pattern, half the squared difference, summed over the output units $o$:
#
# $$E = \tfrac12 \sum_o (t_o - y_o)^2 \tag{4.1}$$
#
# With several training patterns $p = 1 \dots P$ we take the mean,
#
# $$E = \frac1P \sum_{p=1}^{P} E_p. \tag{4.2}$$
#
# Squaring makes every miss count as positive and large misses count a lot; the ½ makes the slope tidy.
# `nnteach.costs.mse` computes Eq. (4.1):

# %%
E = nnteach.costs.mse(y, t)            # ½ Σ (t − y)², Eq. (4.1)
print(f"E = ½ (1 − {y[0]:.4f})² = {E:.4f}")

# %% [markdown]
# ## 2. The error is a curve over each weight
#
# The inputs and the target are fixed; only the weights can change. So hold eight of the nine weights
# still and let one of them — $w_{oh_1}$, from $h_1$ to the output, now $0.7$ — take every value from
# $-4$ to $4$. For each value, run the network and compute $E$. A picture first:

# %%
ErrorCurveExplorer(weight="w_oh1", w=0.7, steps=0).show()

# %% [markdown]
# The red dot is the network as it is ($w_{oh_1} = 0.7$, $E = 0.1078$). The dashed orange line touches the curve
# there: its **slope** $dE/dw$ says how fast the error changes when the weight moves. Here the slope is
# negative: making $w_{oh_1}$ larger makes the error smaller, so **downhill is to the right** (the arrow).
# That is all learning needs from the slope: its **sign** says which way to go, its **size** how steep it is.
#
# You can estimate a slope without any calculus: nudge the weight by a small $h$ both ways and compare
# the errors (the *central difference*),
#
# $$\frac{dE}{dw} \approx \frac{E(w + h) - E(w - h)}{2h}. \tag{4.3}$$
#
# You will do exactly that in Exercise 04.1. `nnteach` computes all nine slopes at once, exactly, with
# `Perceptron.loss_and_grads` (the backpropagation of notebook 05). It returns the slopes
# $\partial E/\partial w$ in a dict shaped like the weights, `grads["W2"][0, 0]` is the slope for $w_{oh_1}$:

# %%
E, grads = net.loss_and_grads(x, t)    # E and every ∂E/∂w (backpropagation, notebook 05)
slope = grads["W2"][0, 0]
print(f"E = {E:.4f}, dE/dw_oh1 = {slope:.4f}")

# %% [markdown]
# ## 3. One step downhill
#
# Gradient descent moves the weight a little *against* the slope, a step of size $\varepsilon$ (the
# **learning rate**) times the slope:
#
# $$w \leftarrow w - \varepsilon\, \frac{dE}{dw}. \tag{4.4}$$
#
# The minus sign turns "uphill" into "downhill": a negative slope makes $w$ larger, a positive slope
# smaller. A steep slope gives a big step, a flat one a small step. With $\varepsilon = 0.5$:

# %%
w_new = 0.7 - rate * slope             # Eq. (4.4)
print(f"w_oh1: 0.7000 → {w_new:.4f}")
ErrorCurveExplorer(weight="w_oh1", w=0.7, steps=1, rate=0.5).show()

# %% [markdown]
# The error drops from 0.1078 to 0.1054: a small step, because the slope is gentle.
#
# **Predict.** Instead of one step with $\varepsilon = 0.5$, take five steps with $\varepsilon = 5$. Each
# step uses the slope *at the point where it starts*. Will the steps get longer or shorter as the curve
# flattens out? Where will the fifth step land? Then run the cell.

# %%
ErrorCurveExplorer(weight="w_oh1", w=0.7, steps=5, rate=5.0).show()

# %% [markdown]
# The steps shrink by themselves as the curve flattens: where the slope is small, so is the step. This curve
# has no bottom at all: as $w_{oh_1}$ grows, $E$ keeps falling toward 0 without reaching it (the logistic
# output only approaches the target 1), so gradient descent keeps creeping to the right, ever more slowly.
#
# ## 4. Two weights: a surface and its gradient
#
# A network has many weights, and the error depends on all of them at once. With two weights we can still
# draw it: $E(w_1, w_2)$ is a landscape over the plane of the two weights. Here is the simplest network
# with two weights, a **linear neuron** $y = w_1 x_1 + w_2 x_2$, learning four patterns. Its error, the
# mean (4.2) of Eq. (4.1), is a bowl; the red path leads downhill from the point $(-2, -2)$:

# %%
ErrorSurfaceExplorer(surface="linear neuron", w1=-2.0, w2=-2.0, view="3-D").show()

# %% [markdown]
# A 3-D picture is hard to read off, so we usually look at the landscape from above, as a contour map:
# lines of equal error, like a hiking map. Dark purple is low, yellow is high; the colour bar beside the map
# gives the values. Here is the same bowl from above, with the point moved to $(-1.5,\ 2)$; the white ×
# marks the bottom of the bowl, and the dotted line runs straight to it:

# %%
ErrorSurfaceExplorer(surface="linear neuron", w1=-1.5, w2=2.0).show()

# %% [markdown]
# With two weights there are two slopes, one per weight. Together they form the **gradient**
#
# $$\nabla E = \left(\frac{\partial E}{\partial w_1},\ \frac{\partial E}{\partial w_2}\right),\qquad
# w \leftarrow w - \varepsilon\, \nabla E. \tag{4.5}$$
#
# The gradient points *uphill*, steepest; the arrow on the map is its minus, $-\nabla E$, the steepest way
# *down*. It always crosses the contour lines at right angles. Note that it does **not** point at the bottom
# of the bowl: the arrow and the dotted line are about 37° apart. The bowl is longer than it is wide, and the
# steepest way down leads across the valley, not along it to the bottom.
#
# The network of notebook 03 has no bowl. Here is its error over the two output weights
# $w_{oh_1}, w_{oh_2}$:

# %%
ErrorSurfaceExplorer(surface="worked example (w_oh1, w_oh2)").show()

# %% [markdown]
# The error keeps falling toward large $w_{oh_1}$ and $w_{oh_2}$ without ever reaching zero: a logistic
# output only approaches 1. Network error surfaces have plateaus and valleys like this; the gradient still
# points downhill everywhere.
#
# ## 5. Choosing the learning rate
#
# Back to the bowl. Starting at $(-2, -2)$ with $\varepsilon = 0.9$, gradient descent reaches $E \le 0.001$ in
# 8 steps. We give every run 40 steps and sort it into one of three outcomes:
#
# - it **converges**: $E \le 0.001$ within the 40 steps;
# - it **diverges**: within the 40 steps the error climbs above 10 times its starting value. "Diverged at
#   step $k$" names the first step where it does;
# - it **does not diverge**, but does not converge within 40 steps either (too slow, zig-zagging without
#   settling, or an error that grows, but too slowly to pass 10 times its start within the 40 steps).
#
# **Predict.** What will happen with $\varepsilon = 0.1$? With $\varepsilon = 1.8$, twice as large as 0.9?
# With $\varepsilon = 2.5$? Write down your guesses, then run:

# %%
for eps in (0.1, 0.9, 1.8, 2.5):
    print(DescentPlayer(rate=eps).text)

# %% [markdown]
# Four behaviours from one formula: 0.1 crawls, 0.9 walks straight down. Here are the two surprising ones:
# $\varepsilon = 1.8$ overshoots the valley floor at every step and zig-zags across it (yet still gets down),
# and $\varepsilon = 2.5$ overshoots so much that every step lands *higher* than the last: the error
# explodes (note the log scale; the walk stops at step 3, where $E$ passes 10 times its start and the run
# counts as diverged). Its very first step already jumps off the map: the arrow marks where the path leaves it.

# %%
DescentPlayer(rate=1.8).show()

# %%
DescentPlayer(rate=2.5).show()

# %% [markdown]
# Why there? Take the simplest case first: an error that depends on one weight only, a parabola
# $E = \tfrac12\, \lambda\, d^2$, where $d$ is the distance of the weight from the bottom and $\lambda$ says how
# steep the parabola is (its *curvature*). Its slope is $dE/dd = \lambda d$, so one step (4.4) takes $d$ to
#
# $$d - \varepsilon\lambda d = (1 - \varepsilon\lambda)\, d.$$
#
# Every step multiplies the distance by the same factor $1 - \varepsilon\lambda$. That factor decides everything:
# - $\varepsilon < 1/\lambda$: the factor is between 0 and 1; the distance shrinks and keeps its sign (smooth);
# - $1/\lambda < \varepsilon < 2/\lambda$: the factor is between −1 and 0; the weight jumps across the bottom
#   each step, but lands closer (zig-zag, still converging);
# - $\varepsilon > 2/\lambda$: the factor is below −1; every jump lands *farther* away (divergence).
#
# So gradient descent on a parabola converges exactly when
#
# $$|1 - \varepsilon \lambda| < 1 \iff \varepsilon < \frac{2}{\lambda}. \tag{4.6}$$
#
# The bowl is two such parabolas at once: along its steep direction the curvature is $\lambda = 1$, along
# its flat direction $\lambda = 0.25$. The steep direction sets the limit, $\varepsilon < 2/1 = 2$, which is
# what you saw: 1.8 still converges, 2.5 explodes. The flat direction sets the speed: with a small
# $\varepsilon$ the factor $1 - 0.25\,\varepsilon$ is close to 1 and progress is slow. A good rate is as large
# as the steepest direction allows, and no larger. Real networks have millions of directions, which is why
# learning rates are chosen by trying.
#
# > **Going further (optional).** Where do the curvatures 1 and 0.25 come from? For the linear neuron they are
# > the *eigenvalues* of the matrix $H = \frac1P \sum_p x_p x_p^{\top}$ (the mean of $x x^\top$ over the
# > patterns), and the steep and flat directions are its eigenvectors. You can skip this cell.

# %%
bowl = get_surface("linear neuron")
curvatures = np.linalg.eigvalsh(bowl.X.T @ bowl.X / len(bowl.X))   # optional: the eigenvalue view
print(f"curvatures λ = {', '.join(f'{c:.2f}' for c in curvatures)}; "
      f"divergence above ε = 2/λ_max = {2 / curvatures.max():.2f}")

# %% [markdown]
# ## 6. A flat slope far from the target: saturation
#
# Back to the network of notebook 03 and the error curve of one weight, this time the bias $b_o$ of the output
# unit. Set it to $b_o = -4$. The output's state becomes $s_o \approx -3.9$, deep in the flat tail of the
# logistic function: $y_o \approx 0.02$, while the target is $t = 1$. The output is **saturated on the wrong
# side**, and its error $E = 0.4805$ is close to the largest it can be, ½.
#
# **Predict.** The error is large. Take 20 gradient steps with $\varepsilon = 0.5$ from $b_o = -4$. Will the
# error fall fast? Write down a guess for $E$ after the 20 steps, then run the cell.

# %%
ErrorCurveExplorer(weight="b_o", w=-4.0, rate=0.5, steps=20).show()

# %% [markdown]
# It hardly falls: after 20 steps $b_o$ has crept from $-4$ to $-3.79$, and $E$ from 0.4805 to 0.4762. The
# slope is only $-0.0189$. The chain rule (4.7) says why: every slope that passes through the output carries
# the factor $f'(s_o) = y_o(1 - y_o)$, and in the flat tail that factor is about 0.019. So the step is tiny
# however wrong the output is. This is the **harmful** kind of saturation: a large error with almost no slope,
# and learning stalls. (Notebook 06 comes back to this output, $b_o = -4$ with $t = 1$, and rescues it by
# measuring the error in another way.)
#
# Saturation on the *right* side is harmless. Start from the worked example's $b_o = 0.05$ and take 20 steps
# with the huge rate $\varepsilon = 40$:

# %%
ErrorCurveExplorer(weight="b_o", rate=40.0, steps=20).show()

# %% [markdown]
# The first step jumps far out, to where the output is almost 1; the next 19 steps hardly move, although
# $\varepsilon$ is huge, because the slope there is nearly zero. But there the error is already tiny,
# $3.24 \times 10^{-5}$: the slope is small *because* the output is nearly right, and nothing is lost. A flat
# slope is a problem only where the error is still large.
#
# ## Explore
#
# Each explorer below comes twice: a static figure of its default, and the live version with sliders
# (run the notebook to use it).
#
# **The error curve of one weight.** Pick a weight, slide its value, and press *one more step* to take
# gradient steps from it (up to 20). Things to try:
# - find a weight whose slope is positive;
# - choose `b_o`, set it to $-4$ (saturated on the wrong side, section 6) and find a rate that gets the error
#   below 0.05 within 20 steps;
# - switch the cost to `cross_entropy`, another way to measure the error that notebook 06 explains, and
#   compare the slope at $b_o = -4$.

# %%
curve = ErrorCurveExplorer(weight="b_o", w=-4.0, rate=0.5, steps=5)
curve.show()

# %% tags=["nbval-ignore-output"]
ErrorCurveExplorer().widget()

# %% [markdown]
# **The error surface of two weights.** Move the point; watch the arrow $-\nabla E$ stay at right angles to
# the contour lines. Where is it longest? Where does it vanish? Try the surface
# `worked example (w_h1x1, w_oh1)`, a hidden weight against an output weight, and switch the view to 3-D.

# %%
surface = ErrorSurfaceExplorer()
surface.show()

# %% tags=["nbval-ignore-output"]
ErrorSurfaceExplorer().widget()

# %% [markdown]
# **The gradient-descent player.** Choose a learning rate and a start point; press play (or drag the step
# slider) to watch the path and the loss curve grow. The outcome (converges, does not diverge, diverges) is
# shown once the steps that decide it are played. Find the largest rate that converges smoothly, and the
# smallest that diverges. Does the start point change the answer? (On the two `worked example` surfaces
# "converged" means $E \le 0.01$: their error cannot reach 0.)

# %%
player = DescentPlayer(rate=0.9)
player.show()

# %% tags=["nbval-ignore-output"]
DescentPlayer(rate=0.9, step=0).widget()


# %% [markdown]
# ## Exercises
#
# Each exercise has a cell for your answer: replace the `...` and run it. The check tells you what is
# wrong; `hint("04.1")` (and so on) gives a hint, a stronger one each time you ask
# (`hint("04.1", reset=True)` starts again).
# Worked solutions are in the **solutions edition** of this notebook, [solutions/04_error_and_gradient_descent.ipynb](../solutions/04_error_and_gradient_descent.ipynb) (a collapsed cell under each exercise there) — try first.
# If you started the course with `nnteach start`, the solutions are one command away: run
# `nnteach solutions solutions` in the folder that holds your course folder, and this link opens them.
#
# ### Exercise 04.1 · The numeric slope
# `E_of(w)` below runs the worked example with $w_{oh_1} = w$ and returns its error. Use Eq. (4.3) with
# `h = 1e-4` to estimate $dE/dw_{oh_1}$ at $w_{oh_1} = 0.7$.

# %%
def E_of(w):
    # The error of the worked example when w_oh1 = w (all other weights as they are).
    trial = net.copy()
    trial.params["W2"][0, 0] = w
    return float(nnteach.costs.mse(trial.forward(x), t))

h = 1e-4
numeric_slope = ...      # your code: Eq. (4.3)
check_numeric_slope(numeric_slope)

# %% tags=["solution"]
# Solution 04.1
numeric_slope = (E_of(0.7 + h) - E_of(0.7 - h)) / (2 * h)
print(f"numeric slope = {numeric_slope:.4f}, backprop slope = {slope:.4f}")
check_numeric_slope(numeric_slope)

# %% [markdown]
# ### Exercise 04.2 · The slope by the chain rule
# The weight $w_{oh_1}$ reaches the error through a chain: it changes the state $s_o = w_{oh_1} y_{h_1} +
# w_{oh_2} y_{h_2} + b_o$, which changes the output $y_o = f(s_o)$, which changes $E$. Multiply the three
# links:
#
# $$\frac{\partial E}{\partial w_{oh_1}} = \underbrace{-(t - y_o)}_{dE/dy_o}\cdot
# \underbrace{f'(s_o)}_{dy_o/ds_o}\cdot \underbrace{y_{h_1}}_{ds_o/dw_{oh_1}}, \qquad f'(s_o) = y_o(1 - y_o).
# \tag{4.7}$$
#
# Compute it from the activations below; it should agree with your numeric slope.

# %%
_, y_h, y_out = net.forward_all(x)      # activations of the input, hidden and output layer
y_h1, y_o = y_h[0], y_out[0]
print(f"y_h1 = {y_h1:.4f}, y_o = {y_o:.4f}, t = {t[0]:.0f}")

analytic_slope = ...     # your code: the chain rule above
check_analytic_slope(analytic_slope)

# %% tags=["solution"]
# Solution 04.2
analytic_slope = -(t[0] - y_o) * y_o * (1 - y_o) * y_h1
print(f"analytic slope = {analytic_slope:.4f}")
check_analytic_slope(analytic_slope)

# %% [markdown]
# ### Exercise 04.3 · Rates that converge and diverge
# On the bowl (the default of the descent player, start $(-2, -2)$, 40 steps), find one learning rate that
# **converges** (reaches $E \le 0.001$ within 40 steps) and one that **diverges** (the error climbs above
# 10 times its start within the 40 steps). A rate that does neither does not count for either. Use the player or `DescentPlayer(rate=…).text` to try rates.

# %%
converging = ...     # a learning rate that converges
diverging = ...      # a learning rate that diverges
check_rates(converging, diverging)

# %% tags=["solution"]
# Solution 04.3: rates from 0.2 to 1.89 reach E ≤ 0.001 within 40 steps. Above 2/λ = 2 the error grows;
# from ε ≈ 2.03 on it climbs above 10× its start within the 40 steps: it diverges.
converging, diverging = 0.9, 2.5
check_rates(converging, diverging)

# %% [markdown]
# ## What to remember
# - The error $E = \tfrac12\sum_o (t_o - y_o)^2$ (mean over patterns) turns "how wrong" into one number,
#   and a function of the weights.
# - Over one weight $E$ is a curve, over two a surface; the slope $dE/dw$ (the gradient $\nabla E$) points
#   uphill, so learning steps against it: $w \leftarrow w - \varepsilon\, dE/dw$.
# - A slope can be checked numerically: $(E(w+h) - E(w-h))/2h$ must agree with the chain rule.
# - The learning rate decides the walk: too small crawls, good converges, too large zig-zags, and above
#   $2/\lambda$ (for the steepest direction) the error explodes.
#
# ## Next
# [05 · Backpropagation](05_backpropagation.ipynb): the chain rule of Exercise 04.2, for every weight of a
# network at once — the delta rule — and a network that learns XOR.
