// Regenerates the reference data the product ships in src/reference/data from
// the published DfE/ONS specification files (see src/reference/README.md).
// Only maintainers run it, when a new year's specifications are published; the
// product and its tests read the generated files and never need the sources.
//
//   node --import tsx scripts/import-reference.ts <reference folder>
//
// The folder holds ssd-data-model/categories/*.yml, dfe-returns/ssda903/
// SSDA903_schema_2024.yml, dfe-returns/cin-census/CIN_schema_2024.xsd and
// geography/{postcode_sectors,ltla_to_utla_2021}.csv.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';

interface Entry {
  code: string;
  description: string;
  explanation?: string;
}

interface CodeSetFile {
  source: string;
  codes: Entry[];
}

const sourceDir = process.argv[2];
if (!sourceDir || !existsSync(sourceDir)) {
  console.error('usage: node --import tsx scripts/import-reference.ts <reference folder>');
  process.exit(2);
}
const outDir = fileURLToPath(new URL('../src/reference/data/', import.meta.url));

const CATEGORIES = 'ssd-data-model/categories';
const SSDA903 = 'dfe-returns/ssda903/SSDA903_schema_2024.yml';
const CIN_XSD = 'dfe-returns/cin-census/CIN_schema_2024.xsd';

const warnings: string[] = [];

function read(relative: string): string {
  return readFileSync(join(sourceDir!, relative), 'utf8');
}

function fail(message: string): never {
  console.error(`import-reference: ${message}`);
  process.exit(1);
}

/**
 * Some published category files put apostrophes inside single-quoted scalars
 * ('Asperger's', 'child\'s'), which is not valid YAML. Re-quote such a
 * one-line scalar as a double-quoted string holding the text between its outer
 * quotes, which is what the authors meant.
 */
function repairQuotedScalars(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const match = /^(\s*(?:-\s*)?[A-Za-z_]+:)\s*'(.*)'\s*$/.exec(line);
      if (!match) return line;
      const inner = match[2]!.replace(/\\'/g, "'").replace(/''/g, "'");
      return `${match[1]} ${JSON.stringify(inner)}`;
    })
    .join('\n');
}

/** `- value: / description: / explanation:` items of one ssd-data-model category file. */
function categoryFile(name: string): Entry[] {
  const relative = `${CATEGORIES}/${name}`;
  let text = repairQuotedScalars(read(relative));
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch {
    // A file cut off in the middle of its last item: keep the complete items.
    const lastItem = text.lastIndexOf('\n- value:');
    if (lastItem < 0) fail(`${relative} is not valid YAML`);
    text = text.slice(0, lastItem);
    parsed = parseYaml(text);
    warnings.push(`${relative}: last item is incomplete and was left out`);
  }
  if (!Array.isArray(parsed)) fail(`${relative} is not a list`);
  return parsed.map((item: unknown) => {
    const { value, description, explanation } = (item ?? {}) as Record<string, unknown>;
    if (value === undefined || value === null) fail(`${relative}: an item has no value`);
    const code = String(value).trim();
    const text = typeof description === 'string' && description.trim() ? description.trim() : code;
    const entry: Entry = { code, description: tidy(text) };
    if (typeof explanation === 'string' && explanation.trim()) entry.explanation = explanation.trim();
    return entry;
  });
}

/** Descriptions end without a full stop, as GOV.UK labels do. */
function tidy(description: string): string {
  return description.replace(/\s+/g, ' ').replace(/\.$/, '').trim();
}

interface SchemaColumn {
  category?: { code: string; name?: string }[];
}

const ssda903 = parseYaml(read(SSDA903)) as { column_map: Record<string, Record<string, SchemaColumn>> };

/** Codes (and names where given) of one SSDA903 column. */
function ssda903Codes(table: string, column: string): { code: string; name?: string }[] {
  const category = ssda903.column_map[table]?.[column]?.category;
  if (!category) fail(`${SSDA903} has no category for ${table}.${column}`);
  // The published schema has 'PCCHAN ' with a trailing space; the code is PCCHAN.
  return category.map((c) => ({ code: String(c.code).trim(), ...(c.name ? { name: String(c.name) } : {}) }));
}

interface XsdEnumeration {
  '@_value': string;
  'xs:annotation'?: { 'xs:documentation'?: string };
}

const xsd = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'xs:enumeration' || name === 'xs:simpleType' }).parse(
  read(CIN_XSD),
) as { 'xs:schema': { 'xs:simpleType': { '@_name': string; 'xs:restriction': { 'xs:enumeration'?: XsdEnumeration[] } }[] } };

/** Enumerations of one simple type of the CIN census schema, with their documentation. */
function cinCodes(typeName: string): Entry[] {
  const type = xsd['xs:schema']['xs:simpleType'].find((t) => t['@_name'] === typeName);
  const enumerations = type?.['xs:restriction']['xs:enumeration'];
  if (!enumerations) fail(`${CIN_XSD} has no enumeration ${typeName}`);
  return enumerations.map((e) => {
    const code = String(e['@_value']).trim();
    const documentation = e['xs:annotation']?.['xs:documentation'];
    return { code, description: tidy(typeof documentation === 'string' && documentation.trim() ? documentation : code) };
  });
}

/**
 * SSDA903 OC3 ACCOM: a letter for the kind of accommodation and a digit for
 * whether it is suitable (1) or not (2), as the DfE SSDA903 guide describes
 * them. Z (with former foster carers) is staying put.
 */
const CARE_LEAVER_ACCOMMODATION_KINDS: Record<string, string> = {
  B: 'With parents or relatives',
  C: 'Community home or other residential care, such as an NHS establishment',
  D: 'Semi-independent transitional accommodation (supported hostel, trainer flat, or self-contained with specialist or floating support)',
  E: 'Supported lodgings',
  G: 'Gone abroad',
  H: 'Deported',
  K: 'Ordinary lodgings, without formal support',
  R: 'Residence not known',
  S: 'No fixed abode or homeless',
  T: 'Foyer or similar supported accommodation combined with education, training or employment',
  U: 'Independent living (own tenancy, council or housing association, college or university accommodation, flat sharing)',
  V: 'Emergency accommodation (night shelter, emergency hostel)',
  W: 'Bed and breakfast',
  X: 'In custody',
  Y: 'Other accommodation',
  Z: 'With former foster carers (staying put)',
};

function accommodationCodes(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(CARE_LEAVER_ACCOMMODATION_KINDS).flatMap(([letter, kind]) => [
      [`${letter}1`, `${kind}: suitable`],
      [`${letter}2`, `${kind}: not suitable`],
    ]),
  );
}

/**
 * Meanings written from the DfE's SSDA903 guidance for codes whose published
 * machine-readable files give the code only (or a truncated text). Each is
 * checked below against the schema's code list, so a code can neither be
 * invented here nor go missing.
 */
const SUPPLEMENT: Record<string, Record<string, string>> = {
  placementType: {
    U2: 'Foster placement with relative(s) or friend(s) who is/are also approved adopter(s) – fostering for adoption or concurrent planning',
    U3: 'Foster placement with relative(s) or friend(s) – not long-term fostering, or fostering for adoption or concurrent planning',
    U4: 'Foster placement with other foster carer(s) – long-term fostering',
    U5: 'Foster placement with other foster carer(s) who is/are also approved adopter(s) – fostering for adoption or concurrent planning',
    U6: 'Foster placement with other foster carer(s) – not long-term fostering, or fostering for adoption or concurrent planning',
    Z1: 'Other placements',
  },
  reasonNewEpisode: {
    S: 'Started to be looked after',
    L: 'Change of legal status only',
    P: 'Change of placement and carer(s) only',
    T: 'Change of placement only, with the same carer(s)',
    B: 'Change of legal status and of placement and carer(s) at the same time',
    U: 'Change of legal status and of placement at the same time, with the same carer(s)',
  },
  reasonEpisodeCeased: {
    X1: 'Episode ceases, and a new episode begins on the same day, for any reason',
    E11: 'Adopted – application for an adoption order unopposed',
    E12: 'Adopted – consent dispensed with by the court',
    E2: 'Died',
    E3: 'Care taken over by another local authority in the UK',
    E4A: 'Returned home to live with parent(s), relative(s) or other person(s) with parental responsibility, as part of the care planning process',
    E4B: 'Returned home to live with parent(s), relative(s) or other person(s) with parental responsibility, not as part of the care planning process',
    E13: 'Left care to live with parent(s), relative(s) or other person(s) with no parental responsibility',
    E41: 'Residence order or child arrangements order granted',
    E45: 'Special guardianship order made to former foster carer(s) who is/are relative(s) or friend(s)',
    E46: 'Special guardianship order made to former foster carer(s) other than relative(s) or friend(s)',
    E47: 'Special guardianship order made to carer(s), not former foster carer(s), who is/are relative(s) or friend(s)',
    E48: 'Special guardianship order made to carer(s), not former foster carer(s), other than relative(s) or friend(s)',
    E5: 'Moved into independent living with formal advice or support (for example a hostel, foyer or staying close project)',
    E6: 'Moved into independent living without formal advice or support (for example a bedsit, own flat or living with friends)',
    E7: 'Transferred to residential care funded by adult social care services',
    E9: 'Sentenced to custody',
    E14: 'Accommodation on remand ended',
    E15: 'Age assessment found the child to be 18 or over',
    E16: 'Child moved abroad',
    E17: 'Aged 18 or over and stayed with current carers (including staying put)',
    E8: 'Period of being looked after ceased for any other reason',
  },
  careLeaverInTouch: {
    YES: 'In touch with the council',
    NO: 'Not in touch with the council',
    DIED: 'Died since leaving care',
    REFU: 'The young person refuses contact',
    NREQ: 'No longer needs services from the council',
    RHOM: 'Returned to live with parents, or someone with parental responsibility, for 6 months or more',
  },
  careLeaverActivity: {
    F1: 'Full-time higher education (studies beyond A level)',
    P1: 'Part-time higher education (studies beyond A level)',
    F2: 'Full-time education other than higher education',
    P2: 'Part-time education other than higher education',
    F4: 'Full-time apprenticeship',
    P4: 'Part-time apprenticeship',
    F5: 'Full-time training or employment, not an apprenticeship',
    P5: 'Part-time training or employment, not an apprenticeship',
    G4: 'Not in education, employment or training: illness or disability',
    G5: 'Not in education, employment or training: other circumstances',
    G6: 'Not in education, employment or training: pregnancy or parenting',
    '0': 'Not known: not in touch, died, or returned home for 6 months or more',
  },
  careLeaverAccommodation: {
    ...accommodationCodes(),
    '0': 'Not known: not in touch, died, or returned home for 6 months or more',
  },
  swReason: {
    MANAGE: 'Management decision, for example to balance caseloads',
    FCONTA: "Social worker's fixed-term or agency contract ended",
    LEFTRL: 'Social worker left the role or the local authority',
    ORGRST: 'Organisational restructure',
    TSPROC: 'Transfer between teams as part of the usual process, for example from assessment to a long-term team',
    ABSENC: 'Social worker absent for a long period, for example sickness or parental leave',
    CHCHAN: 'Child asked for a change of social worker',
    PCCHAN: 'Parent or carer asked for a change of social worker',
    SWDIED: 'Social worker died',
    OTHERS: 'Other reason',
  },
  sdqReason: {
    SDQ1: 'No questionnaire: the child was under 4 or over 16 when last assessed',
    SDQ2: 'The carer would not fill in and return the questionnaire',
    SDQ3: 'Not possible because of how severely the child is disabled',
    SDQ4: 'Another reason',
    SDQ5: 'The child or young person would not let the questionnaire be done',
  },
  // The SSDA903 guide's meanings, as the ssd-data-model gives them (objects/ssd_cla_reviews.yml, clar_cla_review_participation).
  reviewParticipation: {
    PN0: 'Child aged under 4 at the time of the review',
    PN1: 'Child physically attends and speaks for themselves',
    PN2: 'Child physically attends and an advocate speaks for them (views represented by an advocate or the IRO)',
    PN3: 'Child attends and conveys their views symbolically (non-verbally)',
    PN4: 'Child physically attends but does not speak for themselves, convey their views symbolically or ask an advocate to speak for them',
    PN5: 'Child does not attend but briefs an advocate or the IRO to speak for them (text, writing, phone, audio or video, Viewpoint)',
    PN6: 'Child does not attend but conveys their feelings to the review another way (texting the chair, writing, phone, audio or video, Viewpoint)',
    PN7: 'Child does not attend and their views are not conveyed to the review',
  },
};

function supplemented(set: string, codes: { code: string; name?: string }[], published: Entry[] = []): Entry[] {
  const extra = SUPPLEMENT[set] ?? {};
  for (const code of Object.keys(extra)) {
    if (!codes.some((c) => c.code === code)) fail(`${set}: supplement describes ${code}, which the schema does not list`);
  }
  return codes.map(({ code, name }) => {
    const found = published.find((e) => e.code === code);
    const description = found?.description ?? extra[code] ?? name;
    if (!description) fail(`${set}: no description for ${code}`);
    return { code, description, ...(found?.explanation ? { explanation: found.explanation } : {}) };
  });
}

/** The published category file must hold exactly the codes the return's schema allows. */
function sameCodes(set: string, entries: Entry[], expected: { code: string }[]): Entry[] {
  const have = entries.map((e) => e.code).sort();
  const want = expected.map((e) => e.code).sort();
  if (have.join('|') !== want.join('|')) fail(`${set}: codes ${have.join(',')} differ from the schema's ${want.join(',')}`);
  return entries;
}

const cinNeeds = cinCodes('primaryneedcodetype');
const ssdNeeds = categoryFile('primary_need.yml');
const cinDisabilities = cinCodes('disabilitytype');
const ssdDisabilities = categoryFile('disability.yml');

const sets: Record<string, CodeSetFile> = {
  legalStatus: {
    source: 'ssd-data-model categories/legal_status.yml; codes checked against SSDA903 Episodes.LS',
    codes: sameCodes('legalStatus', categoryFile('legal_status.yml'), ssda903Codes('Episodes', 'LS')),
  },
  placementType: {
    source: 'SSDA903 Episodes.PLACE codes; descriptions from ssd-data-model categories/placement_type and DfE SSDA903 guidance',
    codes: supplemented('placementType', ssda903Codes('Episodes', 'PLACE'), categoryFile('placement_type')),
  },
  placementProvider: {
    source: 'ssd-data-model categories/placement_provider.yml; codes checked against SSDA903 Episodes.PLACE_PROVIDER',
    codes: sameCodes('placementProvider', categoryFile('placement_provider.yml'), ssda903Codes('Episodes', 'PLACE_PROVIDER')),
  },
  reasonNewEpisode: {
    source: 'SSDA903 Episodes.RNE codes; descriptions from DfE SSDA903 guidance',
    codes: supplemented('reasonNewEpisode', ssda903Codes('Episodes', 'RNE')),
  },
  reasonEpisodeCeased: {
    source: 'SSDA903 Episodes.REC codes; descriptions from DfE SSDA903 guidance',
    codes: supplemented('reasonEpisodeCeased', ssda903Codes('Episodes', 'REC')),
  },
  reasonPlaceChange: {
    source: 'ssd-data-model categories/placement_change_reason.yml; codes checked against SSDA903 Episodes.REASON_PLACE_CHANGE',
    codes: sameCodes('reasonPlaceChange', categoryFile('placement_change_reason.yml'), ssda903Codes('Episodes', 'REASON_PLACE_CHANGE')),
  },
  primaryNeed: {
    source: 'CIN census schema primaryneedcodetype; descriptions of N1–N8 from ssd-data-model categories/primary_need.yml',
    codes: cinNeeds.map((c) => ssdNeeds.find((e) => e.code === c.code) ?? c),
  },
  cpCategory: {
    source: 'CIN census schema categoryofabuse',
    codes: cinCodes('categoryofabuse'),
  },
  cinClosureReason: {
    source: 'ssd-data-model categories/reason_for_closure.yml; codes checked against CIN census schema reasonforclosuretype',
    codes: sameCodes('cinClosureReason', categoryFile('reason_for_closure.yml'), cinCodes('reasonforclosuretype')),
  },
  ethnicity: {
    source: 'SSDA903 Header.ETHNIC',
    codes: sameCodes(
      'ethnicity',
      ssda903Codes('Header', 'ETHNIC').map(({ code, name }) => ({ code, description: name ?? fail(`ethnicity ${code} has no name`) })),
      cinCodes('ethnicitytype'),
    ),
  },
  sex: {
    source: 'ssd-data-model categories/sex.yml (as SSDA903 Header.SEX)',
    codes: sameCodes('sex', categoryFile('sex.yml'), ssda903Codes('Header', 'SEX')),
  },
  disability: {
    source: 'CIN census schema disabilitytype; descriptions from ssd-data-model categories/disability.yml',
    codes: sameCodes(
      'disability',
      cinDisabilities.map((c) => ssdDisabilities.find((e) => e.code === c.code) ?? c),
      ssdDisabilities,
    ),
  },
  uascStatus: {
    source: 'ssd-data-model categories/uasc_status.yml',
    codes: categoryFile('uasc_status.yml'),
  },
  immigrationStatus: {
    source: 'ssd-data-model categories/immigration_status.yml',
    codes: categoryFile('immigration_status.yml'),
  },
  referralSource: {
    source: 'ssd-data-model categories/referral_source.yml; codes checked against CIN census schema referralsourcetype',
    codes: sameCodes('referralSource', categoryFile('referral_source.yml'), cinCodes('referralsourcetype')),
  },
  contactSource: {
    source: 'ssd-data-model categories/contact_source.yml; codes checked against CIN census schema referralsourcetype',
    codes: sameCodes('contactSource', categoryFile('contact_source.yml'), cinCodes('referralsourcetype')),
  },
  swReason: {
    source: 'SSDA903 SocialWorker.SW_REASON codes; descriptions from DfE SSDA903 guidance',
    codes: supplemented('swReason', ssda903Codes('SocialWorker', 'SW_REASON')),
  },
  careLeaverInTouch: {
    source: 'SSDA903 OC3.IN_TOUCH codes; descriptions from DfE SSDA903 guidance (care leavers, information around the birthday)',
    codes: supplemented('careLeaverInTouch', ssda903Codes('OC3', 'IN_TOUCH')),
  },
  careLeaverActivity: {
    source: 'SSDA903 OC3.ACTIV codes; descriptions from DfE SSDA903 guidance (care leavers, main activity)',
    codes: supplemented('careLeaverActivity', ssda903Codes('OC3', 'ACTIV')),
  },
  careLeaverAccommodation: {
    source: 'SSDA903 OC3.ACCOM codes; descriptions from DfE SSDA903 guidance (care leavers, type of accommodation and its suitability)',
    codes: supplemented('careLeaverAccommodation', ssda903Codes('OC3', 'ACCOM')),
  },
  upnUnknown: {
    source: 'ssd-data-model categories/upn_unknown.yml (as SSDA903 UN1–UN5)',
    codes: categoryFile('upn_unknown.yml'),
  },
  missingEpisode: {
    source: 'ssd-data-model categories/missing.yml; codes checked against SSDA903 Missing.MISSING',
    codes: sameCodes('missingEpisode', categoryFile('missing.yml'), ssda903Codes('Missing', 'MISSING')),
  },
  sdqReason: {
    source: 'SSDA903 OC2.SDQ_REASON codes; descriptions from DfE SSDA903 guidance (reason for no strengths and difficulties score)',
    codes: supplemented('sdqReason', ssda903Codes('OC2', 'SDQ_REASON')),
  },
  reviewParticipation: {
    source: 'SSDA903 Reviews.REVIEW_CODE codes; descriptions from the DfE SSDA903 guide as given in ssd-data-model objects/ssd_cla_reviews.yml (clar_cla_review_participation)',
    codes: supplemented('reviewParticipation', ssda903Codes('Reviews', 'REVIEW_CODE')),
  },
  assessmentFactor: {
    source: 'CIN census schema 2024 assessmentfactorstype (the factors identified at the end of an assessment)',
    codes: cinCodes('assessmentfactorstype'),
  },
};

for (const [name, set] of Object.entries(sets)) {
  const seen = new Set<string>();
  for (const entry of set.codes) {
    if (seen.has(entry.code)) fail(`${name}: ${entry.code} appears twice`);
    seen.add(entry.code);
  }
}

const SSDA903_SCHEMA_SOURCE =
  '# The SSDA903 schema (2024) as published in SocialFinanceDigitalLabs/liia-tools (MIT licence),\n# copied unedited below this line by scripts/import-reference.ts for the tests of the 903 rows.\n';

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'codes.json'), `${JSON.stringify(sets, null, 2)}\n`);
// Copied byte for byte (not with copyFile, which would keep a read-only mode).
writeFileSync(join(outDir, 'postcode_sectors.csv'), readFileSync(join(sourceDir, 'geography/postcode_sectors.csv')));
writeFileSync(join(outDir, 'ltla_to_utla.csv'), readFileSync(join(sourceDir, 'geography/ltla_to_utla_2021.csv')));
writeFileSync(
  join(outDir, 'ssda903_schema_2024.yml'),
  `${SSDA903_SCHEMA_SOURCE}${readFileSync(join(sourceDir, 'dfe-returns/ssda903/SSDA903_schema_2024.yml'), 'utf8')}`,
);
// The rule codes, messages, fields and tables of the 903 validation rules: the returns page and the CLI name each error by its code and the DfE's words.
writeFileSync(
  join(outDir, 'ssda903_validation_rules_2024_25.csv'),
  `# The SSDA903 validation rules (2024-25) as published in data-to-insight/csc-validator-be-903 (MIT licence), copied unedited below this line by scripts/import-reference.ts.\n${readFileSync(join(sourceDir, 'dfe-returns/ssda903/validation_rules_2024_25.csv'), 'utf8')}`,
);

for (const warning of warnings) console.warn(`warning: ${warning}`);
console.log(`Wrote ${Object.keys(sets).length} code sets and the geography files to src/reference/data`);
