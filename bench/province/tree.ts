/**
 * A province's tree as one import CSV: the provincial federation (created by the bench), ~20 city federations,
 * ~10 counties and industry unions under each city, grassroots unions under those and enterprises under some
 * grassroots unions — five levels, `units` units below the province, each with a contact.
 */
export interface TreeRow {
  code: string;
  name: string;
  kind: 'FEDERATION' | 'COUNTY_DISTRICT' | 'INDUSTRY_UNION' | 'GRASSROOTS_UNION' | 'ENTERPRISE';
  parent: string;
  contactName: string;
  contactEmail: string;
}

export const PROVINCE = 'prov';

export function provinceTree(units: number): TreeRow[] {
  const rows: TreeRow[] = [];
  const add = (code: string, name: string, kind: TreeRow['kind'], parent: string) =>
    rows.push({
      code,
      name,
      kind,
      parent,
      contactName: `${name}联络员`,
      contactEmail: `${code}@prov.example`,
    });
  const cities = Math.max(1, Math.min(20, Math.floor(units / 500)));
  const middle: string[] = [];
  for (let c = 0; c < cities; c++) {
    const city = `${PROVINCE}.c${c}`;
    add(city, `第${c + 1}市总工会`, 'FEDERATION', PROVINCE);
    for (let k = 0; k < 10; k++) {
      const code = `${city}.${k < 7 ? 'x' : 'y'}${k}`;
      add(
        code,
        k < 7 ? `第${c + 1}市第${k + 1}县区` : `第${c + 1}市第${k - 6}产业工会`,
        k < 7 ? 'COUNTY_DISTRICT' : 'INDUSTRY_UNION',
        city,
      );
      middle.push(code);
    }
  }
  const rest = units - rows.length;
  const grassroots = Math.ceil(rest * 0.6);
  for (let g = 0; g < grassroots; g++)
    add(`${middle[g % middle.length]}.g${g}`, `基层工会${g}`, 'GRASSROOTS_UNION', middle[g % middle.length]!);
  const unions = rows.slice(rows.length - grassroots);
  for (let e = 0; e < rest - grassroots; e++) {
    const parent = unions[e % unions.length]!.code;
    add(`${parent}.e${e}`, `企业${e}`, 'ENTERPRISE', parent);
  }
  return rows;
}

export function treeCsv(rows: TreeRow[]): string {
  const lines = ['code,name,kind,parent,contact_name,contact_email'];
  for (const r of rows)
    lines.push([r.code, r.name, r.kind, r.parent, r.contactName, r.contactEmail].join(','));
  return `${lines.join('\n')}\n`;
}
