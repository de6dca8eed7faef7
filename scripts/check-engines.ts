// Fails when any locked package declares a Node.js range that excludes a Node
// version package.json promises (the oldest of each line it names), so the
// README's list of supported versions cannot quietly become untrue through an
// upgrade. Reads the lock file (what `npm ci` installs), not node_modules.
import { readFileSync } from 'node:fs';
import semver from 'semver';

interface LockedPackage {
  version?: string;
  engines?: Record<string, string> | string[];
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockedPackage> };

const promised = new semver.Range(manifest.engines.node).set.flatMap((comparators) => {
  const oldest = semver.minVersion(new semver.Range(comparators.map(String).join(' ')));
  return oldest ? [oldest.version] : [];
});
if (promised.length === 0) {
  console.error(`package.json engines.node "${manifest.engines.node}" names no version`);
  process.exit(1);
}

const refusing = Object.entries(lock.packages).flatMap(([path, locked]) => {
  const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
  const excluded = range ? promised.filter((version) => !semver.satisfies(version, range)) : [];
  if (!path || excluded.length === 0) return [];
  return [`${path.replace(/^.*node_modules\//, '')}@${locked.version} wants Node ${range}, not ${excluded.join(', ')}`];
});

if (refusing.length > 0) {
  console.error(`package.json promises Node ${manifest.engines.node}; these locked packages do not support all of it:`);
  for (const line of refusing) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`Every locked package supports Node ${promised.join(', ')} (package.json: ${manifest.engines.node}).`);
