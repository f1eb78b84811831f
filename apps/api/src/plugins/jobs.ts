// Background jobs in PostgreSQL (pg-boss): reminders, expiries, e-mail sending, allocation runs.
// Modules define their jobs with `app.jobs.define`; the queue starts once the app is ready. On
// PGlite, pg-boss talks to the embedded database through a small adapter (one process owns it).
// With JOBS_ENABLED=false (the tests), nothing is scheduled and `send` runs the job at once, so
// a test sees its effect without waiting for a worker.
import type { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import PgBoss from 'pg-boss';

export interface JobDefinition<Data extends object = Record<string, unknown>> {
  name: string;
  handler(data: Data): Promise<void>;
  /** Run on this cron schedule (UTC), e.g. every 15 minutes: "*\/15 * * * *". */
  cron?: string;
}

export interface Jobs {
  define<Data extends object>(definition: JobDefinition<Data>): void;
  /** Queues a job (or, with jobs disabled, runs it now); returns the job's id when queued. */
  send<Data extends object>(name: string, data: Data): Promise<string | null>;
  /** The state of a queued job: created, active, completed, failed…; null if unknown. */
  state(name: string, id: string): Promise<{ state: string; output: unknown } | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Jobs;
  }
}

function pgliteAdapter(client: PGlite) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      // pg-boss sends its schema as one multi-statement script without parameters.
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        const last = results[results.length - 1];
        return { rows: last?.rows ?? [], rowCount: last?.rows.length ?? 0 };
      }
      const result = await client.query(text, values as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
  };
}

async function jobsPlugin(app: FastifyInstance, options: { enabled: boolean }) {
  const definitions = new Map<string, JobDefinition<never>>();
  let boss: PgBoss | null = null;

  app.decorate('jobs', {
    define(definition) {
      definitions.set(definition.name, definition as JobDefinition<never>);
    },
    async send(name, data) {
      const definition = definitions.get(name);
      if (!definition) throw new Error(`Unknown job ${name}`);
      if (!boss) {
        await (definition as JobDefinition<typeof data>).handler(data);
        return null;
      }
      return boss.send(name, data as object);
    },
    async state(name, id) {
      if (!boss) return null;
      const job = await boss.getJobById(name, id);
      return job ? { state: job.state, output: job.output } : null;
    },
  } satisfies Jobs);

  if (!options.enabled) return;

  app.addHook('onReady', async () => {
    const handle = app.dbHandle;
    boss =
      handle.kind === 'postgres'
        ? new PgBoss({ connectionString: handle.url!, max: 3 })
        : new PgBoss({ db: pgliteAdapter(handle.pglite!) } as unknown as ConstructorParameters<
            typeof PgBoss
          >[0]);
    boss.on('error', (error) => app.log.error({ err: error }, 'job queue error'));
    await boss.start();
    for (const definition of definitions.values()) {
      await boss.createQueue(definition.name);
      await boss.work(definition.name, { pollingIntervalSeconds: 2 }, async (jobs) => {
        for (const job of jobs) await definition.handler(job.data as never);
      });
      if (definition.cron) await boss.schedule(definition.name, definition.cron);
    }
  });
  app.addHook('onClose', async () => {
    await boss?.stop({ graceful: true, timeout: 5000, wait: true });
  });
}

export default fp(jobsPlugin, { name: 'jobs', dependencies: ['db'] });
