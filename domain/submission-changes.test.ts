import { submissionChanges } from './submission-changes';

describe('what changed between two versions of a submission', () => {
  it('names each changed plan field, measures as lines', () => {
    const before = { title: '方案', summary: '围绕重点工程', measures: ['技能比武', '安康杯'] };
    const after = {
      title: '方案',
      summary: '围绕重点工程开展竞赛',
      measures: ['技能比武', '安康杯', '安全生产月'],
    };
    expect(submissionChanges('plan', before, after)).toEqual([
      { field: 'summary', before: '围绕重点工程', after: '围绕重点工程开展竞赛' },
      { field: 'measures', before: '技能比武\n安康杯', after: '技能比武\n安康杯\n安全生产月' },
    ]);
  });

  it('lists targets per indicator in the plan order, with added and removed ones', () => {
    const changes = submissionChanges(
      'targets',
      { targets: { a: 60, b: 50 }, note: '' },
      { targets: { b: 55, c: 0 }, note: '按上级分解' },
      ['c', 'b', 'a'],
    );
    expect(changes).toEqual([
      { field: 'note', before: null, after: '按上级分解' },
      { field: 'target', indicator: 'c', before: null, after: 0 },
      { field: 'target', indicator: 'b', before: 50, after: 55 },
      { field: 'target', indicator: 'a', before: 60, after: null },
    ]);
  });

  it('compares every part of a figure and reports nothing for an identical resubmission', () => {
    const v1 = {
      figures: { a: { value: 10, previous: 8 }, s: { value: 50, numerator: 5, denominator: 10 } },
    };
    const v2 = {
      figures: { a: { value: 12, previous: 8 }, s: { value: 50, numerator: 5, denominator: 10 } },
    };
    expect(submissionChanges('check', v1, v2)).toEqual([
      { field: 'value', indicator: 'a', before: 10, after: 12 },
    ]);
    expect(submissionChanges('check', v1, v1)).toEqual([]);
    expect(submissionChanges('evaluation', { selfAssessment: 'x' }, { selfAssessment: 'y' })).toEqual([
      { field: 'selfAssessment', before: 'x', after: 'y' },
    ]);
  });
});
