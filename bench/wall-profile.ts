/**
 * Summarises a CPU profile from `bench/wall.ts --profile DIR` (or any `--cpu-prof` file): with
 * only a file, how busy the thread was every 2 s (to find the connect and posting windows); with
 * a window in seconds from the profile's start, self time per function in it, most first.
 * Usage: node --import tsx bench/wall-profile.ts FILE.cpuprofile [FROM TO [TOP]]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, fromS, toS, topS] = process.argv.slice(2);
if (!file) throw new Error('usage: bench/wall-profile.ts FILE.cpuprofile [FROM TO [TOP]]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const name = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/')}:${String(n.callFrame.lineNumber + 1)}`;

// Each sample's time since the start (µs) and how long it lasted (the next delta).
let t = 0;
const samples = profile.samples.map((id, i) => {
  t += profile.timeDeltas[i] ?? 0;
  return { node: byId.get(id), at: t, lasted: profile.timeDeltas[i + 1] ?? 0 };
});

if (fromS === undefined) {
  const buckets = new Map<number, { idle: number; busy: number }>();
  for (const s of samples) {
    const b = Math.floor(s.at / 2e6) * 2;
    const e = buckets.get(b) ?? { idle: 0, busy: 0 };
    if (s.node?.callFrame.functionName === '(idle)') e.idle += s.lasted;
    else e.busy += s.lasted;
    buckets.set(b, e);
  }
  for (const [b, e] of buckets)
    console.log(
      `${String(b).padStart(4)} s  busy ${((100 * e.busy) / (e.busy + e.idle || 1)).toFixed(0)}%`,
    );
} else {
  const from = Number(fromS) * 1e6;
  const to = Number(toS ?? Infinity) * 1e6;
  const self = new Map<string, number>();
  let total = 0;
  for (const s of samples) {
    if (s.at < from || s.at > to || !s.node) continue;
    total += s.lasted;
    const key = name(s.node);
    self.set(key, (self.get(key) ?? 0) + s.lasted);
  }
  console.log(`window ${(total / 1000).toFixed(0)} ms`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(topS ?? 30)))
    console.log(
      `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / (total || 1)).toFixed(1).padStart(5)}%  ${key}`,
    );
}
