// The statutory returns made from the record: the SSDA903 (children looked
// after), each table as the DfE's CSV, and the CIN census (children in need)
// as the DfE's XML, each checked against the DfE's validation rules; Ofsted's
// Annex A workbook; the import of earlier years' returns; and the Standard
// Safeguarding Dataset export (docs/returns.md). Returns read every area below
// the record and are read only by the app and the CLI.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { annexARoutes } from './annex-a/routes.ts';
import { cinRoutes } from './cin/routes.ts';
import { returnsRoutes } from './routes.ts';

export { SSDA903_TABLES, collectionYearLabel, type Ssda903TableName } from './ssda903/rules.ts';
export { buildSsda903, generateSsda903, summariseIssues, tableCounts, validateYear } from './ssda903/service.ts';
export { validateSsda903, SSDA903_RULES, PUBLISHED_RULES } from './ssda903/validation.ts';
export { chosenYear, yearInProgress } from './years.ts';
export { ANNEX_A_LISTS } from './annex-a/lists.ts';
export { chosenDay, listCounts } from './annex-a/rules.ts';
export { buildAnnexA, generateAnnexA } from './annex-a/service.ts';
export { annexAFileName } from './annex-a/workbook.ts';
export { importerFor, importSsda903, importSummaryLine, ImportRefused, readSourceDir, SourceProblem, teamFor, type ImportSummary } from './import/service.ts';
export { importCinCensus, readCinFile, type CinImportSummary } from './import/cin-service.ts';
export { SSD_NOT_COVERED, SSD_OBJECT_NAMES, SSD_OBJECTS, type SsdObjectName } from './ssd/objects.ts';
export { buildSsd, generateSsd, objectCounts } from './ssd/service.ts';

export { buildCinCensus, censusXml, generateCinCensus, schemaErrors, summariseCinIssues, validateCinYear } from './cin/service.ts';
export { countsText as cinCountsText } from './cin/rules.ts';
export { validateCinCensus, CIN_RULES } from './cin/validation.ts';

export async function returnsArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(returnsRoutes, deps);
  await app.register(annexARoutes, deps);
  await app.register(cinRoutes, deps);
}
