// Export numbers computed by Synaptic 1.1.4 itself, for nnteach's graph tests (tests/fixtures/synaptic/).
//
//   cd bench/synaptic && npm install && node export_graph_fixtures.js ../../tests/fixtures/synaptic
//
// For each case: build the network with Synaptic's Architect, overwrite every weight and bias with
// numbers from a seeded generator (mulberry32, so the file is reproducible), export it with toJSON(),
// then run a few online steps (activate, then propagate with a fixed rate) twice: once through
// Synaptic's object path (setOptimize(false): Neuron.activate / Neuron.propagate) and once through its
// compiled path (the default).  Per step we record the outputs, every unit's state, activation and
// responsibilities after propagate ([state, old, activation, bias, responsibility, projected, gated]),
// every connection's [from, to, eligibility, {gated unit: extended trace}] after activate (object path),
// and the weights (in the order of the initial toJSON()'s connections) and biases after the update (both
// paths).  Units are numbered as in toJSON() (Synaptic's activation order).  The tests read the JSON files; they never need node.
'use strict';
const fs = require('fs');
const path = require('path');
const synaptic = require('synaptic');
const { Architect, Neuron } = synaptic;

function mulberry32(seed) {
  return function () {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function units(net) {
  return net.neurons().map(n => n.neuron);
}

function setWeights(net, seed, scale) {
  const rand = mulberry32(seed);
  const list = units(net);
  list.forEach((n, k) => {
    if (k >= net.layers.input.size) n.bias = (rand() * 2 - 1) * scale;
    for (const id in n.connections.projected) n.connections.projected[id].weight = (rand() * 2 - 1) * scale;
  });
}

function snapshot(net) {
  const list = units(net);
  const index = new Map(list.map((n, k) => [n, k]));
  const unitRows = list.map(n => [n.state, n.old, n.activation, n.bias,
    n.error.responsibility, n.error.projected, n.error.gated]);
  const traces = [];
  list.forEach(n => {
    for (const id in n.connections.inputs) {
      const c = n.connections.inputs[id];
      const extended = {};
      for (const gid in n.trace.extended) extended[index.get(n.neighboors[gid])] = n.trace.extended[gid][c.ID];
      traces.push([index.get(c.from), index.get(c.to), n.trace.elegibility[c.ID], extended]);
    }
  });
  return { units: unitRows, traces };
}

function weights(net) {
  const json = net.toJSON();
  return { weights: json.connections.map(c => c.weight), biases: json.neurons.map(n => n.bias) };
}

function run(build, seed, scale, inputs, targets, rate, optimized) {
  const net = build();
  setWeights(net, seed, scale);
  net.setOptimize(optimized);
  const initial = net.toJSON();
  const steps = [];
  for (let t = 0; t < inputs.length; t++) {
    const output = net.activate(inputs[t]);
    const afterActivate = optimized ? null : snapshot(net);
    net.propagate(rate, targets[t]);
    const afterPropagate = optimized ? null : snapshot(net);
    const step = Object.assign({ output: Array.from(output) }, weights(net));
    if (!optimized) Object.assign(step, { traces_after_activate: afterActivate.traces, units_after_propagate: afterPropagate.units });
    steps.push(step);
  }
  return { initial, steps };
}

function sequence(seed, T, n, k) {
  const rand = mulberry32(seed);
  const inputs = [], targets = [];
  for (let t = 0; t < T; t++) {
    inputs.push(Array.from({ length: n }, () => rand() * 2 - 1));
    targets.push(Array.from({ length: k }, () => rand()));
  }
  return { inputs, targets };
}

const cases = [
  { name: 'lstm_2_2_1', doc: 'Architect.LSTM(2, 2, 1): default options (peepholes all-to-all, inputToOutput)',
    build: () => new Architect.LSTM(2, 2, 1), n: 2, k: 1 },
  { name: 'lstm_3_2_2_options', doc: 'Architect.LSTM(3, 2, 2, {peepholes: ONE_TO_ONE, hiddenToHidden, outputToHidden, outputToGates})',
    build: () => new Architect.LSTM(3, 2, 2, { peepholes: synaptic.Layer.connectionType.ONE_TO_ONE,
      hiddenToHidden: true, outputToHidden: true, outputToGates: true }), n: 3, k: 2 },
  { name: 'lstm_2_2_2_1_stacked', doc: 'Architect.LSTM(2, 2, 2, 1): two stacked block layers',
    build: () => new Architect.LSTM(2, 2, 2, 1), n: 2, k: 1 },
  { name: 'perceptron_2_3_1', doc: 'Architect.Perceptron(2, 3, 1)',
    build: () => new Architect.Perceptron(2, 3, 1), n: 2, k: 1 },
];

const out = process.argv[2] || '.';
fs.mkdirSync(out, { recursive: true });
const version = require('synaptic/package.json').version;
cases.forEach((c, i) => {
  const seq = sequence(100 + i, 5, c.n, c.k);
  const rate = 0.3, scale = 1.0;
  const objectRun = run(c.build, 1 + i, scale, seq.inputs, seq.targets, rate, false);
  const compiledRun = run(c.build, 1 + i, scale, seq.inputs, seq.targets, rate, true);
  const data = {
    made_by: `bench/synaptic/export_graph_fixtures.js with synaptic ${version} under node ${process.version}`,
    case: c.doc, rate, inputs: seq.inputs, targets: seq.targets,
    initial: objectRun.initial, object_path: objectRun.steps, compiled_path: compiledRun.steps,
  };
  fs.writeFileSync(path.join(out, `${c.name}.json`), JSON.stringify(data) + '\n');
  if (i === 0)  // the plain output of Synaptic's toJSON(), as a user would save it
    fs.writeFileSync(path.join(out, `${c.name}.tojson.json`), JSON.stringify(objectRun.initial) + '\n');
  console.log('wrote', c.name);
});

// The example of math.md §6.7 item 1: input -> forget gate 0.3 (bias 0.1), input -> cell 0.5 (bias -0.2),
// the cell's self-connection (weight 1) gated by the forget gate; inputs 1, -0.5, 0.8; no learning.
{
  const x = new Neuron(), fg = new Neuron(), cell = new Neuron();
  const toFg = x.project(fg, 0.3); fg.bias = 0.1;
  const toCell = x.project(cell, 0.5); cell.bias = -0.2;
  fg.gate(cell.project(cell));
  const rows = [];
  for (const v of [1, -0.5, 0.8]) {
    x.activate(v); fg.activate(); cell.activate();
    rows.push({ x: v, fg: fg.activation, cell_state: cell.state,
                extended_fg_x_cell: fg.trace.extended[cell.ID][toFg.ID], eligibility_cell_x: cell.trace.elegibility[toCell.ID] });
  }
  const data = { made_by: `bench/synaptic/export_graph_fixtures.js with synaptic ${version} under node ${process.version}`,
                 case: 'math.md §6.7 item 1: a forget gate on a self-connected cell, Neuron objects', steps: rows };
  fs.writeFileSync(path.join(out, 'forget_gate_trace.json'), JSON.stringify(data) + '\n');
  console.log('wrote forget_gate_trace');
}
