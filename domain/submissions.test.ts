import { payloadIssues, scoreIssues, stepKind } from './submissions';

const codes = ['a.count', 'b.share'];

describe('submission payloads', () => {
  it('knows the steps', () => {
    expect(['plan', 'targets', 'check-3', 'evaluation', 'check-x', 'other'].map(stepKind)).toEqual([
      'plan',
      'targets',
      'check',
      'evaluation',
      null,
      null,
    ]);
    expect(payloadIssues('other', {}, codes)).toEqual([{ path: 'step', message: 'unknown step "other"' }]);
  });

  it('accepts well-formed payloads of every step', () => {
    expect(
      payloadIssues(
        'plan',
        { title: '方案', summary: '内容', measures: ['措施'], campaigns: ['ANKANG_CUP'] },
        codes,
      ),
    ).toBeNull();
    expect(payloadIssues('targets', { targets: { 'a.count': 10, 'b.share': 50 } }, codes)).toBeNull();
    expect(payloadIssues('check-1', { figures: { 'a.count': { value: 3 } }, note: '' }, codes)).toBeNull();
    expect(
      payloadIssues(
        'evaluation',
        {
          figures: { 'b.share': { value: 40, numerator: 4, denominator: 10, previous: 35 } },
          selfAssessment: '良好',
        },
        codes,
      ),
    ).toBeNull();
  });

  it('names every bad field', () => {
    expect(
      payloadIssues(
        'plan',
        { title: ' ', summary: 'x'.repeat(5001), measures: 'one', campaigns: ['FUN'], extra: 1 },
        codes,
      ),
    ).toEqual([
      { path: 'extra', message: 'unknown field "extra"' },
      { path: 'title', message: 'must not be empty' },
      { path: 'summary', message: 'at most 5000 characters', code: 'text.tooLong', params: { max: 5000 } },
      { path: 'measures', message: 'expected a list' },
      { path: 'campaigns.0', message: expect.stringMatching(/^expected one of SKILL_COMPETITION/) },
    ]);
    expect(payloadIssues('targets', { targets: { 'a.count': -1, 'c.nope': 1 } }, codes)).toEqual([
      { path: 'targets.a.count', message: 'must not be negative', code: 'figure.negative' },
      { path: 'targets.c.nope', message: 'unknown indicator "c.nope"' },
      { path: 'targets.b.share', message: 'a target is required for every indicator' },
    ]);
    expect(
      payloadIssues(
        'check-2',
        { figures: { 'b.share': { value: 'many', numerator: 5, denominator: 2 } } },
        codes,
      ),
    ).toEqual([
      { path: 'figures.b.share.value', message: 'expected a number', code: 'figure.notANumber' },
      { path: 'figures.b.share.numerator', message: 'numerator must not exceed denominator' },
    ]);
    expect(payloadIssues('evaluation', { figures: {} }, codes)).toEqual([
      { path: 'selfAssessment', message: 'expected text' },
    ]);
    expect(payloadIssues('plan', ['not', 'an', 'object'], codes)).toEqual([
      { path: '(payload)', message: 'expected an object' },
    ]);
  });

  it('checks committee scores against the plan criteria', () => {
    expect(scoreIssues({ x: 80, y: 100 }, ['x', 'y'])).toBeNull();
    expect(scoreIssues({ x: 101, z: 5 }, ['x', 'y'])).toEqual([
      { path: 'x', message: 'scores run from 0 to 100', code: 'score.range' },
      { path: 'z', message: 'unknown criterion "z"' },
      { path: 'y', message: 'a score is required for every criterion' },
    ]);
  });
});

describe('indicators marked not applicable with the targets', () => {
  const specs = [{ code: 'a' }, { code: 'b' }];
  it('takes no target for them and requires one for every other indicator', () => {
    expect(payloadIssues('targets', { targets: { a: 5 }, notApplicable: ['b'] }, specs)).toBeNull();
    expect(payloadIssues('targets', { targets: { a: 5, b: 1 }, notApplicable: ['b'] }, specs)).toEqual([
      { path: 'targets.b', message: 'an indicator marked not applicable takes no target' },
    ]);
    expect(payloadIssues('targets', { targets: {}, notApplicable: ['b'] }, specs)).toEqual([
      { path: 'targets.a', message: 'a target is required for every indicator' },
    ]);
    expect(payloadIssues('targets', { targets: {}, notApplicable: ['a', 'b'] }, specs)).toEqual([
      { path: 'notApplicable', message: 'at least one indicator must apply' },
    ]);
    expect(payloadIssues('targets', { targets: { a: 1, b: 1 }, notApplicable: ['zz'] }, specs)).toEqual([
      { path: 'notApplicable.0', message: 'unknown indicator "zz"' },
    ]);
  });
});
