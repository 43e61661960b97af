ALTER TYPE "FigureOrigin" ADD VALUE 'BASELINE';

ALTER TABLE "IndicatorDefinition" ADD COLUMN "baseline" DECIMAL(18,4);
