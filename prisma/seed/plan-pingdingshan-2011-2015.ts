/**
 * The built-in plan: 平顶山市总工会 2011-2015年劳动竞赛规划 (../shared/seed/000_9e05a4fc34a0987e.txt), section 三.
 * Targets are entered exactly as the plan states them: every year where it says "each year", the final year where it
 * says "over 5 years" or "by the end of 2015"; domain/targets.ts derives the years in between.
 */
import type { PlanDefinitionInput } from '../../domain/plan';

const YEARS = [2011, 2012, 2013, 2014, 2015];
const everyYear = (value: number) => YEARS.map((year) => ({ year, value }));
const by2015 = (value: number) => [{ year: 2015, value }];

export const BUILT_IN_PLAN_CODE = 'pds-2011-2015';

export const builtInPlan: PlanDefinitionInput = {
  code: BUILT_IN_PLAN_CODE,
  nameZh: '平顶山市总工会2011-2015年劳动竞赛规划',
  nameEn: 'Pingdingshan City Federation of Trade Unions labor-competition plan 2011–2015',
  periodStart: 2011,
  periodEnd: 2015,
  indicatorWeight: 70,
  committeeWeight: 30,
  gradeThresholds: [
    { grade: 'EXCELLENT', min: 90 },
    { grade: 'GOOD', min: 80 },
    { grade: 'PASS', min: 60 },
  ],
  sourceDocument: '平顶山市总工会2011-2015年劳动竞赛规划（2011年10月10日）',
  indicators: [
    { code: 'skill.trades', nameZh: '市级技能比赛工种', nameEn: 'City-level skill-competition trades', unitZh: '个', unitEn: 'trades', kind: 'ANNUAL_COUNT', targets: everyYear(80) },
    { code: 'skill.enterprise_coverage', nameZh: '开展技术培训、岗位练兵、技能比赛的企业比例', nameEn: 'Enterprises running training, drills or skill contests', unitZh: '%', unitEn: '%', kind: 'LEVEL', aggregation: 'SHARE', targets: everyYear(70) },
    { code: 'skill.participants', nameZh: '参赛职工', nameEn: 'Workers taking part in skill competitions', unitZh: '人', unitEn: 'workers', kind: 'ANNUAL_COUNT', targets: everyYear(500000) },
    { code: 'skill.grade_upgrades', nameZh: '提升技术等级职工', nameEn: 'Workers raising their technical grade', unitZh: '人', unitEn: 'workers', kind: 'CUMULATIVE', targets: by2015(100000) },
    { code: 'talent.chief_employees', nameZh: '选树首席员工、首席技师、首席工程师', nameEn: 'Chief employees, technicians and engineers selected', unitZh: '人', unitEn: 'people', kind: 'CUMULATIVE', targets: by2015(5000) },
    { code: 'talent.mentor_pairs', nameZh: '技能人才（劳模）师徒结对', nameEn: 'Mentor–apprentice pairs of skilled workers and model workers', unitZh: '对', unitEn: 'pairs', kind: 'CUMULATIVE', targets: by2015(5000) },
    { code: 'talent.innovation_backbones', nameZh: '培养技术创新骨干', nameEn: 'Technical-innovation backbone workers trained', unitZh: '人', unitEn: 'workers', kind: 'CUMULATIVE', targets: by2015(20000) },
    { code: 'projects.demonstration', nameZh: '市级重大工程示范性劳动竞赛项目', nameEn: 'City-level demonstration competitions on major projects', unitZh: '个', unitEn: 'projects', kind: 'ANNUAL_COUNT', targets: everyYear(10), noteZh: '规划原文为"每年保持在10个左右"' },
    { code: 'energy.supervisors', nameZh: '职工节能减排义务监督员', nameEn: 'Volunteer energy-saving supervisors', unitZh: '名', unitEn: 'supervisors', kind: 'LEVEL', targets: by2015(2000) },
    { code: 'safety.ankang_coverage', nameZh: '"安康杯"竞赛规模以上企业覆盖面', nameEn: 'Above-scale enterprises in the Ankang Cup', unitZh: '%', unitEn: '%', kind: 'LEVEL', aggregation: 'SHARE', targets: by2015(80) },
    { code: 'safety.fatal_serious_accidents', nameZh: '职工死亡、重伤和职业危害事故', nameEn: 'Deaths, serious injuries and occupational-hazard accidents', unitZh: '起', unitEn: 'accidents', kind: 'LOWER_IS_BETTER', annualRatePct: 10, noteZh: '规划原文为"明显下降"，此处按每年比上年下降10%设定，管理员可调整' },
    { code: 'innovation.tech_improvements', nameZh: '职工技术革新项目', nameEn: 'Technical improvement projects', unitZh: '项', unitEn: 'projects', kind: 'CUMULATIVE', targets: by2015(10000) },
    { code: 'innovation.inventions', nameZh: '发明创造', nameEn: 'Inventions', unitZh: '项', unitEn: 'inventions', kind: 'CUMULATIVE', targets: by2015(5000) },
    { code: 'innovation.operation_methods', nameZh: '总结推广先进操作法', nameEn: 'Advanced operation methods promoted', unitZh: '项', unitEn: 'methods', kind: 'CUMULATIVE', targets: by2015(100) },
    { code: 'proposals.count', nameZh: '职工合理化建议', nameEn: 'Rationalisation proposals', unitZh: '件', unitEn: 'proposals', kind: 'GROWTH', annualRatePct: 5, targets: by2015(30000), noteZh: '每年递增5%，到2015年末达到3万件以上' },
    { code: 'proposals.implementation_rate', nameZh: '合理化建议实施率', nameEn: 'Share of proposals implemented', unitZh: '%', unitEn: '%', kind: 'RATIO', aggregation: 'SHARE', denominatorCode: 'proposals.count', targets: everyYear(30) },
    { code: 'proposals.tech_share', nameZh: '涉及技术进步的建议比例', nameEn: 'Share of proposals about technical progress', unitZh: '%', unitEn: '%', kind: 'RATIO', aggregation: 'SHARE', denominatorCode: 'proposals.count', targets: everyYear(80) },
    { code: 'proposals.energy_share', nameZh: '涉及节能减排的建议比例', nameEn: 'Share of proposals about energy saving', unitZh: '%', unitEn: '%', kind: 'RATIO', aggregation: 'SHARE', denominatorCode: 'proposals.count', targets: everyYear(50) },
  ],
  // Section 四 of the plan names what the committee judges beyond the figures.
  criteria: [
    { code: 'leadership', nameZh: '组织领导与竞赛委员会作用', nameEn: 'Leadership and the competition committee' },
    { code: 'planning', nameZh: '竞赛规划方案与目标落实', nameEn: 'Competition plan and follow-through on targets' },
    { code: 'coverage', nameZh: '竞赛覆盖面（含非公有制企业、班组竞赛）', nameEn: 'Coverage, incl. non-public enterprises and team competitions' },
    { code: 'cadres', nameZh: '工会经济技术干部队伍建设', nameEn: 'Building the union economic-technical cadre' },
    { code: 'publicity', nameZh: '宣传与先进典型选树', nameEn: 'Publicity and recognising models' },
  ],
};
