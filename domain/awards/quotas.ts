/**
 * 名额: how many nominations each nominating unit may make per category, and how many places the programme awards.
 * In 等额 review the allocations add up to the places; in 差额 review to more.
 */
import type { AwardCategory } from './categories';

export interface QuotaAllocation {
  category: AwardCategory;
  unitCode: string;
  quota: number;
}

export interface QuotaState {
  allocated: number;
  used: number;
  left: number;
}

/** A unit's quota for a category and how much of it its active nominations use. */
export function quotaState(
  allocations: QuotaAllocation[],
  active: Array<{ category: AwardCategory; unitCode: string }>,
  unitCode: string,
  category: AwardCategory,
): QuotaState {
  const allocated = allocations
    .filter((a) => a.unitCode === unitCode && a.category === category)
    .reduce((n, a) => n + a.quota, 0);
  const used = active.filter((n) => n.unitCode === unitCode && n.category === category).length;
  return { allocated, used, left: Math.max(0, allocated - used) };
}

/** All nominations the units may make in the given categories: the most a list can grow to. */
export function nominationCapacity(allocations: QuotaAllocation[], categories: AwardCategory[]): number {
  return allocations.filter((a) => categories.includes(a.category)).reduce((n, a) => n + a.quota, 0);
}

export type ReviewMode = 'EQUAL' | 'COMPETITIVE';

/** What is wrong with a programme's places and allocations for its review mode, as catalogue keys. */
export function quotaProblems(
  mode: ReviewMode,
  places: Partial<Record<AwardCategory, number>>,
  allocations: QuotaAllocation[],
): Array<{ key: string; params: Record<string, string | number> }> {
  const problems: Array<{ key: string; params: Record<string, string | number> }> = [];
  for (const [category, n] of Object.entries(places) as Array<[AwardCategory, number]>) {
    const allowed = nominationCapacity(allocations, [category]);
    if (mode === 'EQUAL' && allowed !== n)
      problems.push({ key: 'awards.quota.equalMismatch', params: { category, places: n, allowed } });
    if (mode === 'COMPETITIVE' && allowed <= n)
      problems.push({ key: 'awards.quota.competitiveTooFew', params: { category, places: n, allowed } });
  }
  for (const a of allocations)
    if (places[a.category] === undefined)
      problems.push({ key: 'awards.quota.noPlaces', params: { category: a.category, unit: a.unitCode } });
  return problems;
}
