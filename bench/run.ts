/**
 * `pnpm bench <name>` runs one named benchmark, prints its table and, as the last line, one JSON
 * object with its figures. Benchmarks are never part of the test run.
 */
import { formatTable, type Benchmark } from './benchmark.js';

const registry: Readonly<Record<string, () => Promise<Benchmark>>> = {
  pipeline: async () => (await import('./pipeline-benchmark.js')).pipelineBenchmark,
  api: async () => (await import('./api-benchmark.js')).apiBenchmark,
  validate: async () => (await import('./validate-benchmark.js')).validateBenchmark,
  xds: async () => (await import('./xds-benchmark.js')).xdsBenchmark,
  converge: async () => (await import('./converge-benchmark.js')).convergeBenchmark,
  certs: async () => (await import('./certs-benchmark.js')).certsBenchmark,
};

const name = process.argv[2];
const load = name === undefined ? undefined : registry[name];
if (load === undefined) {
  const known = Object.keys(registry).sort();
  console.error(name === undefined ? 'usage: pnpm bench <name>' : `unknown benchmark '${name}'`);
  console.error(`available: ${known.length ? known.join(', ') : '(none yet)'}`);
  process.exit(2);
}
const benchmark = await load();
console.log(`# ${benchmark.name}: ${benchmark.description}`);
const report = await benchmark.run();
console.log(formatTable(report.rows));
console.log(JSON.stringify({ bench: benchmark.name, ...report.figures }));
