/**
 * From an outbox row (a notification kind and its data) to a complete email: subject that says what to do and by
 * when, HTML and plain-text parts in the recipient's language, due dates in Asia/Shanghai time, and — for the
 * kinds that ask someone to act — the link the sender mints a token for.
 */
import { formatLocal } from '../domain/time-zone';
import { localeOf, renderInLayout, translate, type Locale } from '../templates/render';
import { ASSESSMENT_SUBJECT } from './action-tokens';
import { PROBLEM_MAIL_KIND } from './activity-problems';
import type { Db } from './db';

export interface OutboxRow {
  id: string;
  kind: string;
  idempotencyKey: string;
  personId: string | null;
  toEmail: string;
  locale: string;
  data: unknown;
}

/** What a link lets its holder do: submit the step, score, or vote with one of the listed outcomes. */
export interface LinkRequest {
  personId: string;
  /** What the link acts on (ActionToken.subjectKind and subjectId). */
  subjectKind: string;
  subjectId: string;
  /** Set for assessment links. */
  assessmentId?: string;
  step: string;
  actions: string[];
  version: number | null;
  expiresAt: Date;
}

export interface PreparedMail {
  locale: Locale;
  template: string;
  subjectKey: string;
  view: Record<string, unknown> & { locale: Locale };
  link: LinkRequest | null;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** A notification that can never become an email (unknown kind, missing assessment): retrying cannot help. */
export class UnsendableMailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsendableMailError';
  }
}

const INVITATIONS = new Set(['INVITE_PLAN', 'INVITE_TARGETS', 'INVITE_PROGRESS', 'INVITE_EVALUATION']);
const ACTION_LABEL: Record<string, string> = {
  submit: 'mail.invite.action',
  decide: 'mail.decision.action',
  score: 'mail.scoring.action',
};
const DEFAULT_LINK_LIFE_MS = 30 * 24 * 3_600_000;

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function formatDue(locale: Locale, iso: string | undefined): string {
  if (!iso) return '—';
  return translate(locale, 'time.local', { time: formatLocal(new Date(iso)) });
}

export function stepLabel(locale: Locale, step: string, checkLabels: string[]): string {
  const check = /^check-(\d+)$/.exec(step);
  if (check) {
    const label = checkLabels[Number(check[1]) - 1];
    return label ? translate(locale, 'step.check', { label }) : translate(locale, 'step.checkNoLabel');
  }
  return translate(locale, `step.${step}`);
}

export function checkLabelsOf(calendar: unknown): string[] {
  const checks = (calendar as { checks?: Array<{ label?: unknown }> } | null)?.checks;
  return Array.isArray(checks) ? checks.map((c) => (typeof c.label === 'string' ? c.label : '')) : [];
}

/** Reads what the email needs from the database and decides its template, subject and link. */
export async function prepareMail(db: Db, row: OutboxRow, graceMs: number): Promise<PreparedMail> {
  const data = (row.data ?? {}) as Data;
  if (row.kind === 'BULLETIN') return prepareBulletinMail(db, row, data);
  if (row.kind === PROBLEM_MAIL_KIND) return prepareProblemMail(row, data);
  const assessmentId = str(data.assessmentId);
  if (!assessmentId) throw new UnsendableMailError(`notification ${row.idempotencyKey} names no assessment`);
  const assessment = await db.assessment.findUnique({
    where: { id: assessmentId },
    select: {
      organisation: { select: { nameZh: true, nameEn: true } },
      cycle: {
        select: {
          calendar: true,
          plan: {
            select: {
              indicators: { select: { code: true, nameZh: true, nameEn: true, unitZh: true, unitEn: true } },
            },
          },
        },
      },
    },
  });
  if (!assessment) throw new UnsendableMailError(`assessment ${assessmentId} no longer exists`);
  const locale = localeOf(row.locale === 'en' ? 'en' : 'zh-CN');
  const en = locale === 'en';
  const personIds = [
    ...(row.personId ? [row.personId] : []),
    ...(Array.isArray(data.waitingOn) ? (data.waitingOn as string[]) : []),
    ...(Array.isArray(data.comments) ? (data.comments as Array<{ by?: string }>).map((c) => c.by ?? '') : []),
  ].filter(Boolean);
  const names = new Map(
    (await db.person.findMany({ where: { id: { in: personIds } }, select: { id: true, name: true } })).map(
      (p) => [p.id, p.name],
    ),
  );
  const indicators = new Map(assessment.cycle.plan.indicators.map((i) => [i.code, i]));
  const unit = (en && assessment.organisation.nameEn) || assessment.organisation.nameZh;
  const step = str(data.step) ?? (row.kind === 'SCORING_REQUEST' ? 'scoring' : 'evaluation');
  const stepName = stepLabel(locale, step, checkLabelsOf(assessment.cycle.calendar));
  const dueIso = str(data.dueAt);
  const due = formatDue(locale, dueIso);
  const base = {
    locale,
    recipientName: (row.personId && names.get(row.personId)) || row.toEmail,
    unit,
    step: stepName,
    due,
  };

  const linkFor = (phase: string): LinkRequest | null => {
    if (!row.personId) return null;
    const actions =
      phase === 'submit'
        ? ['SUBMIT']
        : phase === 'score'
          ? ['SCORE']
          : Array.isArray(data.allowed)
            ? (data.allowed as string[])
            : ['APPROVE', 'RETURN', 'REJECT'];
    const dueAt = dueIso ? Date.parse(dueIso) : NaN;
    return {
      personId: row.personId,
      subjectKind: ASSESSMENT_SUBJECT,
      subjectId: assessmentId,
      assessmentId,
      step: phase === 'score' ? 'scoring' : step,
      actions,
      version: phase === 'decide' ? (num(data.version) ?? null) : null,
      expiresAt: new Date(Number.isFinite(dueAt) ? dueAt + graceMs : Date.now() + DEFAULT_LINK_LIFE_MS),
    };
  };
  const actionRequest = (
    intro: string,
    phase: string,
    subjectKey: string,
    extra: Data = {},
  ): PreparedMail => ({
    locale,
    template: 'action-request',
    subjectKey,
    view: { ...base, intro, action: ACTION_LABEL[phase], version: num(data.version) ?? '', ...extra },
    link: linkFor(phase),
  });
  const phase = str(data.phase) ?? 'submit';
  const grade = (g: unknown) => (typeof g === 'string' ? translate(locale, `grade.${g}`) : '—');

  if (INVITATIONS.has(row.kind)) {
    const returned = (num(data.round) ?? 0) > 0;
    return actionRequest(
      'mail.invite.intro',
      'submit',
      returned ? 'subject.INVITE_AGAIN' : 'subject.INVITE',
      {
        returned,
      },
    );
  }
  switch (row.kind) {
    case 'REMINDER':
      return actionRequest('mail.reminder.intro', phase, 'subject.REMINDER');
    case 'OVERDUE':
      return actionRequest('mail.overdue.intro', phase, 'subject.OVERDUE');
    case 'DECISION_REQUEST':
      return actionRequest('mail.decision.intro', 'decide', 'subject.DECISION_REQUEST');
    case 'SCORING_REQUEST':
      return actionRequest('mail.scoring.intro', 'score', 'subject.SCORING_REQUEST', {
        step: translate(locale, 'step.scoring'),
      });
    case 'ESCALATION': {
      const waiting = Array.isArray(data.waitingOn) ? (data.waitingOn as string[]) : [];
      return {
        locale,
        template: 'escalation',
        subjectKey: 'subject.ESCALATION',
        view: { ...base, waitingOn: waiting.map((id) => names.get(id) ?? id).join(en ? ', ' : '、') },
        link: null,
      };
    }
    case 'DECISION_RESULT': {
      const result = str(data.result) ?? 'APPROVE';
      const comments = Array.isArray(data.comments)
        ? (data.comments as Array<{ by?: string; outcome?: string; comment?: string }>).map((c) => ({
            by: (c.by && names.get(c.by)) ?? c.by ?? '',
            outcome: c.outcome ? translate(locale, `outcome.${c.outcome}`) : '',
            comment: c.comment ?? '',
          }))
        : [];
      return {
        locale,
        template: 'decision-result',
        subjectKey: 'subject.DECISION_RESULT',
        view: {
          ...base,
          result: translate(locale, `result.${result}`),
          returned: result === 'RETURN',
          comments,
        },
        link: null,
      };
    }
    case 'LAGGING_WARNING': {
      const lagging = Array.isArray(data.lagging)
        ? (data.lagging as Array<Record<string, unknown>>).map((l) => {
            const ind = indicators.get(String(l.code));
            return {
              name: ind ? (en ? ind.nameEn : ind.nameZh) : String(l.code),
              unit: ind ? (en ? ind.unitEn : ind.unitZh) : '',
              target: l.target,
              actual: l.actual,
              expected: l.expected,
              completion: l.completion,
              lagging: true,
            };
          })
        : [];
      return {
        locale,
        template: 'lagging-warning',
        subjectKey: 'subject.LAGGING_WARNING',
        view: { ...base, figures: lagging, count: lagging.length },
        link: null,
      };
    }
    case 'EVALUATION_RESULT':
    case 'RANK_RESULT':
      return {
        locale,
        template: 'result',
        subjectKey: `subject.${row.kind}`,
        view: {
          ...base,
          intro: row.kind === 'RANK_RESULT' ? 'mail.rank.intro' : 'mail.evaluation.intro',
          score: num(data.score)?.toFixed(2) ?? '—',
          grade: grade(data.grade),
          rank: num(data.rank) ?? '—',
          result: {
            score: num(data.score),
            grade: grade(data.grade),
            rank: num(data.rank),
            hasParts: num(data.indicatorPart) !== undefined,
            indicatorPart: num(data.indicatorPart),
            committeePart: num(data.committeePart),
          },
        },
        link: null,
      };
    default:
      throw new UnsendableMailError(`no email template for notification kind "${row.kind}"`);
  }
}

async function prepareBulletinMail(db: Db, row: OutboxRow, data: Data): Promise<PreparedMail> {
  const locale = localeOf(row.locale === 'en' ? 'en' : 'zh-CN');
  const person = row.personId
    ? await db.person.findUnique({ where: { id: row.personId }, select: { name: true } })
    : null;
  const year = num(data.year) ?? 0;
  return {
    locale,
    template: 'bulletin',
    subjectKey: 'subject.BULLETIN',
    view: {
      locale,
      recipientName: person?.name ?? row.toEmail,
      title: translate(locale, 'bulletin.title', { year }),
      number: translate(locale, 'bulletin.number', { year, number: num(data.number) ?? '' }),
      url: str(data.url),
    },
    link: null,
  };
}

function prepareProblemMail(row: OutboxRow, data: Data): PreparedMail {
  const locale = localeOf(row.locale === 'en' ? 'en' : 'zh-CN');
  const step = str(data.step);
  return {
    locale,
    template: 'activity-problem',
    subjectKey: 'subject.ACTIVITY_PROBLEM',
    view: {
      locale,
      recipientName: row.toEmail,
      unit: str(data.unit) ?? translate(locale, 'mail.problem.unknownUnit'),
      step: step ? stepLabel(locale, step, []) : translate(locale, 'mail.problem.anyStep'),
      message: str(data.message) ?? '',
      permanent: data.permanent === true,
      url: str(data.url),
    },
    link: null,
  };
}

/** Renders the prepared email, with the link (when it has one) already minted by the sender. */
export function renderMail(prepared: PreparedMail, link?: { url: string; expiresAt: Date }): RenderedMail {
  const view = {
    ...prepared.view,
    link: link?.url,
    linkExpires: link ? formatDue(prepared.locale, link.expiresAt.toISOString()) : undefined,
  };
  const subject = translate(prepared.locale, prepared.subjectKey, view);
  return {
    subject,
    html: renderInLayout('emails/layout.html.hbs', `emails/${prepared.template}.html.hbs`, {
      ...view,
      subject,
    }),
    text: renderInLayout('emails/layout.text.hbs', `emails/${prepared.template}.text.hbs`, {
      ...view,
      subject,
    }),
  };
}
