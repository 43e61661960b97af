/**
 * Issuing authorities (发文机关) as the office keeps them, and the one every document of a federation falls back
 * to: the federation's first issuer, created from its name the first time one is needed (prefix 〈short name〉文,
 * printed by its 办公室), so a fresh install issues numbered documents before anyone has filled in the page.
 */
import type { IssuerInput } from '../../domain/documents/issuers';
import type { Db } from '../db';
import { recordAudit } from '../audit';

export const issuerFields = {
  id: true,
  numberPrefix: true,
  name: true,
  shortName: true,
  organisationId: true,
  sealMediaType: true,
  copyTo: true,
  printedBy: true,
} as const;

export function listIssuers(db: Db) {
  return db.issuer.findMany({
    orderBy: [{ createdAt: 'asc' }, { numberPrefix: 'asc' }],
    select: issuerFields,
  });
}

/** The issuers on record among the given prefixes, with their seals (in no particular order). */
export function issuersByPrefix(db: Db, prefixes: string[]) {
  return db.issuer.findMany({
    where: { numberPrefix: { in: prefixes } },
    select: { ...issuerFields, sealImage: true },
  });
}

export type IssuerRow = Awaited<ReturnType<typeof issuersByPrefix>>[number];

/** The issuer of a federation's own documents (the cycle's notices), made from the federation's name if none. */
export async function federationIssuer(db: Db, organisationId: string): Promise<IssuerRow> {
  const first = await db.issuer.findFirst({
    where: { organisationId },
    orderBy: { createdAt: 'asc' },
    select: { ...issuerFields, sealImage: true },
  });
  if (first) return first;
  const org = await db.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: { nameZh: true },
  });
  const shortName = org.nameZh.replace(/总工会$/u, '').slice(0, 2) + '工';
  return db.issuer.upsert({
    where: { numberPrefix: `${shortName}文` },
    update: {},
    create: {
      numberPrefix: `${shortName}文`,
      name: org.nameZh,
      shortName,
      organisationId,
      printedBy: `${org.nameZh}办公室`,
    },
    select: { ...issuerFields, sealImage: true },
  });
}

/** Creates or updates an issuer by its prefix (the series stays the prefix's: its numbers run on). */
export async function saveIssuer(
  db: Db,
  input: IssuerInput & {
    organisationId: string | null;
    seal?: { image: Uint8Array; mediaType: string } | null;
  },
  by: string,
) {
  const data = {
    name: input.name,
    shortName: input.shortName,
    copyTo: input.copyTo,
    printedBy: input.printedBy,
    organisationId: input.organisationId,
    ...(input.seal === null ? { sealImage: null, sealMediaType: null } : {}),
    ...(input.seal
      ? { sealImage: new Uint8Array(input.seal.image), sealMediaType: input.seal.mediaType }
      : {}),
  };
  const row = await db.issuer.upsert({
    where: { numberPrefix: input.numberPrefix },
    update: data,
    create: { numberPrefix: input.numberPrefix, ...data },
    select: issuerFields,
  });
  await recordAudit(db, {
    actor: by,
    action: 'issuer.saved',
    subjectType: 'Issuer',
    subjectId: row.id,
    detail: { numberPrefix: row.numberPrefix, name: row.name, seal: row.sealMediaType },
  });
  return row;
}

export function issuerSeal(db: Db, numberPrefix: string) {
  return db.issuer.findUnique({ where: { numberPrefix }, select: { sealImage: true, sealMediaType: true } });
}
