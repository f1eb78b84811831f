// `pnpm dev`: the API (tsx watch) and the web app (vite dev) with reload on change.
import { resolve } from 'node:path';
import { banner, root, startChild, waitForHealth } from './lib.mjs';

const env = process.env;
const webPort = env.PORT || '3000';
const apiPort = env.API_PORT || '3001';
const dataDir = resolve(root, env.TREMPLIN_DATA_DIR || '.data');
const apiUrl = `http://127.0.0.1:${apiPort}`;

const tsx = resolve(root, 'apps/api/node_modules/tsx/dist/cli.mjs');
const api = startChild(
  'api',
  process.execPath,
  [tsx, 'watch', '--clear-screen=false', 'src/server.ts'],
  {
    cwd: resolve(root, 'apps/api'),
    env: { ...env, API_PORT: apiPort, TREMPLIN_DATA_DIR: dataDir },
  },
);
const web = startChild(
  'web',
  process.execPath,
  ['node_modules/vite/bin/vite.js', 'dev', '--port', webPort],
  {
    cwd: resolve(root, 'apps/web'),
    env: { ...env, API_URL: apiUrl },
  },
);
const stop = () => {
  api.kill('SIGTERM');
  web.kill('SIGTERM');
  setTimeout(() => process.exit(0), 1500).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (await waitForHealth(`${apiUrl}/health`, api)) {
  banner({ webUrl: `http://localhost:${webPort}`, apiUrl, embedded: !env.DATABASE_URL, dataDir });
}
