/**
 * An assessment's email links in the link flow (api/links/flow.ts): a unit's contact submits the open step, a
 * committee member votes or scores, each through the same workflow update as the JSON API. A link is bound to
 * one step (and, for a decision, to the submission version under decision); once the assessment has moved past
 * it, the link says so and changes nothing.
 */
import type { Client } from '@temporalio/client';
import { ASSESSMENT_SUBJECT } from '../../stores/links/action-tokens';
import { latestSubmission } from '../../stores/assessment/link-data';
import type { Db } from '../../stores/db';
import { checkLabelsOf, stepLabel } from '../../templates/labels';
import { stepKind, type PayloadIssue, type StepKind } from '../../domain/submissions';
import { translate, type Locale } from '../../templates/render';
import { scoreUpdate, submitUpdate, voteUpdate } from '../../workflows/assessment/contract';
import type { Link } from '../links/access';
import {
  typedValues,
  type FieldErrors,
  type LinkAction,
  type LinkFeature,
  type LinkPageContext,
} from '../links/flow';
import { runUpdate } from '../workflow-calls';
import { isRectifying, localiseIssue, payloadFromForm, scoresFromForm, voteForm } from './link-forms';
import { committeeLinkPages } from './committee-pages';
import { assessmentLinkPages, loadLinkAssessment, type LinkAssessment } from './link-pages';

type LinkUse = 'submit' | 'score' | 'decide';

function useOf(link: Link): LinkUse {
  if (link.actions.includes('SUBMIT')) return 'submit';
  if (link.actions.includes('SCORE')) return 'score';
  return 'decide';
}

export function assessmentLinkFeature(db: Db, client: Client): LinkFeature<LinkAssessment> {
  const pages = assessmentLinkPages(db);
  const committeePages = committeeLinkPages(db, client, pages);

  /** Whether the assessment still waits at the link's step, for this person and (a decision) this version. */
  async function stillOpen(link: Link, a: LinkAssessment): Promise<boolean> {
    if (a.step !== link.step || a.stage === 'FINISHED') return false;
    const use = useOf(link);
    if (use === 'submit') return a.status === 'WAITING_SUBMISSION' || a.status === 'RETURNED';
    if (a.status !== 'WAITING_DECISION' || !a.waitingOn.includes(link.personId)) return false;
    if (use === 'decide' && link.version !== null) {
      const latest = await latestSubmission(db, a.id, link.step);
      return (latest?.version ?? null) === link.version;
    }
    return true;
  }

  const show: LinkFeature<LinkAssessment>['show'] = (ctx, a, status, form = {}) => {
    const use = useOf(ctx.link);
    if (use === 'decide') return committeePages.decidePage(ctx, a, status, form);
    if (use === 'score') return committeePages.scorePage(ctx, a, status, form);
    return pages.submitPage(ctx, a, status, form);
  };

  function vote(ctx: LinkPageContext, a: LinkAssessment, body: Record<string, unknown>): LinkAction {
    const { link, locale } = ctx;
    const parsed = voteForm(link.actions).safeParse(body);
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues)
        errors[String(issue.path[0] ?? 'outcome')] ??= localiseIssue(
          locale,
          (issue as { params?: PayloadIssue }).params ?? issue,
        );
      const comment = typeof body.comment === 'string' ? body.comment : '';
      return { errors: { values: { comment }, errors, formError: errors.outcome } };
    }
    const { outcome, comment } = parsed.data;
    return {
      async run() {
        await runUpdate(client, a.workflowId, voteUpdate, {
          step: link.step,
          personId: link.personId,
          outcome: outcome as never,
          comment: comment || null,
        });
        const what = translate(locale, `outcome.${outcome}`);
        return {
          usedFor: { what, outcome },
          message: translate(locale, 'page.done.vote', { outcome: what }),
        };
      },
    };
  }

  async function score(
    ctx: LinkPageContext,
    a: LinkAssessment,
    body: Record<string, unknown>,
  ): Promise<LinkAction> {
    const { link, locale } = ctx;
    const criteria = (await pages.criteriaOf(a)).map((c) => c.code);
    const { scores, errors } = scoresFromForm(body, criteria, locale);
    if (Object.keys(errors).length > 0) return { errors: { values: typedValues(body), errors } };
    return {
      async run() {
        await runUpdate(client, a.workflowId, scoreUpdate, { personId: link.personId, scores });
        const what = translate(locale, 'page.done.score');
        return { usedFor: { what }, message: what };
      },
    };
  }

  async function submit(
    ctx: LinkPageContext,
    a: LinkAssessment,
    body: Record<string, unknown>,
  ): Promise<LinkAction> {
    const { link, locale } = ctx;
    const kind = stepKind(link.step) as StepKind;
    const { payload, errors } = payloadFromForm(kind, body, await pages.indicatorsFor(a, locale), locale, {
      rectifying: isRectifying(a.status, kind),
    });
    if (Object.keys(errors).length > 0) return { errors: { values: typedValues(body), errors } };
    const step = stepLabel(locale, link.step, checkLabelsOf(a.cycle.calendar));
    return {
      async run() {
        const done = await runUpdate(client, a.workflowId, submitUpdate, {
          step: link.step,
          payload,
          submittedBy: link.personId,
        });
        const what = translate(locale, 'page.done.submit', { step, version: done.version });
        return { usedFor: { what, version: done.version }, message: what };
      },
      // The workflow's validator is the last word on a payload: its reason goes back onto the form.
      async refused(reason, status) {
        if (status !== 422) return false;
        await show(ctx, a, 422, { values: typedValues(body), formError: reason });
        return true;
      },
    };
  }

  return {
    kind: ASSESSMENT_SUBJECT,
    load: (link) => loadLinkAssessment(db, link),
    async movedOn(link: Link, a: LinkAssessment, locale: Locale) {
      if (await stillOpen(link, a)) return null;
      if (a.stage === 'FINISHED' || !a.step) return translate(locale, 'error.finished');
      return translate(locale, 'error.movedOn', {
        current: stepLabel(locale, a.step, checkLabelsOf(a.cycle.calendar)),
      });
    },
    show,
    async parse(ctx, a, body) {
      const use = useOf(ctx.link);
      if (use === 'decide') return vote(ctx, a, body);
      if (use === 'score') return score(ctx, a, body);
      return submit(ctx, a, body);
    },
  };
}
