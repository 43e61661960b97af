CREATE TYPE "FigureOrigin" AS ENUM ('IMPORTED', 'STATED');

CREATE TABLE "HistoricalFigure" (
    "indicatorId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "value" DECIMAL(18,4) NOT NULL,
    "origin" "FigureOrigin" NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HistoricalFigure_pkey" PRIMARY KEY ("indicatorId","organisationId","year")
);

CREATE INDEX "HistoricalFigure_organisationId_year_idx" ON "HistoricalFigure"("organisationId", "year");

ALTER TABLE "HistoricalFigure" ADD CONSTRAINT "HistoricalFigure_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "IndicatorDefinition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "HistoricalFigure" ADD CONSTRAINT "HistoricalFigure_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
