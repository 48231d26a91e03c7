// Side-by-side speed of one online step of Synaptic's compiled Architect.LSTM(6, 7, 2).
// Driven by bench/bench_lstm_g_speed.py over stdin: "warmup SECONDS", "round STEPS", "quit".
// Each answer is one JSON line: {"ns_per_step": …}.
'use strict';
const fs = require('fs');
const readline = require('readline');
const { Architect } = require('synaptic');

const data = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const net = new Architect.LSTM(data.sizes[0], data.sizes[1], data.sizes[2]);   // compiled on first use
let k = 0;
function step() {
  net.activate(data.inputs[k]);
  net.propagate(data.rate, data.targets[k]);
  k = (k + 1) % data.inputs.length;
}
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', line => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'warmup') {
    const end = Date.now() + 1000 * Number(arg);
    while (Date.now() < end) for (let i = 0; i < 1000; i++) step();
    console.log(JSON.stringify({ ok: true }));
  } else if (cmd === 'round') {
    const n = Number(arg);
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) step();
    console.log(JSON.stringify({ ns_per_step: Number(process.hrtime.bigint() - t0) / n }));
  } else {
    rl.close();
  }
});
