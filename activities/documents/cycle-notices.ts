/**
 * Building and issuing a cycle's notices (domain/documents/cycle-notices.ts): the body from the cycle's snapshot
 * and the office's paragraphs, the official parts from the federation's issuer, then the archive numbers it,
 * prints it and mails it, with the PDF, to the units it concerns. A preview is the same document without a number.
 */
import { buildBulletin } from '../../domain/bulletin';
import { resolveCalendar } from '../../domain/calendar';
import { cycleNoticeBody, type FreeText, type NoticeBody } from '../../domain/documents/cycle-notice-content';
import { periodSummaryBody } from '../../domain/documents/period-summary';
import { AWARD_CATEGORIES, type AwardCategory } from '../../domain/awards/categories';
import { planPeriodWithBranches } from '../../stores/plan/period';
import { cycleNoticePlan, type PlannedNotice } from '../../domain/documents/cycle-notices';
import { wallClockAt } from '../../domain/time-zone';
import { loadBulletinSnapshot } from '../../stores/bulletin/snapshot';
import type { Db } from '../../stores/db';
import {
  contactsOf,
  noticeCycle,
  noticeDraft,
  periodHonourCounts,
  type NoticeCycle,
} from '../../stores/documents/cycle-notices';
import { federationIssuer } from '../../stores/documents/issuers';
import { federationOfficeLine } from '../../stores/organisation/queries';
import { render, translate } from '../../templates/render';
import { CYCLE_NOTICE_MAIL_KIND, type NoticeOutcome } from '../../workflows/cycle-notices/contract';
import { issueDocument, type ArchiveDeps } from './archive';
import { officialParts } from './official';

export interface CycleNoticeDeps extends ArchiveDeps {
  publicUrl: string;
}

export const noticePlanOf = (cycle: Pick<NoticeCycle, 'calendar' | 'createdAt' | 'year' | 'plan'>) =>
  cycleNoticePlan(
    resolveCalendar(cycle.calendar),
    cycle.createdAt.getTime(),
    cycle.year === cycle.plan.periodEnd,
  );

const GRADES = Object.fromEntries(
  ['EXCELLENT', 'GOOD', 'PASS', 'FAIL'].map((g) => [g, translate('zh-CN', `grade.${g}`)]),
);

export interface BuiltNotice {
  notice: PlannedNotice;
  body: NoticeBody;
}

/** The notice's body as it would be issued at `at`; null when the cycle has no such notice or nothing to say. */
export async function buildCycleNotice(
  db: Db,
  cycle: NoticeCycle,
  key: string,
  at: Date,
): Promise<BuiltNotice | null> {
  const notice = noticePlanOf(cycle).find((n) => n.key === key);
  if (!notice) return null;
  const [snapshot, draft, office] = await Promise.all([
    loadBulletinSnapshot(db, cycle.id, at),
    noticeDraft(db, cycle.id, key),
    federationOfficeLine(db, cycle.rootOrganisationId),
  ]);
  const federation = cycle.rootOrganisation.nameZh;
  const participants = snapshot.units.filter((u) => u.participating).map((u) => u.code);
  // The period summary reads the period's views; the others this year's roll-up.
  const body =
    notice.kind === 'PERIOD_SUMMARY'
      ? await periodSummary(db, cycle, { federation, office, concerns: participants }, draft ?? {})
      : cycleNoticeBody(
          notice.kind,
          {
            year: cycle.year,
            planName: cycle.plan.nameZh,
            federation,
            calendar: resolveCalendar(cycle.calendar),
            snapshot,
            data: buildBulletin(snapshot),
            office,
            grades: GRADES,
          },
          draft ?? {},
          at.getTime(),
          notice.step,
        );
  if (!body) return null;
  return { notice, body };
}

/** The period summary, from the period views of the city and of each branch and the honours of the period. */
async function periodSummary(
  db: Db,
  cycle: NoticeCycle,
  ctx: Parameters<typeof periodSummaryBody>[3],
  text: FreeText,
): Promise<NoticeBody | null> {
  const period = await planPeriodWithBranches(db, cycle.plan.code);
  if (!period) return null;
  const honours = await periodHonourCounts(
    db,
    cycle.rootOrganisationId,
    cycle.plan.periodStart,
    cycle.plan.periodEnd,
  );
  return periodSummaryBody(
    period.city,
    period.branches.flatMap((view) => (view.unit ? [{ ...view.unit, view }] : [])),
    honours.map((h) => ({
      label: AWARD_CATEGORIES[h.category as AwardCategory]?.zh ?? h.category,
      count: h.count,
    })),
    ctx,
    text,
  );
}

export function cycleNoticeHtml(built: BuiltNotice, parts: ReturnType<typeof officialParts>): string {
  return render('documents/cycle-notice.hbs', {
    locale: 'zh-CN',
    doc: parts,
    body: built.body,
    multipleAttachments: built.body.attachments.length > 1,
  });
}

/** The notice as a preview: real data, no number, marked 样稿. */
export async function previewCycleNotice(db: Db, cycle: NoticeCycle, key: string) {
  const now = new Date();
  const built = await buildCycleNotice(db, cycle, key, now);
  if (!built) return null;
  const issuer = await federationIssuer(db, cycle.rootOrganisationId);
  return cycleNoticeHtml(
    built,
    officialParts([issuer], { year: wallClockAt(now).year, number: null, date: now }),
  );
}

export function createCycleNoticeActivities(deps: CycleNoticeDeps) {
  const { db } = deps;
  return {
    async issueCycleNotice(r: { cycleId: string; key: string; by: string }): Promise<NoticeOutcome> {
      const cycle = await noticeCycle(db, r.cycleId);
      if (!cycle) throw new Error(`no cycle ${r.cycleId}`);
      const now = new Date();
      const built = await buildCycleNotice(db, cycle, r.key, now);
      if (!built) return { issued: false, reason: 'NOTHING_TO_SAY' };
      const issuer = await federationIssuer(db, cycle.rootOrganisationId);
      const year = wallClockAt(now).year;
      const recipients = await contactsOf(db, cycle.id, built.body.concerns);
      const doc = await issueDocument(deps, {
        kind: built.notice.kind,
        series: issuer.numberPrefix,
        year,
        key: `cycle:${cycle.id}:${r.key}`,
        cycleId: cycle.id,
        periodKey: r.key,
        issuedBy: r.by,
        build: (number, issuedAt) => {
          const parts = officialParts([issuer], { year, number, date: issuedAt });
          return {
            title: built.body.title,
            html: cycleNoticeHtml(built, parts),
            data: {
              number: parts.number,
              key: r.key,
              recipients: recipients.length,
              concerns: built.body.concerns,
            },
          };
        },
        announce: async (d) => ({
          kind: CYCLE_NOTICE_MAIL_KIND,
          recipients,
          data: { documentId: d.id, title: d.title, url: `${deps.publicUrl}/documents/${d.id}` },
        }),
      });
      const stored = await db.document.findUniqueOrThrow({ where: { id: doc.id }, select: { data: true } });
      const number = String((stored.data as { number?: unknown }).number ?? '');
      return { issued: true, documentId: doc.id, number, created: doc.created };
    },
  };
}
