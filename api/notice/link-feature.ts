/**
 * A notice's email link in the link flow: the page shows the notice's title and number with a link to read it,
 * and one button that acknowledges receipt through the notice workflow's update.
 */
import type { Client } from '@temporalio/client';
import type { Db } from '../../stores/db';
import { noticeForPerson } from '../../stores/notice/queries';
import { formatDue } from '../../templates/labels';
import { noticeWorkflowId } from '../../activities/notice/issue';
import { formatLocal } from '../../domain/time-zone';
import { translate } from '../../templates/render';
import { acknowledgeUpdate, NOTICE_SUBJECT } from '../../workflows/notice/contract';
import type { Link } from '../links/access';
import type { LinkFeature } from '../links/flow';
import { sendPage } from '../pages';
import { isUuid } from '../validate';
import { runUpdate } from '../workflow-calls';

async function loadNotice(db: Db, link: Link) {
  return isUuid(link.subjectId) ? noticeForPerson(db, link.subjectId, link.personId) : null;
}

type Notice = NonNullable<Awaited<ReturnType<typeof loadNotice>>>;

export function noticeLinkFeature(db: Db, client: Client): LinkFeature<Notice> {
  return {
    kind: NOTICE_SUBJECT,
    load: (link) => loadNotice(db, link),
    async movedOn(_link, notice, locale) {
      if (notice.receipt)
        return translate(locale, 'page.notice.already', { at: formatLocal(notice.receipt.acknowledgedAt) });
      if (notice.dueAt && Date.parse(notice.dueAt) <= Date.now())
        return translate(locale, 'page.notice.closed', { at: formatDue(locale, notice.dueAt) });
      return null;
    },
    async show(ctx, notice, status, form = {}) {
      const { locale, link } = ctx;
      sendPage(ctx.res, status, 'notice-ack', {
        locale,
        title: translate(locale, 'page.title.notice', { title: notice.title }),
        personName: link.person.name,
        due: formatDue(locale, notice.dueAt ?? undefined),
        number: notice.number,
        readHref: `/notices/${notice.id}`,
        csrf: ctx.csrf(),
        formError: form.formError,
      });
    },
    async parse(ctx, notice) {
      return {
        async run() {
          await runUpdate(client, noticeWorkflowId(notice.id), acknowledgeUpdate, {
            personId: ctx.link.personId,
          });
          const what = translate(ctx.locale, 'page.notice.done', { title: notice.title });
          return { usedFor: { what }, message: what };
        },
      };
    },
  };
}
