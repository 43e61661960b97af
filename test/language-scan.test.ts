import { englishLeftIn, punctuationProblemsIn, visibleText } from './support/language-scan';

it('finds English sentences and enum names, not codes, addresses or e-mail addresses', () => {
  expect(englishLeftIn('等级：EXCELLENT')).toHaveLength(1);
  expect(englishLeftIn('状态 WAITING_SUBMISSION')).toHaveLength(1);
  expect(englishLeftIn('错误：must be after the plan due date')).toHaveLength(1);
  expect(englishLeftIn('单位c.a.g 的联络员 c.a@test.example，链接 http://localhost:3000/a/abc PDF')).toEqual(
    [],
  );
});

it('finds ASCII punctuation in Chinese text and doubled full stops', () => {
  expect(punctuationProblemsIn('填写并提交: http://x')).toHaveLength(1);
  expect(punctuationProblemsIn('名称, 截止')).toHaveLength(1);
  expect(punctuationProblemsIn('m1 (同意)')).not.toEqual([]);
  expect(punctuationProblemsIn('已通过。。')).toHaveLength(1);
  expect(punctuationProblemsIn('2026-12-01 17:42（北京时间）：已通过。')).toEqual([]);
});

it('reads what a person sees of a page: text, titles and labels, not styles or scripts', () => {
  const text = visibleText(
    '<style>p{font-family:"Noto Sans"}</style><p title="标题">甲&amp;乙</p><script>var a = "x y z"</script>',
  );
  expect(text).toContain('甲&乙');
  expect(text).toContain('标题');
  expect(text).not.toContain('Noto');
});
