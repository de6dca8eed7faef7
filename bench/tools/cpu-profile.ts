/**
 * Where a server's CPU went: the self time of a V8 CPU profile (a
 * `.cpuprofile` written by `node --cpu-prof`, for example by the http
 * scenario with BENCH_CPU_PROFILE=DIR), summed by package or source file and
 * by function, largest first.
 * Usage: node --import tsx bench/tools/cpu-profile.ts FILE.cpuprofile [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A package of node_modules, a file of the project, a built-in module, or V8's own bucket such as "(garbage collector)". */
function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url;
  const inModules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (inModules) return inModules[1]!;
  const inProject = /\/((?:src|bench)\/.+)$/.exec(url);
  return inProject ? inProject[1]! : url.replace(/^file:\/\//, '');
}

function largestFirst(totals: Map<string, number>, all: number, rows: number): { where: string; ms: number; share: string }[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([where, micros]) => ({ where, ms: Math.round(micros / 1000), share: `${((100 * micros) / all).toFixed(1)}%` }));
}

function main(file: string, rows: number) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let all = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    all += micros;
    if (functionName === '(idle)') idle += micros;
    const place = placeOf(url, functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
    const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  console.log(`${file}: ${(all / 1e6).toFixed(1)} s sampled, ${((100 * (all - idle)) / Math.max(1, all)).toFixed(0)}% of it busy`);
  console.log('\nSelf time by package or file:');
  console.table(largestFirst(byPlace, all, rows));
  console.log('Self time by function:');
  console.table(largestFirst(byFunction, all, rows));
}

const [file, rows] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx bench/tools/cpu-profile.ts FILE.cpuprofile [rows]');
  process.exit(2);
}
main(file, Number(rows ?? 25));
