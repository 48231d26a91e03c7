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
# # 00 · Start here
#
# *Neural Networks 101, hands-on* — a course in eleven notebooks, from one neuron to LSTM.
# Every idea is something you can compute, see and move: you will slide a weight along an error
# surface, step gradient descent by hand and, later in the course, watch an error signal fade as it
# travels back in time.
#
# **You will learn**
# 1. how to run a cell and how to move a slider in this course;
# 2. what to do if the interactive figures do not appear;
# 3. the map of the course: which notebook teaches what, and what each one needs;
# 4. the notation used everywhere: $s_j$, $y_j$, $w_{ji}$, $\delta_j$, $\varepsilon$ and friends;
# 5. how exercises, checks, hints and solutions work.
#
# **Before you start:** nothing but a little Python and numpy (arrays, `@` for matrix products).

# %% [markdown]
# ## 1. Run a cell
#
# Click into the grey cell below and press **Shift + Enter**. It imports `numpy`, `matplotlib` and
# `nnteach` (the small package behind this course) and prints its version. Run every cell of a
# notebook from top to bottom: later cells use what earlier cells computed. If something looks
# odd, use *Kernel → Restart Kernel and Run All Cells*.

# %%
# %matplotlib inline
import numpy as np
import matplotlib.pyplot as plt
import nnteach

np.set_printoptions(precision=4, suppress=True)
print(f"nnteach {nnteach.__version__} is ready")

# %% [markdown]
# The package does the computing; the notebooks show the ideas. Everything a notebook uses is a plain
# function or class of `nnteach`, so you can always read its code: put a `?` after a name, e.g.
# `nnteach.Neuron?`, or two for the source, `nnteach.Neuron??`.

# %%
neuron = nnteach.Neuron(2, weights=[0.5, -0.4], bias=0.1)
y = neuron.activate([0.8, 0.2])
print(f"state s = {neuron.s:.4f}, activation y = {y:.4f}")
neuron

# %% [markdown]
# ## 2. Move a slider
#
# Each notebook has an **Explore** section with a figure you can move. First the static version, so the
# lesson reads well even without a running kernel (on GitHub, in a PDF):

# %%
from nnteach.viz import HelloExplorer

hello = HelloExplorer(w=1.0)
hello.show()

# %% [markdown]
# And now the live one. Drag the slider (or click it and use the arrow keys): the curve should get
# steeper as $|w|$ grows and flip when $w$ changes sign, and the line of text below it should follow.
# (This is a neuron with one input $x$, weight $w$ and no bias: $y = \sigma(w\,x)$. Notebook 01 explains it.)

# %% tags=["nbval-ignore-output"]
HelloExplorer(w=1.0).widget()

# %% [markdown]
# **Nothing moves, or you see text like `VBox(children=…)` instead of a slider?**
# - Run the cell again (widgets need a live kernel: *Kernel → Restart Kernel and Run All Cells*).
# - Use JupyterLab 4 or Notebook 7 from the *same* environment as nnteach (it brings `ipywidgets` 8):
#   `nnteach start` does that for you; otherwise run `pip install jupyterlab` in the environment where you
#   installed nnteach, then restart JupyterLab from there.
# - In VS Code, install the *Jupyter* extension and trust the notebook.
# - Still stuck? Every explorer also has the static figure above it, and every exercise works without
#   widgets. You can follow the whole course that way.

# %% [markdown]
# ## 3. The map of the course
#
# | # | notebook | you leave able to | needs |
# |---|---|---|---|
# | 00 | start here | run cells, move sliders, read the notation | — |
# | 01 | [the neuron](01_the_neuron.ipynb) | compute a neuron's state and activation; make AND, OR, NAND | 00 |
# | 02 | [activation functions](02_activation_functions.ipynb) | use logistic, tanh, identity; write $f'$ from $y$ | 01 |
# | 03 | [feed-forward networks](03_feedforward_networks.ipynb) | run a forward pass by hand and as matrices; see why XOR needs a hidden layer | 02 |
# | 04 | [error and gradient descent](04_error_and_gradient_descent.ipynb) | read the error as a surface; walk downhill; choose a learning rate | 03 |
# | 05 | [backpropagation](05_backpropagation.ipynb) | derive and apply the delta rule; check gradients; train XOR | 04 |
# | 06 | [training in practice](06_training_in_practice.ipynb) | online vs batch, schedules, momentum, cross-entropy, overfitting | 05 |
# | 07 | [recurrent networks](07_recurrent_networks.ipynb) | unroll a network in time; measure the fading gradient | 05 |
# | 08 | [memory cells and gates](08_memory_cells_and_gates.ipynb) | the constant error carousel; input, forget and output gates | 07 |
# | 09 | [LSTM](09_lstm.ipynb) | the LSTM equations with peepholes; a long-lag task an Elman net fails | 08 |
# | 10 | [LSTM-g](10_lstm_g.ipynb) | one learning rule for any gated network, neuron by neuron | 09 |
#
# Each notebook can be opened alone, but its *needs* are assumed: the notation and the exercises of the
# ones before it.

# %% [markdown]
# ## 4. Notation
#
# The course follows the *Neural Networks 101* text (and the Synaptic library it comes from). One table,
# used in every notebook, docstring and plot:
#
# | symbol | meaning | in code |
# |---|---|---|
# | $y_i$ | activation (output) of unit $i$; for an input unit, the input value | `y`, `x` |
# | $w_{ji}$ | weight of the connection **to** unit $j$ **from** unit $i$ | `W[j, i]` |
# | $b_j$ | bias of unit $j$: the weight from an input that is always 1 | `b[j]` |
# | $s_j = \sum_i w_{ji} y_i + b_j$ | state (net input) of unit $j$ | `s` |
# | $f$, $y_j = f(s_j)$ | activation function and activation | `activation`, `y` |
# | $f'(s_j)$ | its slope, written from the output where possible, e.g. $y(1-y)$ | `df_from_y(y)` |
# | $t_o$ | target of output unit $o$ | `t`, `T` |
# | $E$ | error (cost) of a pattern, e.g. $\tfrac12\sum_o (t_o - y_o)^2$ | `loss` |
# | $\delta_j = -\partial E / \partial s_j$ | delta (error signal) of unit $j$ | `delta` |
# | $\varepsilon$ | learning rate; the update is $\Delta w_{ji} = \varepsilon\,\delta_j\,y_i$ | `rate` |
# | $t$ (in time) | time step of a sequence, $1 \dots T$ | `t` |
# | $c$, $g$ | memory-cell state and gate activation (notebooks 08–10) | `c`, `i`, `f`, `o` |
#
# A few letters do two jobs, and the context always tells which: $t$ is a target, and in the notebooks on
# sequences also a time step; $T$ is the array of targets, or the length of a sequence; $f$ is the
# activation function, and in LSTM the forget gate.
#
# One sign convention runs through the course: a delta is *minus* the slope of the error, so every
# update is written with a plus sign, $\Delta w_{ji} = +\varepsilon\,\delta_j\,y_i$. In code,
# `loss_and_grads` returns the slopes themselves, $\partial E/\partial w$, and training steps along
# their minus. Notebook 05 shows both side by side.

# %% [markdown]
# ## 5. Exercises, checks, hints, solutions
#
# Every exercise has a cell for your answer and a **check** that tells you specifically what is
# wrong. Ask for a hint as often as you need: each one says a little more, and the last one says where
# the worked solution is. The course comes in two editions with the same notebooks: the one in the folder
# `notebooks/` has no solutions, so that nothing gives an answer away before you try; the **solutions
# edition** in the folder `solutions/` has a worked solution, collapsed, under each exercise. Open it when you
# are stuck, after trying. (If you started the course with `nnteach start`, your folder holds the learner
# edition only: `nnteach solutions solutions`, run in the folder that holds your course folder, writes the
# solutions edition beside it.) Here is how a check answers (this one asks for $0.5 \cdot 0.8 - 0.4 \cdot 0.2 + 0.1$):

# %%
from nnteach.checks import check_warmup, hint

check_warmup(0.32)   # forgot the bias on purpose

# %%
hint("00.1")

# %%
check_warmup(0.42)

# %% [markdown]
# ## What to remember
# - Run cells top to bottom with **Shift + Enter**; restart and run all when in doubt.
# - Every live explorer has a static twin above it; the text line under a figure says what it shows.
# - $w_{ji}$ is the weight *to* $j$ *from* $i$; the bias is a weight from an input that is always 1.
# - $\delta = -\partial E/\partial s$, so updates are $\Delta w = +\varepsilon\,\delta\,y$.
# - Checks tell you what is wrong; `hint("NN.k")` gives graded hints; worked solutions are in the solutions
#   edition (folder `solutions/`).
#
# ## Next
# [01 · The neuron](01_the_neuron.ipynb): one unit, its weights and bias, and three logic gates.
