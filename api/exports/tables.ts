/**
 * The console's tables as workbooks, each from the same rows its page and JSON API read: the organisation tree
 * with contacts and committee members, a plan's target allocations, the outbox. Headers in `locale`.
 */
import type { Response } from 'express';
import {
  allocationRows,
  committeeMemberRows,
  organisationRows,
  outboxRows,
  type AllocationKey,
} from '../../stores/exports';
import type { Db } from '../../stores/db';
import type { OutboxStatus } from '../../stores/outbox/queries';
import { translate, type Locale } from '../../templates/render';
import { formatLocal } from '../../domain/time-zone';
import { mapRows, paged, streamWorkbook } from './workbook';

const when = (d: Date | null) => (d ? formatLocal(d) : '');

export function organisationsWorkbook(res: Response, db: Db, locale: Locale) {
  const t = (key: string) => translate(locale, key);
  return streamWorkbook(
    res,
    { ascii: 'organisations.xlsx', name: `${t('export.organisations.sheet')}.xlsx` },
    [
      {
        name: t('export.organisations.sheet'),
        columns: [
          { header: t('export.col.code'), key: 'code', width: 16 },
          { header: t('export.col.unit'), key: 'name', width: 28 },
          { header: t('export.col.nameEn'), key: 'nameEn', width: 28 },
          { header: t('export.col.kind'), key: 'kind', width: 18 },
          { header: t('export.col.parentCode'), key: 'parentCode', width: 16 },
          { header: t('export.col.parent'), key: 'parent', width: 28 },
          { header: t('export.col.contacts'), key: 'contacts', width: 40 },
          { header: t('export.col.retired'), key: 'retired', width: 18 },
        ],
        rows: mapRows(
          paged((after: { code: string } | undefined, take: number) => organisationRows(db, after, take)),
          (o) => ({
            code: o.code,
            name: o.nameZh,
            nameEn: o.nameEn ?? '',
            kind: t(`org.kind.${o.kind}`),
            parentCode: o.parent?.code ?? '',
            parent: o.parent?.nameZh ?? '',
            contacts: o.contacts
              .map((c) => [c.person.name, c.person.email, c.person.phone].filter(Boolean).join(' '))
              .join('；'),
            retired: when(o.retiredAt),
          }),
        ),
      },
      {
        name: t('export.committees.sheet'),
        columns: [
          { header: t('export.col.code'), key: 'code', width: 16 },
          { header: t('export.col.unit'), key: 'unit', width: 28 },
          { header: t('export.col.committee'), key: 'committee', width: 24 },
          { header: t('export.col.member'), key: 'member', width: 16 },
          { header: t('export.col.role'), key: 'role', width: 10 },
          { header: t('export.col.email'), key: 'email', width: 28 },
          { header: t('export.col.phone'), key: 'phone', width: 16 },
        ],
        rows: mapRows(
          paged((after: { committeeId: string; personId: string } | undefined, take: number) =>
            committeeMemberRows(db, after, take),
          ),
          (m) => ({
            code: m.committee.organisation.code,
            unit: m.committee.organisation.nameZh,
            committee: m.committee.nameZh,
            member: m.person.name,
            role: t(`admin.committee.role.${m.role}`),
            email: m.person.email,
            phone: m.person.phone ?? '',
          }),
        ),
      },
    ],
  );
}

export function allocationWorkbook(
  res: Response,
  db: Db,
  plan: string,
  year: number | undefined,
  locale: Locale,
) {
  const t = (key: string) => translate(locale, key);
  return streamWorkbook(
    res,
    { ascii: `allocation-${plan}.xlsx`, name: `${t('export.allocation.sheet')}-${plan}.xlsx` },
    [
      {
        name: t('export.allocation.sheet'),
        columns: [
          { header: t('export.col.year'), key: 'year', width: 8 },
          { header: t('export.col.indicatorCode'), key: 'indicatorCode', width: 26 },
          { header: t('field.indicator'), key: 'indicator', width: 36 },
          { header: t('export.col.code'), key: 'code', width: 16 },
          { header: t('export.col.unit'), key: 'name', width: 28 },
          { header: t('export.col.parentCode'), key: 'parentCode', width: 16 },
          { header: t('field.target'), key: 'value', width: 14, numFmt: '#,##0.####' },
          { header: t('export.col.unitOfMeasure'), key: 'measure', width: 10 },
          { header: t('export.col.note'), key: 'note', width: 10 },
        ],
        rows: mapRows(
          paged((after: AllocationKey | undefined, take: number) =>
            allocationRows(db, plan, year, { after }, take),
          ),
          (a) => ({
            year: a.year,
            indicatorCode: a.indicator.code,
            indicator: locale === 'en' ? a.indicator.nameEn : a.indicator.nameZh,
            code: a.organisation.code,
            name: a.organisation.nameZh,
            parentCode: a.organisation.parent?.code ?? '',
            value: a.notApplicable ? null : a.value.toNumber(),
            measure: a.indicator.unitZh,
            note: a.notApplicable ? t('page.notApplicable') : '',
          }),
        ),
      },
    ],
  );
}

export function outboxWorkbook(res: Response, db: Db, status: OutboxStatus | undefined, locale: Locale) {
  const t = (key: string) => translate(locale, key);
  return streamWorkbook(res, { ascii: 'outbox.xlsx', name: `${t('export.outbox.sheet')}.xlsx` }, [
    {
      name: t('export.outbox.sheet'),
      columns: [
        { header: t('export.col.createdAt'), key: 'createdAt', width: 18 },
        { header: t('export.col.mailKind'), key: 'kind', width: 22 },
        { header: t('export.col.email'), key: 'toEmail', width: 28 },
        { header: t('export.col.subject'), key: 'subject', width: 50 },
        { header: t('export.col.status'), key: 'status', width: 10 },
        { header: t('export.col.attempts'), key: 'attempts', width: 8 },
        { header: t('export.col.sentAt'), key: 'sentAt', width: 18 },
        { header: t('export.col.lastError'), key: 'lastError', width: 40 },
      ],
      rows: mapRows(
        paged((after: { id: string } | undefined, take: number) => outboxRows(db, status, after, take)),
        (m) => ({
          createdAt: when(m.createdAt),
          kind: m.kind,
          toEmail: m.toEmail,
          subject: m.subject,
          status: t(`admin.outbox.status.${m.status}`),
          attempts: m.attempts,
          sentAt: when(m.sentAt),
          lastError: m.lastError ?? '',
        }),
      ),
    },
  ]);
}
