ALTER TABLE "IndicatorDefinition" ADD COLUMN "awardCategories" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
UPDATE "IndicatorDefinition" d SET "awardCategories" = ARRAY['CHIEF_EMPLOYEE', 'CHIEF_TECHNICIAN', 'CHIEF_ENGINEER'] FROM "Plan" p WHERE p.id = d."planId" AND p."isBuiltIn" AND d.code = 'talent.chief_employees';
