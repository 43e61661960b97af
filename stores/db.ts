import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client';

export type Db = PrismaClient;

/** A Prisma client on the pg driver adapter (the engine set-up that works offline; see prisma.config.ts). */
export function createDb(url: string, poolSize = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
}
