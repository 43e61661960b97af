/** Labels that pages and mails share: due dates in Beijing time, step names (with the cycle's own check labels). */
import { formatLocal } from '../domain/time-zone';
import { translate, type Locale } from './render';

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
