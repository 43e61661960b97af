import en from './i18n/en.json';
import zhCN from './i18n/zh-CN.json';
import { MissingMessageError, render, translate } from './render';

it('has the same keys in every catalogue', () => {
  expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
});

it('fills placeholders, escaping the values only in HTML', () => {
  const view = {
    locale: 'zh-CN' as const,
    step: '年度<b>方案</b>',
    result: '已退回修改',
    comments: [{ by: 'A & B', outcome: '退回修改', comment: '<script>alert(1)</script>' }],
    returned: true,
  };
  const html = render('emails/decision-result.html.hbs', view);
  expect(html).toContain('年度&lt;b&gt;方案&lt;/b&gt;');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('A &amp; B');
  expect(html).not.toContain('<script>');
  const text = render('emails/decision-result.text.hbs', view);
  expect(text).toContain('年度<b>方案</b>');
  expect(text).toContain('- A & B（退回修改）：<script>alert(1)</script>');
});

it('says which message is missing from which catalogue', () => {
  expect(() => translate('en', 'no.such.key')).toThrow(MissingMessageError);
  expect(() => translate('en', 'no.such.key')).toThrow('no message "no.such.key" in templates/i18n/en.json');
});
