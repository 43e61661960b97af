/**
 * `npm run admin:create -- --email you@union.example --name "Your Name"`: the first-run step that creates an
 * admin. The password comes from ADMIN_PASSWORD, else the first line on standard input (so it never appears in
 * the shell history). Needs the database: run it while `npm start` runs, or with DATABASE_URL set.
 */
import readline from 'node:readline';
import { AdminError, createAdmin } from '../stores/admins/admins';
import { createDb } from '../stores/db';
import { databaseAddress, loadConfig } from './config';
import { runMain } from './main';
import { recordAudit } from '../stores/audit';
import { isTransient } from '../activities/failures';

class UsageError extends Error {
  override name = 'UsageError';
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password (at least 10 characters), then Enter: ');
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new UsageError('no password: set ADMIN_PASSWORD or type it on standard input');
}

runMain('admin:create', async () => {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const email = value('--email');
  const name = value('--name');
  if (!email || !name)
    throw new UsageError('usage: npm run admin:create -- --email you@union.example --name "Your Name"');
  const config = loadConfig();
  const db = createDb(config.database.url, 1);
  try {
    const admin = await createAdmin(db, { email, name, password: await readPassword() });
    await recordAudit(db, {
      actor: 'command line',
      action: 'admin.created',
      subjectType: 'Admin',
      subjectId: admin.id,
      detail: { email: admin.email },
    });
    process.stdout.write(`admin ${admin.email} created; sign in with POST /api/sessions\n`);
  } catch (err) {
    if (err instanceof AdminError) throw new UsageError(`cannot create the admin: ${err.message}`);
    if (isTransient(err))
      throw new UsageError(
        `cannot reach the database at ${databaseAddress(config.database.url)}. Start the system first (npm start, ` +
          'in this folder, so the same data folder and settings are used) and run this while it runs, or set ' +
          'DATABASE_URL (in the environment or .env) to the database the system uses.',
      );
    throw err;
  } finally {
    await db.$disconnect();
  }
});
