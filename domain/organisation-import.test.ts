import { parseCsv } from './csv';
import { checkImport, type ExistingOrganisations } from './organisation-import';

const existing: ExistingOrganisations = {
  status: (code) => ({ root: 'active', old: 'retired' })[code] as 'active' | 'retired' | undefined,
};
const check = (csv: string) => checkImport(parseCsv(csv), existing);

describe('checkImport', () => {
  it('accepts units whose parents come later in the file and returns them parents first', () => {
    const { units, issues } = check(
      'code,name,kind,parent,contact_name,contact_email\n' +
        'c1.e1,企业一,企业,c1,张三,Zhang@Example.com\n' +
        'c1,一区,COUNTY_DISTRICT,root,,\n',
    );
    expect(issues).toEqual([]);
    expect(units.map((u) => u.code)).toEqual(['c1', 'c1.e1']);
    expect(units[1]).toMatchObject({
      kind: 'ENTERPRISE',
      parentCode: 'c1',
      contact: { name: '张三', email: 'zhang@example.com', phone: null },
    });
  });

  it('takes Chinese column names', () => {
    const { units, issues } = check('编码,名称,类型,上级编码\nx,某单位,基层工会,root\n');
    expect(issues).toEqual([]);
    expect(units[0]).toMatchObject({ code: 'x', kind: 'GRASSROOTS_UNION' });
  });

  it('refuses cells that could not be stored (NUL, control, direction-override characters)', () => {
    const { units, issues } = check(
      'code,name,kind,parent,contact_name\nx,某\u0000单位,基层工会,root,张\u202e三\n',
    );
    expect(units).toEqual([]);
    expect(issues).toEqual([
      { line: 2, column: 'name', problem: 'unreadable' },
      { line: 2, column: 'contactName', problem: 'unreadable' },
    ]);
  });

  it('names every missing column and reads no rows', () => {
    expect(check('code,name\nx,y\n').issues).toEqual([
      { line: 1, column: 'kind', problem: 'missingColumn' },
      { line: 1, column: 'parent', problem: 'missingColumn' },
    ]);
  });

  it('reports each bad row on its own line and returns no units at all', () => {
    const { units, issues } = check(
      'code,name,kind,parent,contact_name,contact_email\n' +
        'a,甲,企业,root,,\n' + // line 2 fine
        'a,甲二,企业,root,,\n' + // 3 duplicate of line 2
        'root,重复,企业,root,,\n' + // 4 exists
        'b,乙,火星,root,,\n' + // 5 bad kind
        'c,丙,企业,nowhere,,\n' + // 6 unknown parent
        'd,丁,企业,root,李四,not-an-email\n' + // 7 bad email
        'e,,企业,root,,\n' + // 8 missing name
        'f,戊,企业,old,,\n' + // 9 retired parent
        'g,己,企业,b,,\n' + // 10 parent rejected on line 5
        'h,庚,企业,i,,\n' + // 11 loop
        'i,辛,企业,h,,\n', // 12 loop
    );
    expect(units).toEqual([]);
    expect(issues.map((i) => [i.line, i.column, i.problem])).toEqual([
      [3, 'code', 'duplicateCode'],
      [4, 'code', 'codeExists'],
      [5, 'kind', 'badKind'],
      [6, 'parent', 'unknownParent'],
      [7, 'contactEmail', 'badEmail'],
      [8, 'name', 'missing'],
      [9, 'parent', 'retiredParent'],
      [10, 'parent', 'parentRejected'],
      [11, 'parent', 'parentRejected'],
      [12, 'parent', 'parentLoop'],
    ]);
  });

  it("reports an unknown parent in the same pass as the row's other problems", () => {
    const { issues } = check(
      'code,name,kind,parent,contact_name,contact_email\n' + 'x,某厂,企业,nowhere,李四,not-an-email\n',
    );
    expect(issues.map((i) => [i.line, i.column, i.problem])).toEqual([
      [2, 'contactEmail', 'badEmail'],
      [2, 'parent', 'unknownParent'],
    ]);
  });

  it('refuses an empty file and a file with only a header', () => {
    expect(check('').issues).toEqual([{ line: 0, problem: 'empty' }]);
    expect(check('code,name,kind,parent\n').issues).toEqual([{ line: 0, problem: 'empty' }]);
  });
});
