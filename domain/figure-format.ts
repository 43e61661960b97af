/** Numbers as every page, mail and bulletin shows them: counts whole, shares with one decimal, amounts with two. */
import type { Measure } from './input-rules';

export function formatFigure(v: unknown, measure: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  if (measure === 'COUNT') return String(Math.round(v));
  if (measure === 'SHARE') return v.toFixed(1);
  return String(Math.round(v * 100) / 100);
}

/** A fraction (0.496) as a percentage with one decimal ("49.6%"). */
export function formatPercent(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—';
}

/** A pace figure as shown: a count is on pace only at a whole number at or above it, so that is the figure. */
export function paceShown(expected: unknown, measure: Measure): number | null {
  if (typeof expected !== 'number') return null;
  return measure === 'COUNT' ? Math.ceil(expected - 1e-9) : expected;
}
