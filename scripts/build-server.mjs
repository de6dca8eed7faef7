// Compiles the server (src/main.ts and what it imports) to plain JavaScript
// for npm start, when a source is newer than the last build. Loading the
// TypeScript through tsx at every start cost seconds; the compiled bundle
// loads in a fraction of that. Tests, the CLI and the benchmarks stay on tsx.
import { mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const entry = join(root, 'src/main.ts');
// Inside node_modules: the compiled server is neither linted nor committed,
// its packages resolve as from the project, and a fresh install rebuilds it.
export const outDir = join(root, 'node_modules/.cache/steadfast-server');
export const bundle = join(outDir, 'main.js');
const thisScript = fileURLToPath(import.meta.url);

function modified(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time among the server's sources (tests are not part of it). */
function newestSource(folder) {
  let newest = modified(folder);
  for (const item of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, item.name);
    if (item.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (item.name.endsWith('.ts') && !item.name.endsWith('.test.ts')) newest = Math.max(newest, modified(path));
  }
  return newest;
}

/**
 * Modules find their views, data files and node_modules relative to
 * import.meta.url. In one bundle that would be the bundle's own address, so
 * each source file's import.meta.url is turned back into its own address.
 */
const keepModuleAddresses = {
  name: 'keep-module-addresses',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      if (/import\.meta\.(dirname|filename)/.test(contents)) {
        throw new Error(`${relative(root, args.path)}: use import.meta.url (the server build maps only that to the source file)`);
      }
      if (contents.includes('import.meta.url')) {
        const fromBundle = relative(dirname(bundle), args.path).split('\\').join('/');
        contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`);
      }
      return { contents, loader: 'ts' };
    });
  },
};

/** Builds the server if the bundle is missing or older than a source; answers whether it did. */
export async function buildServer({ force = false } = {}) {
  const builtAt = modified(bundle);
  if (!force && builtAt >= newestSource(join(root, 'src')) && builtAt >= modified(thisScript)) return false;
  const esbuild = await import('esbuild');
  const started = performance.now();
  const startedAt = new Date();
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay in node_modules and load as they do under tsx.
    packages: 'external',
    // A module imported with import() (the demo generator) stays out of start-up.
    splitting: true,
    outdir: outDir,
    entryNames: 'main',
    // Stack traces name the TypeScript sources with NODE_OPTIONS=--enable-source-maps
    // (off by default: reading the maps adds about 0.1 s to every start).
    sourcemap: 'linked',
    plugins: [keepModuleAddresses],
    write: false,
    logLevel: 'warning',
  });
  // The build runs in a child process that would otherwise live as long as the server.
  await esbuild.stop();
  // Written to a fresh folder and swapped in whole, so a start running beside
  // this build never loads a half-written bundle.
  const staging = `${outDir}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const file of result.outputFiles) {
    const path = join(staging, relative(outDir, file.path));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.contents);
  }
  // Dated when the build began, so a source saved while it ran is seen as newer next time.
  utimesSync(join(staging, 'main.js'), startedAt, startedAt);
  rmSync(outDir, { recursive: true, force: true });
  try {
    renameSync(staging, outDir);
  } catch (error) {
    // Another start built the same sources at the same moment and swapped its build in first.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    rmSync(staging, { recursive: true, force: true });
  }
  console.log(`Built the server in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

// Run as a command (not imported by start.mjs); realpath, as the main module's own address is.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  await buildServer({ force: process.argv.includes('--force') });
}
