// Process entry: read the configuration, build the app, seed demo data on a fresh embedded
// database, listen, and close gracefully on SIGINT/SIGTERM.
import Fastify from 'fastify';
import { seedDemo } from '@tremplin/db/seed/demo';
import app from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { hashPassword } from './lib/password.js';
import { serverOptions } from './options.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const server = Fastify(serverOptions(config));
  await server.register(app, { config });
  await server.ready();
  if (config.seedDemo) {
    const seeded = await seedDemo(server.db, { hashPassword });
    if (seeded) server.log.info('demo data seeded');
  }

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await server.close();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  await server.listen({ host: config.host, port: config.port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
