/**
 * Every benchmark from one command: `npm run bench [-- --only <name>] [--json] [--seconds 5]`.
 * Each prints its figure against a baseline measured in the same run. Benchmarks are not tests.
 */
import { parseArgs } from 'node:util';
import { describePageVsBare, pageVsBare } from './page-vs-bare';
import { describeStartup, startup } from './startup';
import { describePageWeight, pageWeight } from './page-weight';
import { caseload, describeCaseload } from './caseload';
import { dbCeiling, describeDbCeiling } from './db-ceiling';
import { describeSelfReferral, selfReferral } from './self-referral';
import { describeReports, parseSizes, reportsBench } from './reports';
import { describeWall, wallBench } from './wall';
import { postgresTransport } from './support';

const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
/** Long set-up steps say how far they are, on stderr so `--json` output stays clean. */
const progress = (line: string) => {
  console.error(line);
};

interface Bench {
  name: string;
  run(): Promise<{ result: unknown; lines: string[] }>;
}

const BENCHES: Bench[] = [
  {
    name: 'page-vs-bare-pglite',
    run: async () => {
      const r = await pageVsBare('pglite', { seconds, connections, port: 3990 });
      return { result: r, lines: describePageVsBare(r) };
    },
  },
  {
    name: 'page-vs-bare-postgres',
    run: async () => {
      const r = await pageVsBare('postgres', { seconds, connections, port: 3990 });
      return { result: r, lines: describePageVsBare(r) };
    },
  },
  {
    // The same page's statements with Rapport taking no time: the database's own ceiling.
    name: 'db-ceiling',
    run: async () => {
      const r = await dbCeiling({ seconds, connections, port: 3988 });
      return { result: r, lines: describeDbCeiling(r) };
    },
  },
  {
    name: 'caseload-postgres',
    run: async () => {
      const r = await caseload('postgres', { seconds, port: 3996, onProgress: progress });
      return { result: r, lines: describeCaseload(r) };
    },
  },
  {
    name: 'self-referral-postgres',
    run: async () => {
      const r = await selfReferral({
        referrals: 500,
        concurrency: 50,
        port: 3998,
        onProgress: progress,
      });
      return { result: r, lines: describeSelfReferral(r) };
    },
  },
  {
    name: 'page-weight',
    run: async () => {
      const r = await pageWeight(3992);
      return { result: r, lines: describePageWeight(r) };
    },
  },
  {
    // The Wall (issue 14) on PostgreSQL at a small size; bench/wall.ts takes --clients for more.
    name: 'wall',
    run: async () => {
      const r = await wallBench({
        clients: [50, 200],
        rate: 5,
        seconds,
        workers: 4,
        log: (line) => {
          console.error(line);
        },
      });
      return { result: r, lines: describeWall(r) };
    },
  },
  {
    name: 'startup',
    run: async () => {
      const r = await startup(3994);
      return { result: r, lines: describeStartup(r) };
    },
  },
  // Dashboard and course export at growing sizes on PostgreSQL (issue 15); slow: BENCH_REPORT_SIZES.
  {
    name: 'reports',
    run: async () => {
      const r = await reportsBench(parseSizes(process.env.BENCH_REPORT_SIZES ?? '10000'));
      return { result: r, lines: describeReports(r) };
    },
  },
];

async function main() {
  const only = values.only ?? [];
  const unknown = only.filter(
    (n) => !BENCHES.some((b) => b.name === n || b.name.startsWith(`${n}-`)),
  );
  if (unknown.length > 0)
    throw new Error(
      `no benchmark called ${unknown.join(', ')}; there are: ${BENCHES.map((b) => b.name).join(', ')}`,
    );
  const chosen =
    only.length === 0
      ? BENCHES
      : BENCHES.filter((b) => only.some((n) => b.name === n || b.name.startsWith(`${n}-`)));
  const results: Record<string, unknown> = {};
  const transport = postgresTransport();
  if (!values.json) console.log(`bench: PostgreSQL over ${transport}`);
  for (const bench of chosen) {
    if (!values.json) console.log(`bench: ${bench.name}…`);
    const { result, lines } = await bench.run();
    results[bench.name] = result;
    if (!values.json) console.log(lines.join('\n'));
  }
  if (values.json)
    console.log(JSON.stringify({ seconds, connections, postgres: transport, results }, null, 2));
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exit(1);
});
