"""The trainer's fast epoch (private): :func:`nnteach.train.one_epoch` for nnteach's own models, fused.

Read :func:`nnteach.train.one_epoch` and :func:`nnteach.train.one_update`: this module does the same
numbers (the project's tests prove it, to 1e-12) with fewer numpy operations per step:

* the parameters are views of one flat buffer (:meth:`nnteach.model.Model.flat_params`) and the
  model's fast kernel (:meth:`~nnteach.model.Model.fast_step`) writes ``scale · ∂E/∂θ`` into a
  gradient buffer of the same layout, so one update is one operation on the whole buffer
  (``θ ← θ − ε g``; with momentum three: ``v ← μ v − ε g``, ``θ ← θ + v``);
* the rate is folded into the kernel's deltas (``scale = ε``) unless gradients are clipped;
* the kernel keeps its arrays from step to step (one set per batch size) and writes ``t − y``
  into an error buffer, so that the error seen during the epoch (``error_on="seen"``) costs one
  reduction per epoch;
* no loss is computed: a non-finite step shows in the weights and in the reported error at the
  end of the epoch, where :func:`nnteach.train` checks both and restores the weights.

A kernel is called ``kernel(X, T, scale, errors)`` with a batch in the data's layout (patterns
``(B, N)``, sequences ``(B, T, N)``; ``errors`` shaped like ``T``), or for ``B = 1`` with one example
(a pattern ``(N,)``, a sequence ``(T, N)``), and has a flat ``grads`` buffer.
An online kernel of a sequence model (``online=True``) also has ``reset()`` (zero state) and
``steps(X, T, scale, errors, update)``: every time step of one sequence ``X (L, N)``, ``T`` and ``errors
(L, K)``, the state carried, ``update()`` after each step (``None``: ``θ ← θ − grads`` on the flat buffer);
called with ``x (N,)``, ``t`` and ``errors (K,)`` it does one step without an update.
"""
from __future__ import annotations

import math

import numpy as np

from .model import is_packed

__all__ = ["FastEpochs"]

subtract, add, multiply, vdot = np.subtract, np.add, np.multiply, np.vdot


#: What a fast kernel computes in place of the model's own methods.
REPLACED = ("forward", "loss_and_grads", "loss_and_grads_unchecked", "step_loss_and_grads")


def _overridden(model) -> bool:
    """True if a learner's subclass (or the instance) replaced a method whose numbers the kernel computes:
    then train runs the model's own methods, the readable path."""
    cls = type(model)
    owner = next((c for c in cls.__mro__ if "fast_step" in vars(c)), None)
    return owner is None or any(name in vars(model) or getattr(cls, name, None) is not getattr(owner, name, None)
               for name in REPLACED)


class FastEpochs:
    """The epochs of one :func:`nnteach.train` call on a model with a fast kernel.

    Build it with :meth:`prepare` (None if the model has no kernel for these options); then
    ``epoch(rate, epoch, order, rng)`` does what ``one_epoch`` does and returns the same reported
    error: the mean ``(t − y)²`` seen during the epoch (``error_on == "seen"``) or on the whole data
    after it, by the kernel's forward pass (its arrays kept from epoch to epoch).
    """

    @classmethod
    def prepare(cls, model, options) -> "FastEpochs | None":
        fast_step = getattr(model, "fast_step", None)
        if fast_step is None or not hasattr(model, "flat_params") or (options.ragged and not options.online):
            return None
        if _overridden(model):
            return None
        model.flat_params()                  # rebuilds the buffer if a learner replaced an array of params
        first = fast_step(options.cost, min(options.batch_size, options.n), online=options.online)
        if first is None:
            return None
        return cls(model, options, first)

    def __init__(self, model, options, first) -> None:
        self.model, self.options = model, options
        self._bind(first)
        self.velocity = np.zeros_like(self.flat) if options.momentum else None
        if not options.ragged and not options.online:
            self.errors = np.empty(options.T.shape)           # t − y of every example, in the order seen

    def _bind(self, first) -> None:
        self.flat = self.model.flat_params()
        self.kernels = {min(self.options.batch_size, self.options.n): first}
        self.layout = [(k, v.shape) for k, v in self.model.params.items()]

    def kernel(self, B: int):
        """The kernel for batches of ``B`` examples (one per batch size: the last batch may be smaller)."""
        k = self.kernels.get(B)
        if k is None:
            k = self.kernels[B] = self.model.fast_step(self.options.cost, B, online=self.options.online)
        return k

    def _check_packing(self) -> None:
        """A callback may have replaced an array of params: never train a stale buffer."""
        if not is_packed(self.model.params, self.flat, self.layout):
            self.model.flat_params()
            first = self.model.fast_step(self.options.cost, min(self.options.batch_size, self.options.n),
                                         online=self.options.online)
            self._bind(first)
            if self.velocity is not None and self.velocity.shape != self.flat.shape:   # pragma: no cover
                self.velocity = np.zeros_like(self.flat)

    # -- one update of the whole buffer ------------------------------------------------------------
    def _reported(self, squares: float) -> float:
        """The reported error: ``squares`` (Σ (t − y)² seen during the epoch) as a mean, or the error on
        the whole data after the epoch."""
        o = self.options
        if o.error_on == "seen":
            return squares / o.n_values
        if o.ragged:
            from .train import evaluate_error          # (train imports this module)
            return evaluate_error(self.model, o.X, o.T)
        return self.kernels[min(o.batch_size, o.n)].squared_errors(o.X, o.T) / o.n_values

    def _scale(self, rate: float) -> float:
        """What the kernel multiplies ∂E/∂θ by: the rate, unless the gradients are clipped first."""
        return 1.0 if self.options.clip is not None else rate

    def _update(self, grads: np.ndarray, views: list[np.ndarray] | None, rate: float) -> None:
        """``θ ← θ − ε g`` (or with momentum ``v ← μ v − ε g``, ``θ ← θ + v``) on the flat buffer;
        ``grads`` holds ``ε g`` unless clipping, where it holds ``g`` and is clipped per array first."""
        o = self.options
        if o.clip is not None:
            for g in views:
                norm = math.sqrt(float(vdot(g, g)))
                if norm > o.clip:
                    multiply(g, o.clip / norm, out=g)
            multiply(grads, rate, out=grads)
        if self.velocity is None:
            subtract(self.flat, grads, out=self.flat)
        else:
            v = self.velocity
            multiply(v, o.momentum, out=v)
            subtract(v, grads, out=v)
            add(self.flat, v, out=self.flat)

    def _views(self, kernel) -> list[np.ndarray] | None:
        """The gradient buffer of ``kernel`` as one view per parameter array (needed to clip per array)."""
        if self.options.clip is None:
            return None
        views, start = [], 0
        for _, shape in self.layout:
            n = math.prod(shape)
            views.append(kernel.grads[start:start + n].reshape(shape))
            start += n
        return views

    # -- one epoch -------------------------------------------------------------------------------
    def epoch(self, rate: float, epoch: int, order: np.ndarray, rng: np.random.Generator) -> float:
        o = self.options
        if o.callback is not None:
            self._check_packing()
        if o.shuffle:
            rng.shuffle(order)
        if o.online:
            return self._online_epoch(rate, order)
        X, T, E, B, n = o.X, o.T, self.errors, o.batch_size, o.n
        scale = self._scale(rate)
        plain = o.clip is None and self.velocity is None
        flat = self.flat
        if B == 1:                                               # online: one example at a time
            kernel = self.kernel(1)
            grads, views = kernel.grads, self._views(kernel)
            for i in order:
                kernel(X[i], T[i], scale, E[i])
                if plain:
                    subtract(flat, grads, out=flat)              # θ ← θ − ε ∂E/∂θ, all arrays at once
                else:
                    self._update(grads, views, rate)
            return self._reported(float(vdot(E, E)))
        for start in range(0, n, B):
            stop = min(start + B, n)
            kernel = self.kernel(stop - start)
            if stop - start == 1:                                # a last batch of one example
                i = order[start]
                kernel(X[i], T[i], scale, E[start])
            elif o.shuffle:
                idx = order[start:stop]
                kernel(X[idx], T[idx], scale, E[start:stop])
            else:
                kernel(X[start:stop], T[start:stop], scale, E[start:stop])
            if plain:
                subtract(flat, kernel.grads, out=flat)          # θ ← θ − ε ∂E/∂θ, all arrays at once
            else:
                self._update(kernel.grads, self._views(kernel), rate)
        return self._reported(float(vdot(E, E)))

    def _online_epoch(self, rate: float, order: np.ndarray) -> float:
        """One update per time step; every sequence starts from the zero state, which is carried from
        step to step within it."""
        o = self.options
        X, T = o.X, o.T
        scale = self._scale(rate)
        plain = o.clip is None and self.velocity is None
        kernel = self.kernel(1)
        views = self._views(kernel)
        grads = kernel.grads
        update = None if plain else (lambda: self._update(grads, views, rate))   # None: θ ← θ − ε ∂E/∂θ
        seen = 0.0
        for i in order:
            target = T[i]                                        # one sequence (T, N), its targets (T, K)
            E = np.empty(target.shape)
            kernel.reset()
            kernel.steps(X[i], target, scale, E, update)        # the loop over the time steps is the kernel's
            seen += float(vdot(E, E))
        return self._reported(seen)
