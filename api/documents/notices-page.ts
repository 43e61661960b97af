/**
 * The console's notices of a cycle (`/admin/cycles/:id/notices`): each notice the cycle issues by itself — when it
 * is ready, when it issues itself, whether it was issued and under which number — with its preview (样稿, real
 * data), the office's paragraphs (opening, closing, contact) to edit until it is issued, and a button to issue it
 * now once it is ready.
 */
import { Router, type Request, type Response } from 'express';
import { cycleNoticeTitle, submissionSteps } from '../../domain/documents/cycle-notices';
import { resolveCalendar } from '../../domain/calendar';
import { formatLocal } from '../../domain/time-zone';
import { noticeDraft, type NoticeCycle } from '../../stores/documents/cycle-notices';
import { translate, type Locale } from '../../templates/render';
import {
  cycleNoticesWorkflowId,
  issueNoticeNowUpdate,
  type NoticeState,
} from '../../workflows/cycle-notices/contract';
import { consoleContext, consoleMessage, consolePage, fieldProblems } from '../admin-console';
import { HttpError } from '../errors';
import { sendArchivedHtml } from '../pages';
import { runUpdate } from '../workflow-calls';
import {
  cycleNotices,
  findNoticeCycle,
  noticePreview,
  noticeTextSchema,
  plannedKey,
  saveOpenNoticeText,
  type CycleNoticeRouteDeps,
} from './cycle-notices';

function noticeTitle(cycle: NoticeCycle, n: NoticeState) {
  const label =
    n.kind === 'PERIOD_SUMMARY'
      ? cycle.plan.nameZh
      : submissionSteps(resolveCalendar(cycle.calendar)).find((s) => s.step === n.step)?.label;
  return cycleNoticeTitle(n.kind, cycle.year, label);
}

function statusOf(locale: Locale, n: NoticeState, now: number) {
  if (n.outcome?.issued) return translate(locale, 'admin.notices.issuedAs', { number: n.outcome.number });
  if (n.outcome) return translate(locale, 'admin.notices.nothing');
  if (n.readyAt === null || Date.parse(n.readyAt) > now) return translate(locale, 'admin.notices.notReady');
  return translate(locale, 'admin.notices.waiting');
}

export function adminNoticesRouter(deps: CycleNoticeRouteDeps): Router {
  const { db, client } = deps;
  const router = Router();

  /** Each route's cycle and notice; a page in the reader's language when either is unknown. */
  const withCycle =
    (handler: (req: Request, res: Response, cycle: NoticeCycle) => Promise<void>) =>
    async (req: Request, res: Response) => {
      const { locale } = consoleContext(res);
      try {
        const cycle = await findNoticeCycle(db, String(req.params.id));
        if (req.params.key !== undefined) plannedKey(cycle, String(req.params.key));
        await handler(req, res, cycle);
      } catch (err) {
        if (!(err instanceof HttpError) || !err.page) throw err;
        const back = `/admin/cycles/${String(req.params.id)}/notices`;
        consoleMessage(
          req,
          res,
          err.status,
          'problem',
          translate(locale, err.page.key, err.page.params),
          back,
        );
      }
    };

  router.get(
    '/admin/cycles/:id/notices',
    withCycle(async (req, res, cycle) => {
      const { locale } = consoleContext(res);
      const now = Date.now();
      const notices = await cycleNotices(db, client, cycle);
      const base = `/admin/cycles/${cycle.id}/notices`;
      consolePage(req, res, 200, 'admin-cycle-notices', {
        titleKey: 'admin.notices.title',
        titleParams: { year: cycle.year },
        cycleHref: `/admin/cycles/${cycle.id}`,
        done:
          typeof req.query.done === 'string' && ['saved', 'issued'].includes(req.query.done)
            ? req.query.done
            : null,
        notices: await Promise.all(
          notices.map(async (n) => {
            const draft = n.outcome ? null : await noticeDraft(db, cycle.id, n.key);
            const open = !n.outcome;
            return {
              key: n.key,
              kind: translate(locale, `admin.documents.kind.${n.kind}`),
              title: noticeTitle(cycle, n),
              readyAt: n.readyAt
                ? formatLocal(new Date(n.readyAt))
                : translate(locale, 'admin.notices.onFinalise'),
              dueAt: n.dueAt ? formatLocal(new Date(n.dueAt)) : '—',
              status: statusOf(locale, n, now),
              document: n.outcome?.issued ? `/admin/documents/${n.outcome.documentId}` : null,
              preview: open ? `${base}/${encodeURIComponent(n.key)}/preview` : null,
              edit: open ? `${base}/${encodeURIComponent(n.key)}` : null,
              issue:
                open && n.readyAt !== null && Date.parse(n.readyAt) <= now
                  ? `${base}/${encodeURIComponent(n.key)}/issue`
                  : null,
              text: draft ?? {},
            };
          }),
        ),
      });
    }),
  );

  router.get(
    '/admin/cycles/:id/notices/:key/preview',
    withCycle(async (req, res, cycle) => {
      sendArchivedHtml(res, await noticePreview(db, cycle, String(req.params.key)));
    }),
  );

  router.post(
    '/admin/cycles/:id/notices/:key',
    withCycle(async (req, res, cycle) => {
      const { locale, admin } = consoleContext(res);
      const back = `/admin/cycles/${cycle.id}/notices`;
      const { _csrf: _ignored, ...fields } = req.body as Record<string, unknown>;
      const text = noticeTextSchema.strict().safeParse(fields);
      if (!text.success)
        return consoleMessage(
          req,
          res,
          422,
          'problem',
          translate(locale, 'admin.notices.badText', { problems: fieldProblems(text.error.issues) }),
          back,
        );
      await saveOpenNoticeText(deps, cycle, String(req.params.key), text.data, admin.email);
      res.redirect(303, `${back}?done=saved`);
    }),
  );

  router.post(
    '/admin/cycles/:id/notices/:key/issue',
    withCycle(async (req, res, cycle) => {
      const { admin } = consoleContext(res);
      await runUpdate(client, cycleNoticesWorkflowId(cycle.id), issueNoticeNowUpdate, {
        key: String(req.params.key),
        by: admin.email,
      });
      res.redirect(303, `/admin/cycles/${cycle.id}/notices?done=issued`);
    }),
  );

  return router;
}
