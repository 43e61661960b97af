/**
 * What changed between two versions of a unit's submission for one step, field by field: a committee member
 * deciding on a resubmission sees what the unit revised since the version that was returned, not two copies to
 * compare by eye.
 */
import type { Figure, StepKind } from './submissions';

export type ChangedValue = string | number | null;

export interface SubmissionChange {
  /** A text field ("title", "summary", "measures", "note", "selfAssessment"), or a figure's part of an indicator. */
  field: string;
  /** Set for indicator figures and targets. */
  indicator?: string;
  before: ChangedValue;
  after: ChangedValue;
}

const TEXT_FIELDS: Record<StepKind, string[]> = {
  plan: ['title', 'summary', 'measures'],
  targets: ['note'],
  check: ['note'],
  evaluation: ['selfAssessment'],
};

const FIGURE_PARTS = ['value', 'previous', 'numerator', 'denominator'] as const;

type Payload = Record<string, unknown>;

function textOf(v: unknown): ChangedValue {
  if (Array.isArray(v)) return v.map(String).join('\n');
  if (typeof v === 'string') return v === '' ? null : v;
  return null;
}

function numberOf(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function recordOf(p: Payload, key: string): Record<string, unknown> {
  const v = p[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function submissionChanges(
  kind: StepKind,
  before: unknown,
  after: unknown,
  indicatorOrder: readonly string[] = [],
): SubmissionChange[] {
  const b = (before ?? {}) as Payload;
  const a = (after ?? {}) as Payload;
  const changes: SubmissionChange[] = [];
  for (const field of TEXT_FIELDS[kind]) {
    const x = textOf(b[field]);
    const y = textOf(a[field]);
    if (x !== y) changes.push({ field, before: x, after: y });
  }
  const key = kind === 'targets' ? 'targets' : kind === 'plan' ? null : 'figures';
  if (!key) return changes;
  const bv = recordOf(b, key);
  const av = recordOf(a, key);
  const codes = [...new Set([...indicatorOrder, ...Object.keys(bv), ...Object.keys(av)])].filter(
    (c) => c in bv || c in av,
  );
  for (const code of codes) {
    if (key === 'targets') {
      const x = numberOf(bv[code]);
      const y = numberOf(av[code]);
      if (x !== y) changes.push({ field: 'target', indicator: code, before: x, after: y });
      continue;
    }
    const fx = (bv[code] ?? {}) as Partial<Figure>;
    const fy = (av[code] ?? {}) as Partial<Figure>;
    for (const part of FIGURE_PARTS) {
      const x = numberOf(fx[part]);
      const y = numberOf(fy[part]);
      if (x !== y) changes.push({ field: part, indicator: code, before: x, after: y });
    }
  }
  return changes;
}
