"""The benchmark harness behind bench/run.py.

* :mod:`harness.measure` — samples, median [min–max], interleaving, BLAS threads, the machine;
* :mod:`harness.rows` — a row, its variants, ratios and targets;
* :mod:`harness.speed` — speed rows: samplers timed in turns;
* :mod:`harness.synaptic` — Synaptic 1.1.4 under node (bench/synaptic/driver.js);
* :mod:`harness.plugins` — variants from other bench scripts, when they exist;
* :mod:`harness.hooks` — nnteach's trainer hook under its current or former name;
* :mod:`harness.context` — settings (--quick or full) and what every row function receives;
* :mod:`harness.report` — console table, RESULTS.md, JSON, the README summary.
"""
