/** An honour of the register as the console's register and a unit's nomination page show it. */
import { translate, type Locale } from '../../templates/render';

export interface HonourFacts {
  holderName: string;
  category: string;
  level: string;
  decisionNumber: string;
  awardedOn: Date;
  expiresOn: Date | null;
  revokedAt: Date | null;
}

/** Revoked (摘牌) before expired: a revoked honour is not held whatever its term. */
export function honourStatus(h: Pick<HonourFacts, 'expiresOn' | 'revokedAt'>, today: Date) {
  return h.revokedAt ? 'REVOKED' : h.expiresOn && h.expiresOn < today ? 'EXPIRED' : 'HELD';
}

export function honourView(locale: Locale, h: HonourFacts, today: Date) {
  return {
    holder: h.holderName,
    category: translate(locale, `awards.category.${h.category}`),
    level: translate(locale, `awards.level.${h.level}`),
    number: h.decisionNumber,
    awardedOn: h.awardedOn.toISOString().slice(0, 10),
    expiresOn: h.expiresOn?.toISOString().slice(0, 10) ?? '—',
    status: translate(locale, `admin.honours.status.${honourStatus(h, today)}`),
  };
}
