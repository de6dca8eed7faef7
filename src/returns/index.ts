// The statutory returns made from the record: the SSDA903 (children looked
// after), each table as the DfE's CSV, and the CIN census (children in need)
// as the DfE's XML, each checked against the DfE's validation rules
// (docs/returns.md). Returns read
// every area below the record and are read only by the app and the CLI.
import type { FastifyInstance } from 'fastify';
import type { AreaDeps } from '../platform/area.ts';
import { cinRoutes } from './cin/routes.ts';
import { returnsRoutes } from './routes.ts';

export { SSDA903_TABLES, collectionYearLabel, type Ssda903TableName } from './ssda903/rules.ts';
export { buildSsda903, generateSsda903, summariseIssues, tableCounts, validateYear } from './ssda903/service.ts';
export { validateSsda903, SSDA903_RULES, PUBLISHED_RULES } from './ssda903/validation.ts';
export { chosenYear, yearInProgress } from './years.ts';
export { buildCinCensus, censusXml, generateCinCensus, schemaErrors, summariseCinIssues, validateCinYear } from './cin/service.ts';
export { countsText as cinCountsText } from './cin/rules.ts';
export { validateCinCensus, CIN_RULES } from './cin/validation.ts';

export async function returnsArea(app: FastifyInstance, deps: AreaDeps) {
  await app.register(returnsRoutes, deps);
  await app.register(cinRoutes, deps);
}
