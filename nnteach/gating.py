"""Gates at work on one memory cell: the scenarios of notebook 08 (math.md §4, §5.1).

A :class:`Scenario` is an input stream for one :class:`~nnteach.recurrent.MemoryCell` and a plan of
**cues**:

* *write* steps — the input gate opens (value 1) to let in the value arriving then;
* *forget* steps — the forget gate shuts (value 0) for one step: the cell is reset;
* *read* steps — the output gate opens (value 1) to let the stored value out.

Between its cues each gate **rests** at a value of your choice (the gate explorer's sliders), so
one scenario shows both the ideal plan (input and output gates shut between cues, forget gate 1)
and what goes wrong when a gate leaks.  Between the values worth storing the input carries
noise: ``noise · z(t) + drift`` with a fixed standard-normal pattern ``z`` (seeded), so moving
the noise slider scales the same pattern.

The cell is the one of Eq. (8.4) with identity squashing (``g = h = identity``), so that a stored
value reads out unchanged::

    s(t) = f(t) · s(t−1) + i(t) · x(t),      y(t) = o(t) · s(t).

:func:`run_scenario` runs it and returns a :class:`ScenarioRun` with the cell's trace
(:class:`~nnteach.recurrent.CellTrace`) and the numbers the explorer prints: what the cell should
hold, what it holds at the read step, how much noise got in, what reached the output outside the
read steps, and the error factor ``∂s(t_read)/∂s(t_write) = ∏ f`` (math.md §4).

Time runs ``t = 1 … T``; arrays have ``x[k]`` = the value at ``t = k + 1``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .activations import logistic
from .recurrent import CellTrace, MemoryCell

__all__ = ["Scenario", "ScenarioRun", "SCENARIOS", "STORE_TASK", "FORGET_TASK", "get_scenario", "run_scenario",
           "gate_sequence", "forget_gate_from_cue"]

#: Seed of the noise pattern ``z`` shared by the scenarios.
NOISE_SEED = 8


@dataclass(frozen=True)
class Scenario:
    """An input stream and a plan of cues for one memory cell (see the module docstring).

    Attributes:
        name: the scenario's name (a key of :data:`SCENARIOS`).
        T: number of steps.
        values: ``{t: value}``: the values worth storing and the steps they arrive.
        write, forget, read: the cue steps of the input, forget and output gates.
        rest: the gate values between cues (``input_gate``, ``forget_gate``, ``output_gate``)
            and the ``noise`` level this scenario starts with.
        drift: a constant added to the input at every step without a value (a continual stream).
        description: one sentence for the explorer's title.
    """

    name: str
    T: int
    values: dict = field(default_factory=dict)
    write: tuple = ()
    forget: tuple = ()
    read: tuple = ()
    rest: dict = field(default_factory=dict)
    drift: float = 0.0
    description: str = ""

    @property
    def t(self) -> np.ndarray:
        """The times ``1 … T``."""
        return np.arange(1, self.T + 1)

    def inputs(self, noise: float | None = None) -> np.ndarray:
        """The input stream ``x (T,)``: the values at their steps, ``noise · z(t) + drift`` elsewhere."""
        noise = self.rest["noise"] if noise is None else float(noise)
        z = np.random.default_rng(NOISE_SEED).standard_normal(self.T)
        x = noise * z + self.drift
        for t, v in self.values.items():
            x[t - 1] = v
        return x

    def gates(self, input_gate: float | None = None, forget_gate: float | None = None,
              output_gate: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The gate sequences ``(i, f, o)``, each ``(T,)``: the rest values with the cues applied."""
        rest = {"input_gate": input_gate, "forget_gate": forget_gate, "output_gate": output_gate}
        rest = {k: self.rest[k] if v is None else float(v) for k, v in rest.items()}
        i = gate_sequence(self.T, rest["input_gate"], self.write, 1.0)
        f = gate_sequence(self.T, rest["forget_gate"], self.forget, 0.0)
        o = gate_sequence(self.T, rest["output_gate"], self.read, 1.0)
        return i, f, o

    @property
    def reference_step(self) -> int:
        """The step whose state matters: the last read, or the last step if nothing is read."""
        return self.read[-1] if self.read else self.T


def gate_sequence(T: int, rest: float, cues=(), cue_value: float = 1.0) -> np.ndarray:
    """A gate's values over ``t = 1 … T``: ``rest`` everywhere, ``cue_value`` at the steps ``cues``.

    Example: ``gate_sequence(25, 0.0, cues=[3])`` is an input gate that opens only at ``t = 3``.
    """
    if not 0.0 <= rest <= 1.0:
        raise ValueError(f"a gate's rest value must lie in [0, 1] (a logistic unit's range); got {rest!r}")
    g = np.full(int(T), float(rest))
    for t in cues:
        if not 1 <= t <= T:
            raise ValueError(f"cue step {t!r} is outside 1 … {T}")
        g[t - 1] = cue_value
    return g


SCENARIOS: dict[str, Scenario] = {s.name: s for s in (
    Scenario("store and hold", 40, values={5: 0.8}, write=(5,),
             rest=dict(input_gate=0.0, forget_gate=1.0, output_gate=1.0, noise=0.0),
             description="0.8 arrives at t = 5 and the input gate opens for it; the cell holds it"),
    Scenario("noisy input shut out", 40, values={5: 0.8}, write=(5,), read=(35,),
             rest=dict(input_gate=0.0, forget_gate=1.0, output_gate=0.0, noise=0.3),
             description="0.8 at t = 5, noise everywhere else; read at t = 35"),
    Scenario("read on cue", 40, values={5: 0.8}, write=(5,), read=(20, 35),
             rest=dict(input_gate=0.0, forget_gate=1.0, output_gate=0.0, noise=0.3),
             description="0.8 stored at t = 5; the output gate lets it out only at t = 20 and t = 35"),
    Scenario("forget on cue", 40, values={5: 0.8, 25: -0.5}, write=(5, 25), forget=(20,), read=(35,),
             rest=dict(input_gate=0.0, forget_gate=1.0, output_gate=0.0, noise=0.3),
             description="0.8 at t = 5, reset at t = 20, −0.5 at t = 25; read at t = 35"),
    Scenario("continual stream", 200, drift=0.1,
             rest=dict(input_gate=1.0, forget_gate=1.0, output_gate=1.0, noise=0.3),
             description="a stream with mean 0.1 that never stops, no cues"),
)}


#: Exercise 08.1: store the 0.8 that arrives at t = 3 for 20 steps and show it only at t = 23.
STORE_TASK = Scenario("store for 20 steps", 25, values={3: 0.8}, write=(3,), read=(23,),
                      rest=dict(input_gate=0.0, forget_gate=1.0, output_gate=0.0, noise=0.3),
                      description="0.8 arrives at t = 3, noise after it; read at t = 23")

#: Exercise 08.2: A = 0.8 written at t = 3, a forget cue at t = 15, B = −0.5 written at t = 18, read at t = 28.
FORGET_TASK = Scenario("forget on a cue input", 30, values={3: 0.8, 18: -0.5}, write=(3, 18), forget=(15,),
                       read=(28,), rest=dict(input_gate=0.0, forget_gate=1.0, output_gate=0.0, noise=0.0),
                       description="A = 0.8 at t = 3, forget cue at t = 15, B = −0.5 at t = 18; read at t = 28")


def forget_gate_from_cue(w: float, b: float, scenario: Scenario = FORGET_TASK) -> np.ndarray:
    """A forget gate that is a logistic unit seeing a cue input: ``f(t) = σ(w · c(t) + b)``, Eq. (8.6).

    ``c(t)`` is 1 at the scenario's forget steps and 0 elsewhere; returns ``f (T,)``.  With a large
    ``b`` the gate rests near 1 (the cell remembers); a large negative ``w`` pulls it to 0 at the cue.
    """
    cue = gate_sequence(scenario.T, 0.0, scenario.forget, 1.0)
    return logistic(float(w) * cue + float(b))


def get_scenario(name: str) -> Scenario:
    """The scenario called ``name`` (a key of :data:`SCENARIOS`)."""
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r}; expected one of {', '.join(map(repr, SCENARIOS))}")
    return SCENARIOS[name]


@dataclass
class ScenarioRun:
    """A scenario run through the cell, and the numbers that say how well the gates did.

    Attributes:
        scenario: the :class:`Scenario`.
        rest: the gate values between cues and the noise level used.
        x: the input stream ``(T,)``.
        trace: the cell's :class:`~nnteach.recurrent.CellTrace` (gates ``i, f, o``, state ``s``,
            output ``y``, error factors).
        clean: the state the cell would have with ideal gates (input and output gates shut between
            cues, forget gate 1): the value it should hold, ``(T,)``.
    """

    scenario: Scenario
    rest: dict
    x: np.ndarray
    trace: CellTrace
    clean: np.ndarray

    @property
    def t_ref(self) -> int:
        """The step whose state matters: the last read step (or ``T``)."""
        return self.scenario.reference_step

    @property
    def target(self) -> float:
        """What the cell should hold at ``t_ref`` (ideal gates)."""
        return float(self.clean[self.t_ref - 1])

    @property
    def held(self) -> float:
        """What the cell holds at ``t_ref``: ``s(t_ref)``."""
        return float(self.trace.s[self.t_ref - 1])

    @property
    def read_outputs(self) -> np.ndarray:
        """The outputs ``y`` at the read steps (empty without read cues)."""
        return np.array([self.trace.y[t - 1] for t in self.scenario.read])

    @property
    def leak(self) -> float:
        """The largest ``|y(t)|`` outside the read steps: what disturbs the output when nobody asked
        (0 with the output gate shut between reads; not meaningful without read cues)."""
        mask = np.ones(self.scenario.T, dtype=bool)
        for t in self.scenario.read:
            mask[t - 1] = False
        return float(np.max(np.abs(self.trace.y[mask]))) if mask.any() else 0.0

    @property
    def last_write(self) -> int | None:
        """The last write step before ``t_ref`` (None if there is none)."""
        steps = [t for t in self.scenario.write if t <= self.t_ref]
        return steps[-1] if steps else None

    @property
    def factors(self) -> np.ndarray:
        """``∂s(t_ref)/∂s(k)`` for ``k = 0 … t_ref`` (index k), math.md §4: ``∏_{r=k+1}^{t_ref} f(r)``."""
        return self.trace.error_factors(self.t_ref)[::-1]

    @property
    def kept(self) -> float:
        """The error factor from ``t_ref`` back to the last write, ``∂s(t_ref)/∂s(t_write)``
        (back to ``t = 0`` if nothing was written): how much of the stored value — and of an error
        injected at ``t_ref`` — survives the trip."""
        k = self.last_write or 0
        return float(self.factors[k])


def run_scenario(name: str | Scenario, input_gate: float | None = None, forget_gate: float | None = None,
                 output_gate: float | None = None, noise: float | None = None) -> ScenarioRun:
    """Run a scenario through the cell ``s(t) = f s(t−1) + i x(t)``, ``y = o s`` (Eq. 8.4, identity g and h).

    Args:
        name: a scenario of :data:`SCENARIOS` (or a :class:`Scenario`).
        input_gate, forget_gate, output_gate: the gate values between cues, in [0, 1]
            (None: the scenario's own).
        noise: the noise level of the input between values (None: the scenario's own).
    """
    sc = name if isinstance(name, Scenario) else get_scenario(name)
    rest = {"input_gate": input_gate, "forget_gate": forget_gate, "output_gate": output_gate, "noise": noise}
    rest = {k: sc.rest[k] if v is None else float(v) for k, v in rest.items()}
    if rest["noise"] < 0:
        raise ValueError(f"noise must be >= 0; got {rest['noise']!r}")
    x = sc.inputs(rest["noise"])
    i, f, o = sc.gates(rest["input_gate"], rest["forget_gate"], rest["output_gate"])
    cell = MemoryCell()                          # identity g and h, w_in = 1, no bias: Eq. (8.4)
    trace = cell.run(x, input_gate=i, forget_gate=f, output_gate=o)
    ideal_i, ideal_f, _ = sc.gates(0.0, 1.0, 0.0)
    clean = cell.run(x, input_gate=ideal_i, forget_gate=ideal_f, output_gate=0.0).s
    return ScenarioRun(scenario=sc, rest=rest, x=x, trace=trace, clean=clean)
