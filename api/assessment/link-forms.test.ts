import { csrfField, csrfValid, readCookie } from '../csrf';
import { fieldOf, payloadFromForm, scoresFromForm, voteForm } from './link-forms';

const words = { meaning: '', targetMeaning: '', previousLabel: null, prefillNotApplicable: false };
const indicators = [
  { code: 'a.count', name: '竞赛项目', unit: '个', measure: 'COUNT' as const, prefill: 40, ...words },
  { code: 'b.share', name: '覆盖率', unit: '%', measure: 'SHARE' as const, prefill: 50, ...words },
];

it('turns a targets form into the API payload', () => {
  const { payload, errors } = payloadFromForm(
    'targets',
    { 'target_a.count': '1,200', 'target_b.share': '55' },
    indicators,
    'zh-CN',
  );
  expect(errors).toEqual({});
  expect(payload).toEqual({ targets: { 'a.count': 1200, 'b.share': 55 } });
});

it('puts every problem next to its field, in the page language', () => {
  const { errors } = payloadFromForm(
    'targets',
    { 'target_a.count': 'abc', 'target_b.share': '-1' },
    indicators,
    'zh-CN',
  );
  expect(errors).toEqual({ 'target_a.count': '请填写数字', 'target_b.share': '不能为负数' });
  const plan = payloadFromForm('plan', { title: ' ', summary: 'ok', campaigns: 'NOPE' }, [], 'en');
  expect(plan.errors.title).toBe('Required');
  expect(plan.errors.campaigns).toMatch(/expected one of/);
  const check = payloadFromForm('check', { 'previous_a.count': '3' }, indicators, 'en');
  expect(check.errors['value_a.count']).toMatch(/this period's value/);
});

it('maps domain paths to form fields', () => {
  expect(fieldOf('targets.a.count')).toBe('target_a.count');
  expect(fieldOf('figures.a.count.value')).toBe('value_a.count');
  expect(fieldOf('figures.x.previous')).toBe('previous_x');
  expect(fieldOf('figures.x.value')).toBe('value_x');
  expect(fieldOf('measures.3')).toBe('measures');
});

it('requires a comment to return and accepts only the offered outcomes', () => {
  const form = voteForm(['APPROVE', 'RETURN']);
  expect(form.safeParse({ _csrf: 'x', outcome: 'APPROVE' }).success).toBe(true);
  expect(form.safeParse({ _csrf: 'x', outcome: 'RETURN', comment: '' }).success).toBe(false);
  expect(form.safeParse({ _csrf: 'x', outcome: 'REJECT', comment: 'no' }).success).toBe(false);
});

it('checks scores per criterion', () => {
  const { scores, errors } = scoresFromForm({ score_x: '90', score_y: '101' }, ['x', 'y'], 'en');
  expect(scores).toEqual({ x: 90, y: 101 });
  expect(errors).toEqual({ score_y: 'Scores run from 0 to 100' });
});

it('binds the CSRF field to the browser cookie and the link', () => {
  const field = csrfField('secret', 'cookie-1', 'hash-1');
  expect(csrfValid('secret', 'cookie-1', field, 'hash-1')).toBe(true);
  expect(csrfValid('secret', 'cookie-2', field, 'hash-1')).toBe(false);
  expect(csrfValid('secret', 'cookie-1', field, 'hash-2')).toBe(false);
  expect(csrfValid('secret', undefined, field, 'hash-1')).toBe(false);
  expect(csrfValid('secret', 'cookie-1', undefined, 'hash-1')).toBe(false);
  expect(readCookie('a=1; jingsai_csrf=abc; b=2', 'jingsai_csrf')).toBe('abc');
});
