import { create } from 'xmlbuilder2';
import type { CensusReturn, CensusWorker } from './rules.ts';

/** The order the schema gives a worker's elements (social_work_workforce_2022.xsd, workertype). */
const WORKER_ELEMENTS: readonly (keyof CensusWorker)[] = [
  'AgencyWorker',
  'SWENo',
  'FTE',
  'QualInst',
  'OrgRole',
  'RoleStartDate',
  'StartOrigin',
  'RoleEndDate',
  'LeaverDestination',
  'ReasonLeave',
  'FTE30',
  'Cases30',
  'WorkingDaysLost',
  'Absat30Sept',
  'ReasonAbsence',
  'CFKSSstatus',
];

/** The children's social work workforce census return as XML, built element by element. */
export function censusXml(census: CensusReturn, source: { laCode: string; softwareCode: string; at: Date }): string {
  const message = create({ version: '1.0', encoding: 'UTF-8' }).ele('Message');
  const header = message.ele('Header');
  const collection = header.ele('CollectionDetails');
  collection.ele('Collection').txt('CSWW');
  collection.ele('Year').txt(String(census.year));
  collection.ele('ReferenceDate').txt(census.referenceDate);
  const from = header.ele('Source');
  from.ele('SourceLevel').txt('L');
  from.ele('LEA').txt(source.laCode);
  from.ele('SoftwareCode').txt(source.softwareCode);
  from.ele('DateTime').txt(source.at.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  const vacancies = message.ele('LALevelVacancies');
  vacancies.ele('NumberOfVacancies').txt(census.vacancies.NumberOfVacancies);
  vacancies.ele('NoAgencyFTE').txt(census.vacancies.NoAgencyFTE);
  vacancies.ele('NoAgencyHeadcount').txt(census.vacancies.NoAgencyHeadcount);
  for (const worker of census.workers) {
    const element = message.ele('CSWWWorker');
    for (const name of WORKER_ELEMENTS) {
      const value = worker[name];
      if (value !== undefined) element.ele(name).txt(value);
    }
  }
  return message.end({ prettyPrint: true });
}
