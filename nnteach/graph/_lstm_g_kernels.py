"""Compiled loops for :class:`nnteach.graph.VectorisedLSTM` (private; needs numba).

The same equations as :func:`nnteach.graph.vectorised.lstm_g_forward` / ``lstm_g_updates`` (math.md §6.6),
written as loops that numba compiles, updating the layer's arrays in place.  Read the numpy version; a
test proves this one equal to it and to the unit graph.

Compiling takes a few seconds, so numba keeps the compiled code in a cache, but never in the package's
own folder (numba's default, next to this file): in ``$XDG_CACHE_HOME/nnteach/numba`` (default
``~/.cache/nnteach/numba``), or where ``NUMBA_CACHE_DIR`` says if you set it.  If that folder cannot
be written, nothing is cached (the kernels are compiled in each new process) and nothing is said.
"""
from __future__ import annotations

import contextlib
import math
import os

import numba

__all__ = ["activate", "propagate", "CACHE_DIR"]


def _user_cache_dir() -> str | None:
    """nnteach's folder for numba's cache in the user's cache directory, made if needed; None if it
    cannot be made or written."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "nnteach", "numba")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK | os.X_OK) else None


#: Where the compiled kernels are cached (None: not cached).
CACHE_DIR: str | None = numba.config.CACHE_DIR or _user_cache_dir()


@contextlib.contextmanager
def _cache_location():
    """numba picks a function's cache folder when the function is decorated: point it at CACHE_DIR for
    that moment only (other numba code in the process keeps numba's own setting)."""
    before = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = CACHE_DIR or ""
    try:
        yield
    finally:
        numba.config.CACHE_DIR = before


def _compiled(fn):
    with _cache_location():
        return numba.njit(cache=CACHE_DIR is not None, nogil=True)(fn)


@_compiled
def _sigma(s):
    return 1.0 / (1.0 + math.exp(-s)) if s >= 0.0 else math.exp(s) / (1.0 + math.exp(s))


@_compiled
def activate(x, Gi, Gf, Go, Wc, bc, Gk, u, u_o, r, iota, phi, omega, a, s, s_bar, y_c, y, Ec, ebc, Xi, Xf):
    """One step forward and the traces, in place; False (and nothing changed) if ``x`` is not finite."""
    N, M, K = x.shape[0], s.shape[0], y.shape[0]
    P = N + 1 + M
    for n in range(N):
        if not math.isfinite(x[n]):
            return False
    for n in range(N):
        u[n] = x[n]
        u_o[n] = x[n]
        r[M + n] = x[n]
    for m in range(M):
        u[N + 1 + m] = y_c[m]                    # ȳ_c: last step's cell activations
    for m in range(M):                           # input and forget gates, cell input
        zi = 0.0
        zf = 0.0
        for p in range(P):
            zi += Gi[m, p] * u[p]
            zf += Gf[m, p] * u[p]
        za = 0.0
        for n in range(N):
            za += Wc[m, n] * x[n]
        iota[m] = _sigma(zi)
        phi[m] = _sigma(zf)
        a[m] = za
    for m in range(M):                           # cells
        s_bar[m] = s[m]
        s[m] = phi[m] * s_bar[m] + iota[m] * a[m] + bc[m]
        y_c[m] = _sigma(s[m])
        u_o[N + 1 + m] = y_c[m]
    for m in range(M):                           # output gates
        z = 0.0
        for p in range(P):
            z += Go[m, p] * u_o[p]
        omega[m] = _sigma(z)
        r[m] = omega[m] * y_c[m]
    for k in range(K):                           # outputs
        z = 0.0
        for p in range(M + N + 1):
            z += Gk[k, p] * r[p]
        y[k] = _sigma(z)
    for m in range(M):                           # traces
        f = phi[m]
        ci = iota[m] * (1.0 - iota[m]) * a[m]
        cf = phi[m] * (1.0 - phi[m]) * s_bar[m]
        for n in range(N):
            Ec[m, n] = f * Ec[m, n] + iota[m] * x[n]
        ebc[m] = f * ebc[m] + 1.0
        for p in range(P):
            Xi[m, p] = f * Xi[m, p] + ci * u[p]
            Xf[m, p] = f * Xf[m, p] + cf * u[p]
    return True


@_compiled
def propagate(rate, t, Gi, Gf, Go, Wc, bc, Gk, gate_mask, out_mask, u, u_o, r, omega, y_c, y, Ec, ebc, Xi, Xf,
              d_k, d_o, d_c):
    """Responsibilities and updates, in place; False (and nothing changed) if ``t`` is not finite."""
    N, M, K = u.shape[0] - 1 - y_c.shape[0], y_c.shape[0], y.shape[0]
    P = N + 1 + M
    for k in range(K):
        if not math.isfinite(t[k]):
            return False
    for k in range(K):
        d_k[k] = t[k] - y[k]
    for m in range(M):                           # output gates
        back = 0.0
        for k in range(K):
            back += Gk[k, m] * d_k[k]
        d_c[m] = back                            # Σ_k δ_k w_kc, for now
        d_o[m] = omega[m] * (1.0 - omega[m]) * y_c[m] * back
    for m in range(M):                           # cells
        peep = 0.0
        for mm in range(M):
            peep += Go[mm, N + 1 + m] * d_o[mm]
        d_c[m] = y_c[m] * (1.0 - y_c[m]) * (omega[m] * d_c[m] + peep)
    if rate == 0.0:
        return True
    for k in range(K):
        step = rate * d_k[k]
        for p in range(M + N + 1):
            Gk[k, p] += step * r[p] * out_mask[k, p]
    for m in range(M):
        so = rate * d_o[m]
        sc = rate * d_c[m]
        for p in range(P):
            Go[m, p] += so * u_o[p] * gate_mask[m, p]
            Gi[m, p] += sc * Xi[m, p] * gate_mask[m, p]
            Gf[m, p] += sc * Xf[m, p] * gate_mask[m, p]
        for n in range(N):
            Wc[m, n] += sc * Ec[m, n]
        bc[m] += sc * ebc[m]
    return True
