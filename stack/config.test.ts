import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';

const noDotenv = path.join(os.tmpdir(), 'jingsai-no-such-dotenv');

describe('configuration', () => {
  it('defaults to the embedded stack', () => {
    const c = loadConfig({ HOME: '/home/u' }, noDotenv);
    expect(c.database).toMatchObject({ embedded: true, embeddedPort: 54329 });
    expect(c.database.url).toBe('postgresql://jingsai:jingsai@127.0.0.1:54329/jingsai');
    expect(c.temporal).toMatchObject({
      embedded: true,
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'jingsai',
      tls: false,
    });
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.temporal.cacheDir).toMatch(/\.cache\/jingsai\/bin\/v1\.5\.1$/);
    expect(c.cycleBatchSize).toBe(1000);
  });

  it('connects to external services when they are configured', () => {
    const c = loadConfig(
      {
        DATABASE_URL: 'postgresql://u:p@db:5432/j',
        TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233',
        TEMPORAL_NAMESPACE: 'ns',
        TEMPORAL_API_KEY: 'k',
      },
      noDotenv,
    );
    expect(c.database).toMatchObject({ embedded: false, url: 'postgresql://u:p@db:5432/j' });
    expect(c.temporal).toMatchObject({
      embedded: false,
      address: 'ns.tmprl.cloud:7233',
      namespace: 'ns',
      tls: true,
      apiKey: 'k',
    });
  });

  it('reads .env without overriding the real environment', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jingsai-env-'));
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'PORT=4000\nTEMPORAL_NAMESPACE=from-dotenv\n');
    const c = loadConfig({ PORT: '5000' }, file);
    expect(c.port).toBe(5000);
    expect(c.temporal.namespace).toBe('from-dotenv');
    fs.rmSync(dir, { recursive: true });
  });

  it('refuses bad values, naming each variable, what it expects and what it got', () => {
    const attempt = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env, noDotenv);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).issues;
      }
      throw new Error('expected a ConfigError');
    };
    expect(attempt({ PORT: '70000', DATABASE_URL: 'mysql://x' })).toEqual([
      { variable: 'PORT', message: 'expected a port number from 1 to 65535', value: '70000' },
      {
        variable: 'DATABASE_URL',
        message: 'expected a PostgreSQL URL such as postgresql://user:pass@host:5432/db',
        value: 'mysql://x',
      },
    ]);
    expect(attempt({ CYCLE_BATCH_SIZE: '0' })).toEqual([
      { variable: 'CYCLE_BATCH_SIZE', message: 'expected at least 1', value: '0' },
    ]);
    expect(attempt({ CYCLE_BATCH_SIZE: 'many' })[0]).toMatchObject({
      variable: 'CYCLE_BATCH_SIZE',
      message: 'expected a number of units',
    });
    expect(loadConfig({ CYCLE_BATCH_SIZE: '250' }, noDotenv).cycleBatchSize).toBe(250);
    expect(attempt({ TEMPORAL_ADDRESS: 'no-port' })[0]).toMatchObject({ variable: 'TEMPORAL_ADDRESS' });
    expect(attempt({ PORT: '7233' })).toEqual([
      { variable: 'TEMPORAL_PORT', message: 'uses port 7233, the same as PORT; choose another' },
    ]);
    expect(attempt({ TEMPORAL_TLS_CERT_PATH: '/nope.pem' }).map((i) => i.variable)).toEqual([
      'TEMPORAL_TLS_KEY_PATH',
      'TEMPORAL_TLS_CERT_PATH',
    ]);
    expect(attempt({ WORKFLOW_BUNDLE: '/nope/bundle.js' })).toEqual([
      {
        variable: 'WORKFLOW_BUNDLE',
        message: 'file not found: /nope/bundle.js (build it with npm run build:workflows -- /nope/bundle.js)',
      },
    ]);
    expect(attempt({ WORKER_CACHED_WORKFLOWS: '-1' })[0]).toMatchObject({
      variable: 'WORKER_CACHED_WORKFLOWS',
      message: 'expected at least 0',
    });
  });

  it('sizes the worker from WORKER_CACHED_WORKFLOWS and WORKFLOW_BUNDLE, else leaves both to the SDK', () => {
    const bundle = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jingsai-bundle-')), 'workflows.js');
    fs.writeFileSync(bundle, '');
    expect(loadConfig({}, noDotenv).temporal).toMatchObject({
      cachedWorkflows: undefined,
      workflowBundle: undefined,
    });
    expect(
      loadConfig({ WORKER_CACHED_WORKFLOWS: '5000', WORKFLOW_BUNDLE: bundle }, noDotenv).temporal,
    ).toMatchObject({ cachedWorkflows: 5000, workflowBundle: bundle });
  });

  it('serves the mailbox page only to an API role of `npm start`, to this machine unless opened', () => {
    const page = (env: NodeJS.ProcessEnv) => loadConfig(env, noDotenv).mail.mailboxPage;
    expect(page({})).toBe('off');
    expect(page({ JINGSAI_MAILBOX_PAGE: '1' })).toBe('loopback');
    expect(page({ JINGSAI_MAILBOX_PAGE: '1', MAILBOX_PUBLIC: 'true' })).toBe('public');
    expect(page({ JINGSAI_MAILBOX_PAGE: '1', SMTP_URL: 'smtp://mail:25' })).toBe('off');
  });

  it('believes a proxy only when TRUST_PROXY names it', () => {
    const trust = (v?: string) => loadConfig(v === undefined ? {} : { TRUST_PROXY: v }, noDotenv).trustProxy;
    expect([
      trust(),
      trust('false'),
      trust('true'),
      trust('1'),
      trust('loopback'),
      trust('10.0.0.0/8'),
    ]).toEqual([false, false, true, 1, 'loopback', '10.0.0.0/8']);
    expect(() => trust('everyone')).toThrow(ConfigError);
  });
});
