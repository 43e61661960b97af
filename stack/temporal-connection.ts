/** Connection options shared by the client (API) and the worker, for the embedded server or an external cluster. */
import fs from 'node:fs';
import type { Config } from './config';

export interface TemporalConnectionOptions {
  address: string;
  tls?: boolean | { clientCertPair: { crt: Buffer; key: Buffer } };
  apiKey?: string;
}

export function temporalConnectionOptions(config: Config): TemporalConnectionOptions {
  const t = config.temporal;
  const tls =
    t.tlsCertPath && t.tlsKeyPath
      ? { clientCertPair: { crt: fs.readFileSync(t.tlsCertPath), key: fs.readFileSync(t.tlsKeyPath) } }
      : t.tls || undefined;
  return { address: t.address, tls, apiKey: t.apiKey };
}
