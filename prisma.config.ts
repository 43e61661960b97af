import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// Prisma 6.19 with the JS schema engine and the pg adapter: the only set-up whose CLI works without downloading a
// native engine. @prisma/adapter-pg is pinned to 7.10.x because 6.x fails every migration with "Column type 'name'
// could not be deserialized" (prisma/orm#27403). Pins are exact in package.json for that reason.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: the Prisma CLI needs the database to work on.');
    return new PrismaPg({ connectionString: url });
  },
});
