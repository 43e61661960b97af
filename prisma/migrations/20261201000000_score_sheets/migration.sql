-- What each qualitative criterion means, shown to the members who score it.
ALTER TABLE "QualitativeCriterion" ADD COLUMN "descriptionZh" TEXT, ADD COLUMN "descriptionEn" TEXT;

-- Scores are kept per scoring round: a confirmation returned by the chair opens a new round, and the earlier
-- round's sheets stay on record instead of being silently kept in place of the new ones.
ALTER TABLE "EvaluationScore" ADD COLUMN "round" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "EvaluationScore" DROP CONSTRAINT "EvaluationScore_pkey";
ALTER TABLE "EvaluationScore" ADD CONSTRAINT "EvaluationScore_pkey" PRIMARY KEY ("assessmentId", "round", "personId", "criterionId");

-- The built-in plan of an existing installation gets the meanings the seed now gives new ones.
UPDATE "QualitativeCriterion" c SET "descriptionZh" = d.zh, "descriptionEn" = d.en
  FROM "Plan" p, (VALUES
    ('leadership', '党政工共同领导，竞赛委员会健全并定期研究部署竞赛工作，责任落实到人', 'Joint leadership, a working competition committee that plans the competitions regularly'),
    ('planning', '年度竞赛方案紧扣规划目标，目标分解到位，措施具体并按期落实', 'A yearly plan tied to the period targets, broken down and carried out on time'),
    ('coverage', '竞赛覆盖各类企业和广大职工，非公有制企业和班组竞赛普遍开展', 'Competitions reach all kinds of enterprises and workers, incl. non-public ones and teams'),
    ('cadres', '工会经济技术工作干部配备到位，培训和职工技协活动经常开展', 'Union economic-technical staff in place, trained, with regular technical associations'),
    ('publicity', '竞赛宣传及时有力，善于发现、选树和宣传竞赛中涌现的先进典型', 'Timely publicity, models found, recognised and made known')
  ) AS d(code, zh, en)
 WHERE c."planId" = p.id AND p.code = 'pds-2011-2015' AND c.code = d.code AND c."descriptionZh" IS NULL;
