// Ofsted's ILACS Annex A: the child-level lists a council hands inspectors on
// the first day of an inspection. Each list is a sheet of the workbook with
// the template's exact header row, and covers its own period ending on the
// day chosen (docs/returns.md, "Ofsted Annex A").
import { addDays, addMonths } from '../../platform/calendar/dates.ts';

export type AnnexAListId = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;

export interface AnnexAList {
  id: AnnexAListId;
  /** The sheet's name in Ofsted's template. */
  sheet: string;
  title: string;
  /** How far back the list reaches, in months before the day chosen; 0 for "on the day". */
  months: number;
  /** Who is in the list, in words for the page, the CLI and the docs. */
  covers: string;
  /** The header row, exactly as the template has it. */
  columns: readonly string[];
  /** Columns written as dates (dd/mm/yyyy). */
  dates: readonly string[];
  /** False for a list whose records Steadfast does not hold: the sheet is there with its headers and no rows. */
  held: boolean;
}

const CHILD = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age'] as const;
const CHILD_D = [...CHILD, 'Does the Child have a Disability'] as const;
const ALLOCATED = ['Allocated Team', 'Allocated Worker'] as const;
const ADOPTION_COLUMNS = [
  'Child Unique ID',
  'Family identifier',
  'Gender',
  'Ethnicity',
  'Date of Birth',
  'Age of Child (Years)',
  'Does the Child have a Disability',
  'Date the Child Entered Care',
  'Date of Decision that Child Should be Placed for Adoption',
  'Date of Placement Order',
  'Date of Matching Child and Prospective Adopters',
  'Date Placed for Adoption',
  'Date of Adoption Order ',
  'Date of Decision that Child Should No Longer be Placed for Adoption',
  'Reason Why Child No Longer Placed for Adoption',
  'Date the child was placed for fostering in FFA or concurrent planning placement',
];
const ADOPTER_COLUMNS = [
  'Individual adopter identifier',
  'Family identifier',
  'Gender',
  'Ethnicity',
  'Disability',
  'Is the (prospective) adopter fostering for adoption?',
  'Date enquiry received',
  'Date Stage 1 started',
  'Date Stage 1 ended',
  'Date Stage 2 started',
  'Date Stage 2 ended',
  'Date application submitted',
  'Date application approved',
  'Date adopter matched with child(ren)',
  'Date child/children placed with adopter(s)',
  'No. of children placed',
  'Date of Adoption Order',
  'Date of leaving adoption process',
  'Reason for leaving adoption process',
];

export const ANNEX_A_LISTS: readonly AnnexAList[] = [
  {
    id: 1,
    sheet: 'List 1',
    title: 'Contacts',
    months: 6,
    covers: 'Every contact received in the six months to the day',
    columns: [...CHILD, 'Date of Contact', 'Contact Source'],
    dates: ['Date of Birth', 'Date of Contact'],
    held: true,
  },
  {
    id: 2,
    sheet: 'List 2',
    title: 'Early help',
    months: 6,
    covers: 'Every early help episode open at any time in the six months to the day',
    columns: [...CHILD, 'Assessment start date', 'Assessment completion date', 'Organisation completing assessment'],
    dates: ['Date of Birth', 'Assessment start date', 'Assessment completion date'],
    held: true,
  },
  {
    id: 3,
    sheet: 'List 3',
    title: 'Referrals',
    months: 6,
    covers: 'Every referral received in the six months to the day',
    columns: [...CHILD, 'Date of Referral', 'Referral Source', 'Referral NFA?', 'Number of Referrals in Last 12 Months', ...ALLOCATED],
    dates: ['Date of Birth', 'Date of Referral'],
    held: true,
  },
  {
    id: 4,
    sheet: 'List 4',
    title: 'Assessments',
    months: 6,
    covers: 'Every assessment in progress at any time in the six months to the day',
    columns: [
      ...CHILD_D,
      'Continuous Assessment Start Date',
      'Child Seen During Continuous Assessment',
      'Continuous Assessment Date of Authorisation',
      "Was the child assessed as requiring LA children's social care support?",
      ...ALLOCATED,
    ],
    dates: ['Date of Birth', 'Continuous Assessment Start Date', 'Continuous Assessment Date of Authorisation'],
    held: true,
  },
  {
    id: 5,
    sheet: 'List 5',
    title: 'Section 47 enquiries and initial child protection conferences',
    months: 6,
    covers: 'Every section 47 enquiry started in the six months to the day',
    columns: [
      ...CHILD_D,
      'Strategy discussion initiating Section 47 Enquiry Start Date',
      'Was an Initial Child Protection Conference deemed unnecessary?',
      'Date of Initial Child Protection Conference',
      'Did the Initial Child Protection Conference Result in a Child Protection Plan',
      'Number of Section 47 Enquiries in the last 12 months',
      'Number of ICPCs in the last 12 months',
      ...ALLOCATED,
    ],
    dates: ['Date of Birth', 'Strategy discussion initiating Section 47 Enquiry Start Date', 'Date of Initial Child Protection Conference'],
    held: true,
  },
  {
    id: 6,
    sheet: 'List 6',
    title: 'Children in need',
    months: 6,
    covers: 'Every episode of need (referral not closed as no further action) open at any time in the six months to the day, children on plans and in care included',
    columns: [...CHILD_D, 'CIN Start Date', 'Primary Need Code', 'Date Child Was Last Seen', 'CIN Closure Date', 'Reason for Closure', 'Case Status', ...ALLOCATED],
    dates: ['Date of Birth', 'CIN Start Date', 'Date Child Was Last Seen', 'CIN Closure Date'],
    held: true,
  },
  {
    id: 7,
    sheet: 'List 7',
    title: 'Child protection',
    months: 6,
    covers: 'Every child protection plan open at any time in the six months to the day',
    columns: [
      ...CHILD_D,
      'Child Protection Plan Start Date',
      'Initial Category of Abuse',
      'Latest Category of Abuse',
      'Date of the Last Statutory Visit',
      'Was the Child Seen Alone?',
      'Date of latest review conference',
      'Child Protection Plan End Date',
      'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
      'Number of Previous Child Protection Plans',
      ...ALLOCATED,
    ],
    dates: ['Date of Birth', 'Child Protection Plan Start Date', 'Date of the Last Statutory Visit', 'Date of latest review conference', 'Child Protection Plan End Date'],
    held: true,
  },
  {
    id: 8,
    sheet: 'List 8',
    title: 'Children in care',
    months: 6,
    covers: 'Every child looked after at any time in the six months to the day, one row each',
    columns: [
      ...CHILD,
      'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))',
      'Does the Child have a Disability',
      'Date Started to be Looked After',
      "Child's Category of Need",
      'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)',
      'Start date of current legal status',
      "Child's Legal Status",
      'Date of Latest Statutory Review',
      'Date of Last Social Work Visit',
      'What is the permanence plan for this child?',
      'Date of Last IRO Visit / Contact to the Child',
      'Date of Last Health Assessment',
      'Date of Last Dental Check',
      'Number of Placements in the Last 12 months',
      'Date Ceased to be Looked After',
      'Reason Ceased to be Looked After',
      'Start Date of Most Recent Placement',
      'Placement Type',
      'Placement Provider',
      'Placement postcode',
      'URN of Placement',
      'Placement Location',
      'LA of Placement',
      'Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months',
      'Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months',
      'Was the child offered a Return Interview after their last missing episode (Y/N)?',
      'Did the child accept a Return Interview after their last missing episode (Y/N)?',
      ...ALLOCATED,
    ],
    dates: [
      'Date of Birth',
      'Date Started to be Looked After',
      'Start date of current legal status',
      'Date of Latest Statutory Review',
      'Date of Last Social Work Visit',
      'Date of Last IRO Visit / Contact to the Child',
      'Date of Last Health Assessment',
      'Date of Last Dental Check',
      'Date Ceased to be Looked After',
      'Start Date of Most Recent Placement',
    ],
    held: true,
  },
  {
    id: 9,
    sheet: 'List 9',
    title: 'Care leavers',
    months: 0,
    covers: 'Every relevant, former relevant and qualifying care leaver supported on the day',
    columns: [...CHILD_D, ...ALLOCATED, 'Eligibility Category', 'LA in Touch', 'Type of Accommodation', 'Suitability of Accommodation', 'Activity Status'],
    dates: ['Date of Birth'],
    held: true,
  },
  {
    id: 10,
    sheet: 'List 10',
    title: 'Adoption',
    months: 12,
    covers: 'Every child with a decision to place for adoption open at any time in the twelve months to the day',
    columns: ADOPTION_COLUMNS,
    dates: ADOPTION_COLUMNS.filter((c) => c.startsWith('Date ')),
    held: true,
  },
  {
    id: 11,
    sheet: 'List 11',
    title: 'Adopters',
    months: 12,
    covers: 'Adopters in the twelve months to the day: not held by Steadfast, so the sheet has its headers and no rows',
    columns: ADOPTER_COLUMNS,
    dates: ADOPTER_COLUMNS.filter((c) => c.startsWith('Date ')),
    held: false,
  },
];

export interface Period {
  start: string;
  end: string;
}

/**
 * A list's period: the `months` months that end on `day`, both ends
 * included. Six months to 6 December runs from 7 June; on the day alone for
 * a list of who is supported now.
 */
export function periodOf(list: Pick<AnnexAList, 'months'>, day: string): Period {
  return { start: list.months === 0 ? day : addDays(addMonths(day, -list.months), 1), end: day };
}

/** The twelve months to `day`, for the columns counting "in the last 12 months". */
export function lastTwelveMonths(day: string): Period {
  return periodOf({ months: 12 }, day);
}
