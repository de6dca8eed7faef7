// Compiles styles/app.scss into public/build/app.css when a source is newer.
// Plain JavaScript, and Sass is loaded only when there is something to compile:
// npm start runs this check every time, and it should cost next to nothing.
import { mkdirSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const source = `${root}styles/app.scss`;
const target = `${root}public/build/app.css`;

function modified(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Builds the stylesheet if it is missing or older than a source; answers whether it did. */
export async function buildAssets({ force = false } = {}) {
  const newestSource = Math.max(...readdirSync(`${root}styles`).map((f) => modified(`${root}styles/${f}`)));
  if (!force && modified(target) >= newestSource) return false;
  const { compile } = await import('sass');
  const result = compile(source, { loadPaths: [`${root}node_modules`], style: 'compressed', quietDeps: true, silenceDeprecations: ['import'] });
  mkdirSync(`${root}public/build`, { recursive: true });
  writeFileSync(target, result.css);
  console.log('Built public/build/app.css');
  return true;
}

// Run as a command (not imported by start.mjs); realpath, as the main module's own address is.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  await buildAssets({ force: process.argv.includes('--force') });
}
