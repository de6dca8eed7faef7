// Compiles styles/app.scss into public/build/app.css when the source is newer.
import { mkdirSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from 'sass';

const root = fileURLToPath(new URL('../', import.meta.url));
const source = `${root}styles/app.scss`;
const target = `${root}public/build/app.css`;

function modified(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

const newestSource = Math.max(...readdirSync(`${root}styles`).map((f) => modified(`${root}styles/${f}`)));
if (modified(target) < newestSource || process.argv.includes('--force')) {
  const result = compile(source, { loadPaths: [`${root}node_modules`], style: 'compressed', quietDeps: true, silenceDeprecations: ['import'] });
  mkdirSync(`${root}public/build`, { recursive: true });
  writeFileSync(target, result.css);
  console.log('Built public/build/app.css');
}
