// `pnpm start`: builds if needed, then starts the API and the web app together. Without
// DATABASE_URL the API uses PGlite in ./.data (created, migrated and seeded on first start).
import { resolve } from 'node:path';
import { banner, buildIfNeeded, root, startChild, waitForHealth } from './lib.mjs';

const env = process.env;
const webPort = env.PORT || '3000';
const apiPort = env.API_PORT || '3001';
const apiHost = env.API_HOST || '127.0.0.1';
const dataDir = resolve(root, env.TREMPLIN_DATA_DIR || '.data');
const webUrl = env.PUBLIC_WEB_URL || `http://localhost:${webPort}`;
const apiUrl = `http://${apiHost === '0.0.0.0' ? '127.0.0.1' : apiHost}:${apiPort}`;

if (env.SKIP_BUILD !== 'true' && buildIfNeeded() !== 0) {
  console.error('The build failed; see above.');
  process.exit(1);
}

const api = startChild('api', process.execPath, ['apps/api/dist/server.js'], {
  env: {
    ...env,
    API_PORT: apiPort,
    API_HOST: apiHost,
    TREMPLIN_DATA_DIR: dataDir,
    PUBLIC_WEB_URL: webUrl,
    LOG_LEVEL: env.LOG_LEVEL || 'warn',
  },
});
const children = [api];
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 2000).unref();
  Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.on('exit', r)) : null)),
  ).then(() => process.exit(code));
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
api.on('exit', (code) => {
  if (!stopping) {
    console.error(`The API stopped (exit code ${code}).`);
    stop(1);
  }
});

if (!(await waitForHealth(`${apiUrl}/health`, api))) {
  console.error('The API did not become healthy; see its messages above.');
  stop(1);
} else {
  const web = startChild('web', process.execPath, ['apps/web/build/index.js'], {
    env: {
      ...env,
      PORT: webPort,
      API_URL: apiUrl,
      BODY_SIZE_LIMIT: env.BODY_SIZE_LIMIT || '30M',
    },
  });
  children.push(web);
  web.on('exit', (code) => {
    if (!stopping) {
      console.error(`The web app stopped (exit code ${code}).`);
      stop(1);
    }
  });
  if (await waitForHealth(`http://127.0.0.1:${webPort}/`, web, 60_000)) {
    banner({ webUrl, apiUrl, embedded: !env.DATABASE_URL, dataDir });
  } else {
    console.error('The web app did not start; see its messages above.');
    stop(1);
  }
}
