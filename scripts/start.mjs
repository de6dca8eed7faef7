// npm start: brings the stylesheet and the compiled server up to date (each
// only when a source changed since the last build), then runs the server.
import { pathToFileURL } from 'node:url';
import { buildAssets } from './build-assets.mjs';
import { buildServer, bundle } from './build-server.mjs';

await buildAssets();
await buildServer();
await import(pathToFileURL(bundle).href);
