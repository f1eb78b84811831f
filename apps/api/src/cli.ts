// Administration commands, run against the configured database (DATABASE_URL, else the embedded
// data folder; never while the API holds that folder open).
//   grant-operator <email>   give the operator role to an existing account
//   seed-demo                add the demo data (if not already there)
//   migrate                  apply the migrations and load the reference data
import { eq } from 'drizzle-orm';
import { loadReferenceData, migrateDatabase, openDatabase } from '@tremplin/db';
import { users } from '@tremplin/db/schema';
import { seedDemo } from '@tremplin/db/seed/demo';
import { ConfigError, loadConfig } from './config.js';
import { hashPassword } from './lib/password.js';
import { recordAudit } from './modules/audit/repository.js';
import { grantRole } from './modules/identity/repository.js';

async function main(argv: string[]) {
  const [command, ...args] = argv;
  const config = loadConfig();
  const handle = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    await migrateDatabase(handle);
    await loadReferenceData(handle.db);
    switch (command) {
      case 'migrate':
        console.log('Database migrated.');
        return 0;
      case 'seed-demo':
        console.log(
          (await seedDemo(handle.db, { hashPassword }))
            ? 'Demo data added.'
            : 'Demo data already there.',
        );
        return 0;
      case 'grant-operator': {
        const email = args[0]?.trim().toLowerCase();
        if (!email) {
          console.error('Usage: grant-operator <email>');
          return 2;
        }
        const [user] = await handle.db
          .select({ id: users.id })
          .from(users)
          .where(eq(users.email, email));
        if (!user) {
          console.error(`No account with the e-mail ${email}. Sign up first, then run this again.`);
          return 1;
        }
        await handle.db.transaction(async (tx) => {
          await grantRole(tx, { userId: user.id, role: 'operator', grantedBy: null });
          await recordAudit(tx, {
            actorId: null,
            action: 'role.granted',
            subjectType: 'user',
            subjectId: user.id,
            data: { role: 'operator', via: 'cli' },
          });
        });
        console.log(`${email} is now an operator.`);
        return 0;
      }
      default:
        console.error('Commands: migrate | seed-demo | grant-operator <email>');
        return 2;
    }
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
    process.exit(1);
  },
);
