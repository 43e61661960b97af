/**
 * What award links do, plugged into the one link flow: a unit nominates or withdraws (each act uses the link; a
 * fresh one comes with the receipt), a department answers for every nominee, a member votes, the chair confirms.
 * The workflow's validators judge quotas, proportions and hard eligibility; a refusal is shown on the form.
 */
import type { Client } from '@temporalio/client';
import type { EligibilityRule } from '../../domain/awards/eligibility';
import { validScore } from '../../domain/awards/selection';
import { eligibleMembers } from '../../domain/decision';
import { textProblem } from '../../domain/input-rules';
import { departmentById, peopleNamed, programmeById } from '../../stores/awards/queries';
import { workflowInputOf } from '../../stores/awards/programmes';
import { attachmentCount, type AttachmentStore } from '../../stores/awards/attachments';
import type { Db } from '../../stores/db';
import { translate } from '../../templates/render';
import {
  AWARD_SUBJECT,
  awardStatusQuery,
  awardWorkflowId,
  confirmResultUpdate,
  CONFIRM_STEP,
  delegateBallotUpdate,
  nominateUpdate,
  REVIEW_STEP,
  vetUpdate,
  voteUpdate,
  withdrawNominationUpdate,
} from '../../workflows/awards/contract';
import type { Link } from '../links/access';
import type { LinkAction, LinkFeature, LinkPageContext } from '../links/flow';
import { isUuid } from '../validate';
import { runUpdate } from '../workflow-calls';
import { judgeNomination } from './eligibility';
import { awardLinkPages } from './link-pages';
import { ATTACHMENT_FIELD, judgeUploads, NOMINATION_UPLOADS, sendAttachment } from './nomination-files';
import { nominationPage } from './nomination-page';
import { ballotOwner, type AwardSubject } from './page-parts';
import { readNominationForm } from './nomination-form';

const stageOfStep = (step: string) =>
  step.startsWith('nominate:')
    ? 'NOMINATING'
    : step.startsWith('vet:')
      ? 'VETTING'
      : step === REVIEW_STEP || step.startsWith('review-for:')
        ? 'REVIEWING'
        : step === CONFIRM_STEP
          ? 'CONFIRMING'
          : null;

export function awardLinkFeature(db: Db, client: Client, files: AttachmentStore): LinkFeature<AwardSubject> {
  const pages = { ...awardLinkPages(db), nominatePage: nominationPage(db) };
  const wf = (s: AwardSubject) => awardWorkflowId(s.programme.id);

  async function load(link: Link): Promise<AwardSubject | null> {
    if (!isUuid(link.subjectId)) return null;
    const programme = await programmeById(db, link.subjectId);
    if (!programme?.workflowId) return null;
    const [status, input] = await Promise.all([
      client.workflow.getHandle(programme.workflowId).query(awardStatusQuery),
      workflowInputOf(db, programme.id),
    ]);
    return input ? { programme, status, input } : null;
  }

  /** Shows the page again with the refusal next to the form; the link stays usable. */
  const reshow =
    (ctx: LinkPageContext, s: AwardSubject, body: Record<string, unknown>) => async (reason: string) => {
      const values = Object.fromEntries(
        Object.entries(body).filter(([, v]) => typeof v === 'string'),
      ) as Record<string, string>;
      await show(ctx, s, 422, { values, formError: reason });
      return true;
    };

  async function show(ctx: LinkPageContext, s: AwardSubject, status: number, form = {}) {
    const step = ctx.link.step;
    if (step.startsWith('nominate:'))
      return pages.nominatePage(ctx, s, step.slice('nominate:'.length), status, form);
    if (step.startsWith('vet:')) {
      const dept = await departmentById(db, step.slice('vet:'.length));
      return pages.vetPage(ctx, s, dept?.name ?? '', status, form);
    }
    if (stageOfStep(step) === 'REVIEWING') return pages.reviewPage(ctx, s, status, form);
    return pages.confirmPage(ctx, s, status, form);
  }

  async function parseNominate(
    ctx: LinkPageContext,
    s: AwardSubject,
    body: Record<string, unknown>,
  ): Promise<LinkAction> {
    const { link, locale } = ctx;
    const unitId = link.step.slice('nominate:'.length);
    if (body.action === 'withdraw') {
      const nominationId = String(body.nomination ?? '');
      if (!isUuid(nominationId)) return { errors: { formError: translate(locale, 'awards.form.choose') } };
      return {
        async run() {
          await runUpdate(client, wf(s), withdrawNominationUpdate, {
            nominationId,
            unitId,
            personId: link.personId,
          });
          const what = translate(locale, 'awards.done.withdrawn');
          return { usedFor: { what }, message: what };
        },
        refused: reshow(ctx, s, body),
      };
    }
    const categories = s.input.quotas.filter((q) => q.unitCode === unitId).map((q) => q.category);
    const form = readNominationForm(body, categories, s.programme.year, locale);
    const editing = typeof body.nomination === 'string' && isUuid(body.nomination) ? body.nomination : null;
    const uploads = judgeUploads(ctx.uploads, editing ? await attachmentCount(db, editing) : 0, locale);
    const sentFiles = ctx.uploads.files.length > 0;
    if ('errors' in form || 'error' in uploads) {
      const errors = 'errors' in form ? { ...form.errors } : {};
      // A browser never sends files back: when the form is refused, the files chosen have to be chosen again.
      if ('error' in uploads) errors[ATTACHMENT_FIELD] = uploads.error;
      else if (sentFiles) errors[ATTACHMENT_FIELD] = translate(locale, 'awards.attachment.resend');
      return { errors: { values: form.values, errors } };
    }
    const { verdicts, unitScore } = await judgeNomination(
      db,
      {
        year: s.programme.year,
        level: s.input.level,
        eligibilityRules: s.programme.eligibilityRules as unknown as EligibilityRule[],
      },
      unitId,
      form.category,
      form.record,
      locale,
    );
    return {
      async run() {
        const attachments = await files.save(uploads.files, {
          programmeId: s.programme.id,
          organisationId: unitId,
          uploadedBy: link.personId,
        });
        const done = await runUpdate(client, wf(s), nominateUpdate, {
          nominationId: editing ?? crypto.randomUUID(),
          unitId,
          personId: link.personId,
          category: form.category,
          unitScore,
          eligibility: verdicts,
          record: { ...form.record, attachments },
        }).catch(async (err: unknown) => {
          await files.discard(attachments);
          throw err;
        });
        const warnings = verdicts
          .filter((v) => !v.ok && !v.hard)
          .map((v) => translate(locale, v.key, v.params));
        const what = translate(locale, 'awards.done.nominated', {
          name: form.record.nomineeName,
          left: done.quotaLeft,
          warnings: warnings.length
            ? translate(locale, 'awards.done.warnings', { list: warnings.join('；') })
            : '',
        });
        return { usedFor: { what, nominationId: done.nominationId }, message: what };
      },
      refused: async (reason) => {
        await show(ctx, s, 422, {
          values: form.values,
          formError: reason,
          errors: sentFiles ? { [ATTACHMENT_FIELD]: translate(locale, 'awards.attachment.resend') } : {},
        });
        return true;
      },
    };
  }

  /** A file of a nomination this link's page lists: the unit's own, or one on the list being vetted or judged. */
  async function download(ctx: LinkPageContext, s: AwardSubject, fileId: string) {
    if (!isUuid(fileId)) return false;
    const file = await files.read(s.programme.id, fileId);
    if (!file) return false;
    const step = ctx.link.step;
    const allowed = step.startsWith('nominate:')
      ? file.organisationId === step.slice('nominate:'.length)
      : s.status.nominees.some((n) => n.id === file.nominationId && n.status === 'ACTIVE');
    if (!allowed) return false;
    sendAttachment(ctx.res, file);
    return true;
  }

  function parseVet(ctx: LinkPageContext, s: AwardSubject, body: Record<string, unknown>): LinkAction {
    const { link, locale } = ctx;
    const errors: Record<string, string> = {};
    const active = s.status.nominees.filter((n) => n.status === 'ACTIVE');
    const answers = active.map((n) => {
      const answer = body[`answer-${n.id}`];
      const reason =
        typeof body[`reason-${n.id}`] === 'string' ? (body[`reason-${n.id}`] as string).trim() : '';
      if (answer !== 'clear' && answer !== 'object')
        errors[`answer-${n.id}`] = translate(locale, 'awards.form.answer');
      else if (answer === 'object' && !reason)
        errors[`answer-${n.id}`] = translate(locale, 'awards.form.reasonNeeded');
      else if (reason && textProblem(reason, 500))
        errors[`answer-${n.id}`] = translate(locale, `validation.text.${textProblem(reason, 500)}`, {
          max: 500,
        });
      return {
        nominationId: n.id,
        objects: answer === 'object',
        reason: answer === 'object' ? reason : null,
      };
    });
    if (Object.keys(errors).length > 0) {
      const values = Object.fromEntries(
        Object.entries(body).filter(([, v]) => typeof v === 'string'),
      ) as Record<string, string>;
      return { errors: { values, errors, formError: translate(locale, 'awards.form.fix') } };
    }
    return {
      async run() {
        const r = await runUpdate(client, wf(s), vetUpdate, {
          departmentId: link.step.slice('vet:'.length),
          personId: link.personId,
          answers,
        });
        const what = translate(locale, 'awards.done.vetted', {
          count: answers.length,
          vetoed: r.vetoed.length,
        });
        return { usedFor: { what }, message: what };
      },
      refused: reshow(ctx, s, body),
    };
  }

  /** The member's own ballot page can delegate the ballot to another member instead of casting it. */
  async function parseDelegate(
    ctx: LinkPageContext,
    s: AwardSubject,
    body: Record<string, unknown>,
  ): Promise<LinkAction> {
    const { link, locale } = ctx;
    const to = String(body.to ?? '');
    if (!isUuid(to) || !s.input.committee.some((m) => m.personId === to) || to === link.personId)
      return { errors: { values: { to }, formError: translate(locale, 'awards.form.delegateTo') } };
    const name = (await peopleNamed(db, [to])).get(to) ?? '';
    return {
      async run() {
        await runUpdate(client, wf(s), delegateBallotUpdate, { from: link.personId, to, by: link.personId });
        const what = translate(locale, 'awards.done.delegated', { name });
        return { usedFor: { what }, message: what };
      },
      refused: reshow(ctx, s, body),
    };
  }

  function parseVote(ctx: LinkPageContext, s: AwardSubject, body: Record<string, unknown>): LinkAction {
    const { link, locale } = ctx;
    const owner = ballotOwner(link.step, link.personId);
    const mine = s.status.nominees.filter((n) => {
      const entitled = eligibleMembers(s.input.committee, [n.unitId]);
      return n.status === 'ACTIVE' && entitled.includes(owner) && entitled.includes(link.personId);
    });
    const scoring = s.input.reviewMode === 'COMPETITIVE' && s.input.ballot === 'SCORE';
    const scoreOf = (id: string) => {
      const raw = String(body[`score-${id}`] ?? '').trim();
      const n = /^\d{1,3}(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
      return validScore(n) ? n : null;
    };
    const missing = scoring
      ? mine.filter((n) => scoreOf(n.id) === null)
      : mine.filter((n) => !['for', 'against', 'abstain'].includes(String(body[`vote-${n.id}`])));
    if (missing.length > 0) {
      const values = Object.fromEntries(
        Object.entries(body).filter(([, v]) => typeof v === 'string'),
      ) as Record<string, string>;
      const key = scoring ? 'awards.form.scoreAll' : 'awards.form.voteAll';
      return { errors: { values, formError: translate(locale, key, { count: missing.length }) } };
    }
    const votes = mine.map((n) => {
      if (scoring) return { nominationId: n.id, inFavour: null, score: scoreOf(n.id) };
      const v = body[`vote-${n.id}`];
      return { nominationId: n.id, inFavour: v === 'for' ? true : v === 'against' ? false : null };
    });
    return {
      async run() {
        await runUpdate(client, wf(s), voteUpdate, {
          personId: link.personId,
          ...(owner === link.personId ? {} : { onBehalfOf: owner }),
          votes,
        });
        const what = translate(locale, scoring ? 'awards.done.scored' : 'awards.done.voted', {
          count: votes.length,
        });
        return { usedFor: { what }, message: what };
      },
      refused: reshow(ctx, s, body),
    };
  }

  return {
    kind: AWARD_SUBJECT,
    load,
    async movedOn(link, s, locale) {
      const stage = stageOfStep(link.step);
      if (stage === null || s.status.stage !== stage)
        return translate(locale, 'awards.movedOn', {
          stage: translate(locale, `awards.stage.${s.status.stage}`),
        });
      if (link.step.startsWith('vet:') && s.status.vetted.includes(link.step.slice(4)))
        return translate(locale, 'awards.refusal.answered');
      if (stage === 'REVIEWING') {
        const owner = ballotOwner(link.step, link.personId);
        if (s.status.voted.includes(owner)) return translate(locale, 'awards.refusal.voted');
        const delegate = s.status.delegations.find(([from]) => from === owner)?.[1];
        if (owner === link.personId && delegate) {
          const name = (await peopleNamed(db, [delegate])).get(delegate) ?? '';
          return translate(locale, 'awards.movedOn.delegated', { name });
        }
        if (owner !== link.personId && delegate !== link.personId)
          return translate(locale, 'awards.refusal.notDelegate');
      }
      return null;
    },
    show,
    uploads: NOMINATION_UPLOADS,
    download,
    async parse(ctx, s, body) {
      const step = ctx.link.step;
      if (step.startsWith('nominate:')) return parseNominate(ctx, s, body);
      if (step.startsWith('vet:')) return parseVet(ctx, s, body);
      if (stageOfStep(step) === 'REVIEWING')
        return body.action === 'delegate' && step === REVIEW_STEP
          ? parseDelegate(ctx, s, body)
          : parseVote(ctx, s, body);
      return {
        async run() {
          const r = await runUpdate(client, wf(s), confirmResultUpdate, { personId: ctx.link.personId });
          const what = translate(ctx.locale, 'awards.done.confirmed', { count: r.selected.length });
          return { usedFor: { what }, message: what };
        },
        refused: reshow(ctx, s, body),
      };
    },
  };
}
