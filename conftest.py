"""Run-wide settings for every test, notebook (nbval) and the browser check.

Notebook outputs are stored once and compared everywhere, so they must not depend on the processor.
numpy's OpenBLAS chooses its matrix-product kernels by processor (SkylakeX on many Intel servers,
Haswell on AMD Zen), and their results differ in the last bits; a training run that is chaotic (06's
constant rate 5, 10's Reber grammar) turns those bits into different numbers after a few hundred
steps.  So the notebooks are executed with the Haswell kernels on every x86-64 processor that has
them (AVX2): here, in the kernels that nbval starts (they inherit this environment), and in
``tools/build_notebooks.py``, which stores the outputs.  A learner's numbers may still differ in
such runs; the notebooks say so where it matters.
"""
import os
import platform


def _pin_blas_kernels() -> None:
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            has_avx2 = " avx2" in f.read()
    except OSError:
        return
    if has_avx2:
        os.environ.setdefault("OPENBLAS_CORETYPE", "Haswell")


_pin_blas_kernels()
