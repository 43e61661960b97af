import { spawnSync } from 'node:child_process';
import path from 'node:path';

it('says what to do when the database cannot be reached, not a raw driver error', () => {
  const root = path.resolve(__dirname, '..');
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/tsx/dist/cli.mjs'),
      'stack/create-admin.ts',
      '--email',
      'a@b.example',
      '--name',
      'A',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: 'postgresql://u:secret@127.0.0.1:1/none',
        ADMIN_PASSWORD: 'long enough password',
      },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('cannot reach the database at 127.0.0.1:1. Start the system first (npm start');
  expect(run.stderr).not.toContain('secret');
  expect(run.stderr).not.toContain('Invalid `');
}, 70_000);
