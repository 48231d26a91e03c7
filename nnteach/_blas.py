"""How many BLAS threads :func:`nnteach.train` lets numpy use (private).

numpy's matrix products run on a BLAS library that starts one worker thread per core.  On the small
matrices of a small network the workers cost more than they give: waking them for every product
takes longer than the product, and after a large product (the reported error over the whole data
set) they keep spinning for a while and slow the small ones down.  So ``train`` holds BLAS to one
thread while it trains a small model, and leaves big models all of them.  The limit is set with
threadpoolctl (the ecosystem's tool) inside the call only and restored when it returns, also on an
error or Ctrl-C: nothing leaks outside the call, and no environment variable is needed.

The size rule, measured with the project's benchmarks: one thread when a training step multiplies
fewer than :data:`ONE_THREAD_BELOW` numbers, i.e. parameters × examples per update.
"""
from __future__ import annotations

import contextlib
from typing import Iterator

__all__ = ["ONE_THREAD_BELOW", "work_per_step", "threads_for"]

#: Multiply-adds per training step (parameters × examples per update) below which one BLAS thread is faster.
ONE_THREAD_BELOW = 2 ** 20

_controller = None


def work_per_step(n_parameters: int, batch: int) -> int:
    """The multiply-adds of one training step, roughly: every parameter once per example of the batch
    (per time step for sequences)."""
    return n_parameters * batch


@contextlib.contextmanager
def threads_for(work: int) -> Iterator[None]:
    """Hold numpy's BLAS to one thread inside the ``with`` block if ``work`` is below
    :data:`ONE_THREAD_BELOW`; leave it alone otherwise (or if threadpoolctl is missing)."""
    global _controller
    if work >= ONE_THREAD_BELOW:
        yield
        return
    try:
        if _controller is None:
            from threadpoolctl import ThreadpoolController     # imported on first use: import nnteach stays light
            _controller = ThreadpoolController()
        limit = _controller.limit(limits=1, user_api="blas")
    except ImportError:                                         # pragma: no cover - a declared dependency
        yield
        return
    try:
        yield
    finally:
        limit.restore_original_limits()
