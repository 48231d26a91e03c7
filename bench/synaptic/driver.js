// Drives Synaptic 1.1.4 for nnteach's benchmark harness (bench/run.py).
//
// One JSON request per line on stdin, one JSON answer per line on stdout, so that one node process
// serves a whole benchmark run and its timings can take turns with nnteach's (interleaved).  The
// training data are never generated here: Python writes them to a JSON file and this script reads
// the same patterns and sequences that nnteach trains on (Synaptic's own DSR and ERG generators
// have defects, math.md §7.2-7.3).
//
// Requests ({"op": ..., ...}) and answers ({"ok": true, ...} or {"ok": false, "error": ...}):
//   hello                                   -> versions of node and synaptic
//   build  {id, arch, sizes, seed}          -> a new Architect.Perceptron / Architect.LSTM, compiled
//   data   {id, path}                       -> load {"X": ..., "T": ...}: patterns (P, N) or sequences (B, L, N)
//   online {net, data, rate, seconds, warmup} -> steps per second of activate + propagate, one update per
//                                              pattern (or per time step of the sequences, run as one stream)
//   xor    {seed, warmup}                   -> trainer.XOR() on a fresh Perceptron(2, 3, 1): its documented default
//   train  {net, data, rate, propagate}     -> one pass over the sequences (each from a fresh state)
//   outputs {net, data, path}               -> the outputs on every sequence, learning off, written to path
//   quit
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const synaptic = require('synaptic');

const { Architect, Trainer } = synaptic;

// ---------------------------------------------------------------------------------------------
// Seeding.  Synaptic draws its initial weights (and the trainer's shuffling) from Math.random,
// which node cannot seed; the harness replaces it by a small seeded generator (mulberry32) so that
// seed s always builds the same network.
function seeded(seed) {
  let a = (seed * 0x9e3779b9 + 0x6d2b79f5) >>> 0;
  return function random() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seconds(since) {              // wall time in seconds since process.hrtime.bigint() `since`
  return Number(process.hrtime.bigint() - since) / 1e9;
}

// ---------------------------------------------------------------------------------------------
// Networks.  `network.activate` compiles the network into one generated function on first use
// (network.optimize(), Synaptic's default); every variable of that function lives in one
// Float64Array, `network.optimized.memory`, indexed through `network.optimized.data.variables`.
const networks = {};
const datasets = {};

function build({ id, arch, sizes, seed }) {
  Math.random = seeded(seed);
  const network = new Architect[arch](...sizes);
  network.activate(new Array(sizes[0]).fill(0));     // compile it (optimize) now, not while timed
  networks[id] = { network, fresh: freshState(network), inputs: sizes[0] };
  return { id, memory: network.optimized.memory.length };
}

// What "start a new sequence" means here.  Synaptic's network.clear() zeroes the eligibility traces
// but not the units' states and activations, and it throws the compiled function away (the next
// activate compiles it again).  So instead every variable of the compiled network that is neither
// a weight, a bias, the learning rate nor a target is put back to the value it had when the network
// was compiled: states, activations, gains, traces and errors as in a freshly built network, the
// trained weights kept.  nnteach's models also start every sequence from zero state.
function freshState(network) {
  const vars = network.optimized.data.variables;
  const keep = /^(weight_|bias_|target_|rate$)/;
  const ids = [];
  const values = [];
  for (const name of Object.keys(vars)) {
    if (!keep.test(name)) {
      ids.push(vars[name].id);
      values.push(vars[name].value || 0);
    }
  }
  return { ids, values };
}

function reset(entry) {
  const F = entry.network.optimized.memory;
  const { ids, values } = entry.fresh;
  for (let k = 0; k < ids.length; k++) F[ids[k]] = values[k];
}

function data({ id, path: file }) {
  const d = JSON.parse(fs.readFileSync(file, 'utf8'));
  datasets[id] = d;
  const sequences = Array.isArray(d.X[0][0]);
  // One stream of (input, target) pairs for the speed measurements: the patterns, or every step of
  // every sequence in order.
  const stream = [];
  if (sequences) {
    d.X.forEach((xs, b) => xs.forEach((x, t) => stream.push([x, d.T[b][t]])));
  } else {
    d.X.forEach((x, p) => stream.push([x, d.T[p]]));
  }
  d.stream = stream;
  return { id, items: d.X.length, steps: stream.length };
}

// ---------------------------------------------------------------------------------------------
// Speed: online steps per second.  One step = network.activate(input) and
// network.propagate(rate, target): Synaptic's Trainer does exactly this per pattern.  The loop first
// runs for `warmup` seconds untimed (the compiled function must be optimised by V8's JIT; on a busy
// machine that takes seconds), then for `seconds`, reading the clock every 64 steps.
function online({ net, data: dataId, rate, seconds: budget, warmup }) {
  const { network } = networks[net];
  const stream = datasets[dataId].stream;
  let k = 0;
  const run = (limit) => {
    const start = process.hrtime.bigint();
    let steps = 0;
    while (true) {
      for (let i = 0; i < 64; i++) {
        const [x, t] = stream[k];
        network.activate(x);
        network.propagate(rate, t);
        k = k + 1 === stream.length ? 0 : k + 1;
      }
      steps += 64;
      const elapsed = seconds(start);
      if (elapsed >= limit) return { steps, seconds: elapsed };
    }
  };
  if (warmup > 0) run(warmup);
  const r = run(budget);
  return { steps: r.steps, seconds: r.seconds, steps_per_s: r.steps / r.seconds };
}

// XOR, as Synaptic documents it: a Perceptron(2, 3, 1) and trainer.XOR() with its defaults
// (rate 0.2, online, shuffled every epoch, mean (t - y)^2 reported, stop at 0.005 or 100 000 epochs).
// Timed: trainer.XOR(), which compiles the network at its first activate (as nnteach's row times train()).
function xorOnce(seed) {
  Math.random = seeded(seed);
  const network = new Architect.Perceptron(2, 3, 1);
  const trainer = new Trainer(network);
  const start = process.hrtime.bigint();
  const result = trainer.XOR();
  const elapsed = seconds(start);
  const outputs = [[0, 0], [0, 1], [1, 0], [1, 1]].map((x) => network.activate(x)[0]);
  return { seconds: elapsed, iterations: result.iterations, error: result.error, outputs };
}

function xor({ seed, warmup }) {
  // Warm-up: solve XOR with other seeds for `warmup` seconds so that the trainer's code is compiled.
  const start = process.hrtime.bigint();
  for (let s = 1_000_000; seconds(start) < warmup; s++) xorOnce(s);
  return xorOnce(seed);
}

// ---------------------------------------------------------------------------------------------
// Sequence tasks.  Each sequence starts from a fresh state (see freshState).  At every step the
// network is activated; it learns (propagate) at every step, or, as Synaptic's Trainer.DSR does,
// only at the steps it got wrong (some output on the wrong side of 0.5).
function wrong(output, target) {
  for (let i = 0; i < target.length; i++) {
    if (Math.round(output[i]) !== Math.round(target[i])) return true;
  }
  return false;
}

function train({ net, data: dataId, rate, propagate }) {
  const entry = networks[net];
  const { network } = entry;
  const d = datasets[dataId];
  const start = process.hrtime.bigint();
  let updates = 0;
  for (let b = 0; b < d.X.length; b++) {
    reset(entry);
    const xs = d.X[b];
    const ts = d.T[b];
    for (let t = 0; t < xs.length; t++) {
      const y = network.activate(xs[t]);
      if (propagate === 'always' || wrong(y, ts[t])) {
        network.propagate(rate, ts[t]);
        updates++;
      }
    }
  }
  return { seconds: seconds(start), updates };
}

function outputs({ net, data: dataId, path: file }) {
  const entry = networks[net];
  const { network } = entry;
  const d = datasets[dataId];
  const start = process.hrtime.bigint();
  const Y = d.X.map((xs) => {
    reset(entry);
    return xs.map((x) => network.activate(x).slice());
  });
  const elapsed = seconds(start);
  fs.writeFileSync(file, JSON.stringify(Y));
  return { seconds: elapsed };
}

function hello() {
  const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('synaptic')), '..', 'package.json'),
    'utf8'));
  return { node: process.versions.node, v8: process.versions.v8, synaptic: pkg.version };
}

const ops = { hello, build, data, online, xor, train, outputs };

// ---------------------------------------------------------------------------------------------
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let answer;
  try {
    const request = JSON.parse(line);
    if (request.op === 'quit') process.exit(0);
    const op = ops[request.op];
    if (!op) throw new Error(`unknown op ${JSON.stringify(request.op)}`);
    answer = { ok: true, ...op(request) };
  } catch (e) {
    answer = { ok: false, error: String(e && e.stack || e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
});
