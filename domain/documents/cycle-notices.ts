/**
 * The notices a cycle issues by itself, and when: the start notice (关于开展N年度劳动竞赛考核工作的通知) once the
 * cycle has started, an urging notice (督办通知) after each submission step's due date for the units still missing,
 * and the results (关于N年度劳动竞赛考核结果的通报) once the cycle is finalised. Each is ready at its moment and
 * issued at its due time unless an admin issues it earlier; the lead between the two is the admin's window to
 * preview and edit it: the calendar's `noticeLead`, else a day, or a tenth of the plan-submission window when that
 * is shorter (a compressed calendar).
 */
import type { ResolvedCalendar } from '../calendar';

export type CycleNoticeKind = 'CYCLE_NOTICE' | 'URGING_NOTICE' | 'RESULTS_NOTICE' | 'PERIOD_SUMMARY';

export interface PlannedNotice {
  key: string;
  kind: CycleNoticeKind;
  /** The submission step an urging notice is about. */
  step?: string;
  /** Epoch ms it can be issued from; null: once the cycle is finalised. */
  readyAt: number | null;
  /** How long after it is ready it is issued by itself. */
  leadMs: number;
}

const DAY_MS = 86_400_000;

export function noticeLeadMs(calendar: ResolvedCalendar, startedAt: number): number {
  if (calendar.noticeLeadMs !== undefined) return calendar.noticeLeadMs;
  return Math.max(1000, Math.min(DAY_MS, Math.floor((calendar.planSubmission.dueAt - startedAt) / 10)));
}

/** The submission steps units can be late for, in the order of their due dates. */
export function submissionSteps(
  calendar: ResolvedCalendar,
): Array<{ step: string; dueAt: number; label: string }> {
  return [
    { step: 'plan', dueAt: calendar.planSubmission.dueAt, label: '劳动竞赛规划方案' },
    { step: 'targets', dueAt: calendar.targetSetting.dueAt, label: '目标任务' },
    ...calendar.checks.map((c, i) => ({
      step: `check-${i + 1}`,
      dueAt: c.dueAt,
      label: `${c.label}工作进展`,
    })),
    { step: 'evaluation', dueAt: calendar.evaluation.dueAt, label: '自评' },
  ];
}

/** `closesPeriod`: the cycle is for the plan's last year, whose close also summarises the period. */
export function cycleNoticePlan(
  calendar: ResolvedCalendar,
  startedAt: number,
  closesPeriod = false,
): PlannedNotice[] {
  const leadMs = noticeLeadMs(calendar, startedAt);
  return [
    { key: 'start', kind: 'CYCLE_NOTICE', readyAt: startedAt, leadMs },
    ...submissionSteps(calendar).map((s): PlannedNotice => ({
      key: `urge:${s.step}`,
      kind: 'URGING_NOTICE',
      step: s.step,
      readyAt: s.dueAt,
      leadMs,
    })),
    { key: 'results', kind: 'RESULTS_NOTICE', readyAt: null, leadMs },
    ...(closesPeriod ? [{ key: 'period', kind: 'PERIOD_SUMMARY' as const, readyAt: null, leadMs }] : []),
  ];
}

/** `detail`: the step an urging notice is about, or the plan a period summary is of. */
export function cycleNoticeTitle(kind: CycleNoticeKind, year: number, detail?: string): string {
  if (kind === 'PERIOD_SUMMARY') return `关于《${detail ?? ''}》实施情况的总结通报`;
  if (kind === 'CYCLE_NOTICE') return `关于开展${year}年度劳动竞赛考核工作的通知`;
  if (kind === 'RESULTS_NOTICE') return `关于${year}年度劳动竞赛考核结果的通报`;
  return `关于督促报送${year}年度${detail ?? ''}的通知`;
}

export interface LateUnit {
  code: string;
  name: string;
  supervisorCode: string | null;
  supervisorName: string | null;
  dueAt: number;
}

/** Late units under each supervising union (their parent), in the order given; units without a parent apart. */
export function lateBySupervisor(units: LateUnit[]) {
  const groups = new Map<string, { code: string | null; name: string | null; units: LateUnit[] }>();
  for (const u of units) {
    const key = u.supervisorCode ?? '';
    const g = groups.get(key) ?? { code: u.supervisorCode, name: u.supervisorName, units: [] };
    g.units.push(u);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** A large tree's allocation annex is split per county/industry union once it has more rows than fit a few pages. */
export const ANNEX_SPLIT_ROWS = 120;
