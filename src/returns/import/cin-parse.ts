// Reading a CIN census XML file for an import: checked against the schema the
// census is made to (CIN_schema_2025.xsd) first, then read child by child.
// Each child keeps the line its <Child> element starts on, so a schema error
// is laid at the child it falls in (that child is refused, the others read)
// and every refusal names the file, the line and the element.
import { XMLParser } from 'fast-xml-parser';
import { validateCinXml } from '../cin/service.ts';
import type { CensusChild } from '../cin/rules.ts';
import type { ImportError } from './rules.ts';
import { SourceProblem } from './parse.ts';

/** A child as the file gives them, by the DfE's element names, with the line their element starts on. */
export type CinFileChild = Omit<CensusChild, 'recordId'> & { line: number };

export interface CinFile {
  file: string;
  yearEnd: number;
  children: CinFileChild[];
  /** Schema errors, each within one child: those children are not in `children`. */
  errors: ImportError[];
  /** How many children the file holds, refused or not. */
  total: number;
}

const REPEATED = new Set(['Child', 'CINdetails', 'Assessments', 'CINPlanDates', 'Section47', 'ChildProtectionPlans', 'PreProceedingsandFGDM', 'Disability', 'AssessmentFactors', 'CPPreviewDate']);

type Element = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const list = (value: unknown): Element[] => (Array.isArray(value) ? (value as Element[]) : []);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap((v) => text(v) ?? []) : []);
const flag = (value: unknown): boolean => text(value) === 'true' || text(value) === '1';

/** The lines each <Child> element starts on, in the file's order. */
function childLines(xml: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (const m of xml.matchAll(/<Child[\s>/]/g)) {
    for (let i = from; i < m.index; i++) if (xml.charCodeAt(i) === 10) line += 1;
    from = m.index;
    lines.push(line);
  }
  return lines;
}

function child(c: Element, line: number): CinFileChild {
  const ids = (c.ChildIdentifiers ?? {}) as Element;
  const chars = (c.ChildCharacteristics ?? {}) as Element;
  return {
    line,
    LAchildID: text(ids.LAchildID) ?? '',
    UPN: text(ids.UPN),
    UPNunknown: text(ids.UPNunknown),
    PersonBirthDate: text(ids.PersonBirthDate),
    ExpectedPersonBirthDate: text(ids.ExpectedPersonBirthDate),
    Sex: text(ids.Sex),
    PersonDeathDate: text(ids.PersonDeathDate),
    Ethnicity: text(chars.Ethnicity),
    Disabilities: texts((chars.Disabilities as Element | undefined)?.Disability),
    CINdetails: list(c.CINdetails).map((e) => ({
      CINreferralDate: text(e.CINreferralDate) ?? '',
      ReferralSource: text(e.ReferralSource),
      PrimaryNeedCode: text(e.PrimaryNeedCode),
      CINclosureDate: text(e.CINclosureDate),
      ReasonForClosure: text(e.ReasonForClosure),
      DateOfInitialCPC: text(e.DateOfInitialCPC),
      Assessments: list(e.Assessments).map((a) => ({
        AssessmentActualStartDate: text(a.AssessmentActualStartDate) ?? '',
        AssessmentAuthorisationDate: text(a.AssessmentAuthorisationDate),
        AssessmentFactors: texts((a.FactorsIdentifiedAtAssessment as Element | undefined)?.AssessmentFactors),
      })),
      CINPlanDates: list(e.CINPlanDates).map((p) => ({ CINPlanStartDate: text(p.CINPlanStartDate) ?? '', CINPlanEndDate: text(p.CINPlanEndDate) })),
      Section47: list(e.Section47).map((s) => ({ S47ActualStartDate: text(s.S47ActualStartDate) ?? '', DateOfInitialCPC: text(s.DateOfInitialCPC), ICPCnotRequired: flag(s.ICPCnotRequired) })),
      ReferralNFA: flag(e.ReferralNFA),
      ChildProtectionPlans: list(e.ChildProtectionPlans).map((p) => ({
        CPPstartDate: text(p.CPPstartDate) ?? '',
        CPPendDate: text(p.CPPendDate),
        InitialCategoryOfAbuse: text(p.InitialCategoryOfAbuse) ?? '',
        LatestCategoryOfAbuse: text(p.LatestCategoryOfAbuse) ?? '',
        NumberOfPreviousCPP: Number(text(p.NumberOfPreviousCPP) ?? 0),
        Reviews: texts((p.Reviews as Element | undefined)?.CPPreviewDate),
      })),
      PreProceedingsandFGDM: list(e.PreProceedingsandFGDM).map((p) => ({
        PPStartDate: text(p.PPStartDate) ?? '',
        LBPSentDate: text(p.LBPSentDate),
        FGDMMeetingOffer: flag(p.FGDMMeetingOffer),
        FGDMMeetingFac: flag(p.FGDMMeetingFac),
        InitialPPMeetingDate: text(p.InitialPPMeetingDate),
        ReviewMeetingsCount: Number(text(p.ReviewMeetingsCount) ?? 0),
        StepDecisionDate: text(p.StepDecisionDate),
      })),
    })),
  };
}

/** "Element 'Sex': [facet 'enumeration'] The value 'X' is not ..." as the element and the words after it. */
function schemaComplaint(raw: string): { field: string; message: string } {
  const said = raw.replace(/^.*?Schemas validity error\s*:\s*/s, '').trim();
  const m = /^Element '(?:\{[^}]*\})?([A-Za-z0-9_]+)'(?:,[^:]*)?:\s*(.*)$/s.exec(said);
  return m ? { field: m[1]!, message: m[2]!.trim() } : { field: 'XML', message: said };
}

/**
 * A census file, checked against the schema and read. A file that is not XML
 * or whose header the schema refuses cannot be imported at all and throws;
 * an error inside a child refuses that child alone.
 */
export async function readCinFile(file: string, xml: string): Promise<CinFile> {
  const validation = await validateCinXml(file, xml);
  let doc: Element;
  try {
    doc = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => REPEATED.has(name) }).parse(xml, true) as Element;
  } catch (error) {
    throw new SourceProblem(`${file}: not an XML file (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const message = (doc.Message ?? {}) as Element;
  const children = list((message.Children as Element | undefined)?.Child);
  const lines = childLines(xml);
  const childAt = (line: number) => {
    let at = -1;
    for (let i = 0; i < lines.length && lines[i]! <= line; i++) at = i;
    return at;
  };
  const errors: ImportError[] = [];
  const refused = new Set<number>();
  for (const e of validation.errors) {
    const line = e.loc?.lineNumber ?? 0;
    const at = childAt(line);
    const complaint = schemaComplaint(e.rawMessage);
    if (at < 0 || at >= children.length) throw new SourceProblem(`${file}:${line} ${complaint.field}: ${complaint.message} (the schema refuses the file: nothing is imported)`);
    const laChildId = text(((children[at]!.ChildIdentifiers ?? {}) as Element).LAchildID) ?? '(no LAchildID)';
    errors.push({ file, line, field: complaint.field, message: `child ${laChildId}: ${complaint.message}` });
    refused.add(at);
  }
  // The year ends on the reference date, 31 March (the Year element is the collection's own label).
  const details = ((message.Header as Element | undefined)?.CollectionDetails ?? {}) as Element;
  const year = Number((text(details.ReferenceDate) ?? '').slice(0, 4)) || Number(text(details.Year));
  return {
    file,
    yearEnd: year,
    children: children.flatMap((c, i) => (refused.has(i) ? [] : [child(c, lines[i] ?? 0)])),
    errors,
    total: children.length,
  };
}
