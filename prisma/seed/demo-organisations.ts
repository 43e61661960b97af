/**
 * Demo data, flagged `isDemo`: the Pingdingshan organisation tree the plan addresses (县(市)区总工会, 产业工会,
 * 直属基层工会) with a city committee. Mail addresses use the reserved `.example` domain, so nothing is deliverable.
 */
import type { OrganisationKind } from '../generated/client';

export interface DemoOrganisation {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: OrganisationKind;
  parentCode: string | null;
  contact: { name: string; email: string };
}

export const DEMO_MAIL_DOMAIN = 'pds.example';
const mail = (local: string) => `${local}@${DEMO_MAIL_DOMAIN}`;

export const DEMO_ROOT_CODE = 'pds';

export const demoOrganisations: DemoOrganisation[] = [
  {
    code: DEMO_ROOT_CODE,
    nameZh: '平顶山市总工会',
    nameEn: 'Pingdingshan City Federation of Trade Unions',
    kind: 'FEDERATION',
    parentCode: null,
    contact: { name: '劳动竞赛委员会办公室', email: mail('office') },
  },
  ...(
    [
      ['xinhua', '新华区总工会', 'Xinhua District'],
      ['weidong', '卫东区总工会', 'Weidong District'],
      ['zhanhe', '湛河区总工会', 'Zhanhe District'],
      ['shilong', '石龙区总工会', 'Shilong District'],
      ['wugang', '舞钢市总工会', 'Wugang City'],
      ['ruzhou', '汝州市总工会', 'Ruzhou City'],
      ['baofeng', '宝丰县总工会', 'Baofeng County'],
      ['yexian', '叶县总工会', 'Ye County'],
      ['lushan', '鲁山县总工会', 'Lushan County'],
      ['jiaxian', '郏县总工会', 'Jia County'],
    ] as const
  ).map(([code, nameZh, nameEn]) => ({
    code: `pds.${code}`,
    nameZh,
    nameEn: `${nameEn} Federation of Trade Unions`,
    kind: 'COUNTY_DISTRICT' as const,
    parentCode: DEMO_ROOT_CODE,
    contact: { name: `${nameZh}联络员`, email: mail(code) },
  })),
  ...(
    [
      ['coal', '市煤炭产业工会', 'Coal industry union'],
      ['construction', '市建设产业工会', 'Construction industry union'],
      ['education', '市教育工会', 'Education union'],
      ['finance', '市财贸产业工会', 'Finance and trade union'],
    ] as const
  ).map(([code, nameZh, nameEn]) => ({
    code: `pds.ind.${code}`,
    nameZh,
    nameEn,
    kind: 'INDUSTRY_UNION' as const,
    parentCode: DEMO_ROOT_CODE,
    contact: { name: `${nameZh}联络员`, email: mail(`ind-${code}`) },
  })),
  {
    code: 'pds.direct.pingmei',
    nameZh: '中国平煤神马集团工会',
    nameEn: 'China Pingmei Shenma Group union',
    kind: 'GRASSROOTS_UNION',
    parentCode: DEMO_ROOT_CODE,
    contact: { name: '平煤神马工会联络员', email: mail('pingmei') },
  },
  {
    code: 'pds.direct.power',
    nameZh: '平顶山供电公司工会',
    nameEn: 'Pingdingshan Power Supply Company union',
    kind: 'GRASSROOTS_UNION',
    parentCode: DEMO_ROOT_CODE,
    contact: { name: '供电公司工会联络员', email: mail('power') },
  },
  {
    code: 'pds.xinhua.steel',
    nameZh: '新华区某钢铁企业工会',
    nameEn: 'A steel works union in Xinhua',
    kind: 'ENTERPRISE',
    parentCode: 'pds.xinhua',
    contact: { name: '钢铁企业工会联络员', email: mail('xinhua-steel') },
  },
  {
    code: 'pds.xinhua.steel.team1',
    nameZh: '炼钢一班',
    nameEn: 'Steelmaking team 1',
    kind: 'WORK_TEAM',
    parentCode: 'pds.xinhua.steel',
    contact: { name: '炼钢一班班长', email: mail('xinhua-steel-team1') },
  },
];

export interface DemoCommitteeMember {
  name: string;
  email: string;
  role: 'CHAIR' | 'VICE_CHAIR' | 'MEMBER';
  /** The unit the member belongs to, when not the committee's own (conflicts of interest depend on it). */
  organisationCode?: string;
}

export const demoCommittee: {
  organisationCode: string;
  nameZh: string;
  nameEn: string;
  members: DemoCommitteeMember[];
} = {
  organisationCode: DEMO_ROOT_CODE,
  nameZh: '平顶山市劳动竞赛委员会',
  nameEn: 'Pingdingshan Labor Competition Committee',
  members: [
    { name: '竞赛委员会主任', email: mail('committee-chair'), role: 'CHAIR' },
    { name: '竞赛委员会副主任', email: mail('committee-vice'), role: 'VICE_CHAIR' },
    { name: '委员（经济技术部）', email: mail('committee-m1'), role: 'MEMBER' },
    { name: '委员（生产保护部）', email: mail('committee-m2'), role: 'MEMBER' },
    { name: '委员（新华区）', email: mail('committee-m3'), role: 'MEMBER', organisationCode: 'pds.xinhua' },
  ],
};

/** The city federation and its office as issuers (发文机关): the cycle's notices are the federation's. */
export const demoIssuers = [
  {
    numberPrefix: '平工文',
    name: '平顶山市总工会',
    shortName: '市总工会',
    copyTo: ['河南省总工会', '中共平顶山市委办公室', '平顶山市人民政府办公室'],
    printedBy: '平顶山市总工会办公室',
  },
  {
    numberPrefix: '平工办',
    name: '平顶山市总工会办公室',
    shortName: '市总工会办公室',
    copyTo: [],
    printedBy: '平顶山市总工会办公室',
  },
];
