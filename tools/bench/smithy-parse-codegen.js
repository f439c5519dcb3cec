#!/usr/bin/env node
// Benchmark of @nx-wasmcloud/smithy (build it first: nx run @nx-wasmcloud/smithy:build).
//  1. parse + merge + Rust codegen of an interface's models (the calc test interface plus the
//     bundled wasmcloud-core/model), warm; target < 100 ms.
//  2. parse of a generated 5,000-shape model; target < 1 s.
// Reference in the same run: JSON.parse of the JSON AST of the same model (what reading a
// pre-parsed model costs), printed as a ratio.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const smithy = require('../../packages/smithy/dist');

function median(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const fixtures = join(__dirname, '../../packages/smithy/src/__fixtures__');
const calc = readFileSync(join(fixtures, 'calc/calc.smithy'), 'utf8');
const prelude = join(__dirname, '../../packages/smithy/dist/prelude');
const core = readFileSync(join(prelude, 'wasmcloud-core.smithy'), 'utf8');
const model = readFileSync(join(prelude, 'wasmcloud-model.smithy'), 'utf8');

function interfaceRun() {
  const asts = [smithy.parseSmithy(calc, 'calc.smithy'), smithy.parseSmithy(core, 'core.smithy'), smithy.parseSmithy(model, 'model.smithy')];
  const m = smithy.buildModel(asts);
  smithy.assertValid(m);
  return smithy.generateRust(m, { namespace: 'org.example.interface.calc' });
}
const jsonOfInterface = JSON.stringify([calc, core, model].map((t, i) => smithy.parseSmithy(t, String(i))));
for (let i = 0; i < 20; i++) interfaceRun(); // warm up
const tInterface = median(interfaceRun, 50);
const tInterfaceRef = median(() => JSON.parse(jsonOfInterface), 50);

// A generated model: 5,000 shapes (structures with members and traits, lists, maps, operations, a service).
let big = 'metadata package = [{ namespace: "bench.big", crate: "bench_big" }]\nnamespace bench.big\n\nuse org.wasmcloud.model#n\n\n';
let count = 0;
const ops = [];
while (count < 5000) {
  const i = count;
  big += `/// Structure number ${i}\n/// with two doc lines\nstructure S${i} {\n  @required @n(0)\n  name: String,\n  @n(1)\n  size: Long,\n  @n(2)\n  tags: L${i},\n}\n\nlist L${i} { member: String }\n\nmap M${i} { key: String, value: S${i} }\n\n@readonly\noperation Op${i} { input: S${i}, output: M${i} }\n\n`;
  ops.push(`Op${i}`);
  count += 4;
}
big += `@documentation("bench service")\nservice Big { version: "1", operations: [${ops.join(', ')}] }\n`;
const shapes = Object.keys(smithy.parseSmithy(big, 'big.smithy').shapes).length;
const bigJson = JSON.stringify(smithy.parseSmithy(big, 'big.smithy'));
smithy.parseSmithy(big, 'big.smithy');
const tBig = median(() => smithy.parseSmithy(big, 'big.smithy'), 7);
const tBigRef = median(() => JSON.parse(bigJson), 7);

const fmt = (n) => n.toFixed(2);
console.log(
  `interface parse+validate+rust codegen (warm, median of 50): ${fmt(tInterface)} ms (target < 100 ms)  reference JSON.parse of its AST: ${fmt(tInterfaceRef)} ms  ratio ${fmt(tInterface / tInterfaceRef)}x`,
);
console.log(
  `${shapes}-shape model parse (median of 7, ${(big.length / 1024).toFixed(0)} KiB): ${fmt(tBig)} ms (target < 1000 ms)  reference JSON.parse of its AST: ${fmt(tBigRef)} ms  ratio ${fmt(tBig / tBigRef)}x`,
);
if (tInterface >= 100 || tBig >= 1000) process.exitCode = 1;
