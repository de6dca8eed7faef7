// Words for the demo records: short, ordinary and plainly made up. Nothing
// here describes a real person or a real event.
import type { Rand } from './rand.ts';

/** A line of text for children from `min` to `max` years old. */
type Aged = readonly [text: string, min: number, max: number];

const ANY = 99;

const CONTACT_TEXT: Record<string, readonly Aged[]> = {
  police: [
    ['Police notification after a verbal argument between the adults at the family home; the children were present but not hurt.', 0, ANY],
    ['Police attended a report of a disturbance at the address late at night. Officers noted the home was cold and untidy.', 0, ANY],
    ['Young person found by police in town after midnight and taken home. Parents say this is happening more often.', 12, ANY],
    ['Police report of a domestic incident: mother says her partner has now left the home.', 0, ANY],
  ],
  school: [
    ['School raised concerns about attendance (under 80% this term) and the child arriving hungry.', 4, ANY],
    ['Designated safeguarding lead reports the child said they were frightened to go home after an argument.', 5, ANY],
    ['School worried about a change in behaviour: withdrawn in class and not wanting to change for PE.', 5, ANY],
    ['Teacher noticed unexplained bruising on the forearm; the child gave two different explanations.', 4, ANY],
    ['Nursery staff worried that the child is often collected late and seems tired and hungry.', 2, 4],
  ],
  health: [
    ['Health visitor concerned about the baby’s weight gain and missed appointments.', 0, 2],
    ['Midwife concerned about the mother’s drug use and missed antenatal appointments.', -1, 0],
    ['Emergency department attendance with an injury the parent could not explain clearly.', 0, ANY],
    ['GP concerned about the parent’s mental health and how they are managing the children day to day.', 0, ANY],
    ['School nurse reports the young person disclosed self-harm and asked for help.', 11, ANY],
  ],
  council: [
    ['Early help practitioner asks for a social work assessment: the family plan has not led to change.', 0, ANY],
    ['Adult social care worker concerned about the children while the parent is unwell.', 0, ANY],
    ['Another council’s children’s services tell us the family has moved into the area.', 0, ANY],
    ['Housing officer reports the family is at risk of eviction and the home is in poor condition.', 0, ANY],
  ],
  individual: [
    ['Grandparent worried about the children being left alone in the evenings.', 0, ANY],
    ['Neighbour reports hearing shouting and a young child crying for long periods.', 0, 8],
    ['Young person phoned asking for help because they do not feel safe at home.', 11, ANY],
    ['Relative concerned about the parent’s drinking and the care of the children.', 0, ANY],
  ],
  other: [
    ['Voluntary organisation worried about the family’s circumstances after a home visit.', 0, ANY],
    ['Anonymous caller concerned about the care of the children at the address.', 0, ANY],
    ['Probation service sharing information about an adult who has moved into the household.', 0, ANY],
  ],
};

function contactGroup(source: string): keyof typeof CONTACT_TEXT {
  if (source === '6') return 'police';
  if (source.startsWith('2')) return 'school';
  if (source.startsWith('3')) return 'health';
  if (source.startsWith('5') || source === '4') return 'council';
  if (source.startsWith('1')) return 'individual';
  return 'other';
}

function forAge(lines: readonly Aged[], age: number): string[] {
  const fit = lines.filter(([, min, max]) => age >= min && age <= max).map(([text]) => text);
  return fit.length ? fit : lines.filter(([, min]) => min <= 0).map(([text]) => text);
}

/** What a contact said, fitting the age of the child it was about (-1 for an unborn child). */
export function contactSummary(r: Rand, source: string, age: number): string {
  const lines = forAge(CONTACT_TEXT[contactGroup(source)]!, age);
  return lines.length ? r.pick(lines) : 'Concern shared about the care of the children.';
}

export type NoteType = 'visit' | 'direct_work' | 'phone_call' | 'management_oversight' | 'supervision_direction' | 'meeting' | 'other';

/** What the note is about: the child's situation when it was written. */
export type NoteSetting = 'assessment' | 'home' | 'protection' | 'placement' | 'leaving_care';

interface NoteParts {
  /** Titles paired with the openings at the same place, when `paired`; otherwise each drawn on its own. */
  titles: readonly string[];
  openings: readonly string[];
  paired?: boolean;
  middles: readonly Aged[];
  endings: readonly string[];
}

const HOME_MIDDLES: readonly Aged[] = [
  ['{name} showed me their bedroom, which was clean and had a new bed.', 3, ANY],
  ['There was food in the fridge and the kitchen was tidy.', 0, ANY],
  ['{name} talked about school and said lunchtimes are better since joining the football club.', 6, 15],
  ['Mum said the mornings are still hard but the children are getting to school on time more often.', 4, 15],
  ['I saw {name} on their own in the living room for about twenty minutes.', 4, ANY],
  ['{name} was asleep in the cot when I arrived; mum woke them for a feed and handled them gently.', 0, 1],
  ['{name} was playing with building blocks and brought me a book to read.', 1, 4],
  ['{name} talked about their part-time job and wanting to learn to drive.', 15, ANY],
];

const PLACEMENT_MIDDLES: readonly Aged[] = [
  ['{name} showed me photos from the weekend trip to the coast.', 3, ANY],
  ['The carers say {name} is sleeping better and eating well.', 0, ANY],
  ['{name} asked when the next family time with mum will be.', 4, ANY],
  ['{name} is enjoying the new school and has made a friend called Jordan.', 5, 15],
  ['We talked about what {name} wants to say at the next review.', 7, ANY],
  ['The carer says {name} has started crawling and is babbling a lot.', 0, 1],
  ['{name} is settled at nursery three mornings a week.', 2, 4],
  ['{name} talked about college and what they want to do after their exams.', 15, ANY],
];

const VISIT: Record<NoteSetting, NoteParts> = {
  assessment: {
    titles: ['Assessment visit', 'Initial home visit', 'Assessment: seeing the child'],
    openings: ['First visit for the assessment.', 'Visited with a colleague to start the assessment.', 'Saw {name} at home with mum for the assessment.'],
    middles: [
      ['Explained to mum why we are involved and what happens next.', 0, ANY],
      ['{name} drew a picture of who lives at home and who they go to when sad.', 4, 12],
      ['Mum agreed to us speaking with the school and the GP.', 0, ANY],
      ['{name} said they feel safe at home most of the time.', 5, ANY],
      ['{name} was alert and well dressed; mum was warm with them.', 0, 3],
    ],
    endings: ['Assessment continues; checks with health requested.', 'Will speak to the school this week.', 'Next visit arranged for Monday.'],
  },
  home: {
    titles: ['Home visit', 'Child in need visit', 'Visit to the family home'],
    openings: ['Visited {name} at home with mum.', 'Visited the family home as agreed at the last meeting.', 'Visited after school; {name} and mum were in.'],
    middles: HOME_MIDDLES,
    endings: ['Next visit booked for four weeks’ time.', 'Agreed with mum to chase the housing repair together.', 'No new concerns seen today.'],
  },
  protection: {
    titles: ['Child protection visit', 'Unannounced home visit', 'Statutory visit'],
    openings: ['Unannounced visit; {name} and mum were in.', 'Child protection visit as set by the plan.', 'Visited {name} at home with mum and her partner.'],
    middles: HOME_MIDDLES,
    endings: ['Next visit within ten working days.', 'Will feed back to the core group on Thursday.', 'No new concerns seen today.'],
  },
  placement: {
    titles: ['Statutory visit to placement', 'Placement visit', 'Visit to {name} in placement'],
    openings: ['Visited {name} at the carers’ home.', 'Statutory visit; saw {name} alone and then with the carers.', 'Visited {name} at the placement.'],
    middles: PLACEMENT_MIDDLES,
    endings: ['Bedroom seen: warm, tidy and personal to {name}.', 'Will ask the IRO about moving the review to after school.', 'Placement stable; next visit within six weeks.'],
  },
  leaving_care: {
    titles: ['Pathway plan visit', 'Catch-up visit', 'Visit to {name}’s flat'],
    openings: ['Met {name} at their flat.', 'Met {name} in a café in town as they asked.', 'Visited {name} at home.'],
    middles: [
      ['{name} is keeping up with rent and asked for help with a council tax letter.', 16, ANY],
      ['{name} has started a college course in motor vehicle maintenance.', 16, ANY],
      ['{name} talked about applying for an apprenticeship.', 16, ANY],
      ['We went through the budget together; {name} is managing better this month.', 16, ANY],
    ],
    endings: ['Will send the apprenticeship links by email.', 'Pathway plan review due next month.', 'Agreed to meet again in four weeks.'],
  },
};

const OTHER_NOTES: Record<Exclude<NoteType, 'visit' | 'meeting'>, NoteParts> = {
  direct_work: {
    titles: ['Direct work: three houses', 'Direct work: wishes and feelings', 'Life story work', 'Direct work session'],
    openings: ['Used the three houses tool with {name}.', 'Direct work with {name} about what they want to happen.', 'Continued life story work with {name}.', 'Spent an hour with {name}.'],
    paired: true,
    middles: [
      ['In the house of worries {name} put arguments at home and getting told off at school.', 5, 15],
      ['{name} chose to draw their family and put the dog in the middle.', 4, 12],
      ['We looked at baby photos and {name} asked lots of questions.', 4, ANY],
      ['{name} said the best thing this month was their birthday tea.', 4, ANY],
      ['{name} talked about what home should feel like: calm, and people listening.', 12, ANY],
    ],
    endings: ['{name}’s words will go into the plan.', 'Next session in two weeks.', 'Shared the drawings with the carers with {name}’s agreement.'],
  },
  phone_call: {
    titles: ['Call with school', 'Phone call with mum', 'Call from the carers', 'Call with the health visitor'],
    openings: ['Phone call with the school’s safeguarding lead.', 'Mum rang to talk about family time.', 'The carers called with an update.', 'Phone call with the health visitor.'],
    paired: true,
    middles: [
      ['Things have been calmer this week.', 0, ANY],
      ['The appointment has been booked for next month.', 0, ANY],
      ['No new worries were raised.', 0, ANY],
    ],
    endings: ['No action needed.', 'Will confirm in writing.', 'Noted for the next meeting.'],
  },
  management_oversight: {
    titles: ['Management oversight', 'Allocation and management oversight', 'Case direction'],
    openings: ['Case discussed with the allocated worker.', 'Read the chronology and the latest assessment.', 'Management oversight on allocation.'],
    middles: [
      ['The plan is clear and visits are up to date.', 0, ANY],
      ['The risks are understood; the focus should stay on the home conditions.', 0, ANY],
      ['The child’s voice is well recorded in the last two visits.', 4, ANY],
      ['Agreed the case should stay at the current level for now.', 0, ANY],
    ],
    endings: ['Review in supervision next month.', 'Actions agreed and recorded on the plan.', 'Worker to update the chronology by Friday.'],
  },
  supervision_direction: {
    titles: ['Supervision direction', 'Supervision: case discussion'],
    openings: ['Case discussed in supervision.', 'Reflective discussion in supervision.'],
    middles: [
      ['We talked about how to involve dad, who has not yet been seen.', 0, ANY],
      ['Agreed to hold a family network meeting before the next review.', 0, ANY],
      ['Worker to complete the neglect toolkit with mum.', 0, ANY],
    ],
    endings: ['Due within four weeks.', 'To be reviewed at the next supervision.', 'Worker supported with this.'],
  },
  other: {
    titles: ['Chronology updated', 'Letter sent', 'Referral to a service'],
    openings: ['Updated the chronology with recent events.', 'Sent a letter to mum confirming the plan.', 'Made a referral to a local family support service.'],
    paired: true,
    middles: [
      ['Copy kept on the record.', 0, ANY],
      ['The service will contact the family directly.', 0, ANY],
    ],
    endings: ['Will check for a reply next week.', 'Nothing further needed for now.'],
  },
};

const MEETINGS: Record<NoteSetting, NoteParts> = {
  assessment: {
    titles: ['Strategy discussion', 'Professionals’ meeting'],
    openings: ['Strategy discussion with police and health.', 'Meeting with the school and the health visitor.'],
    paired: true,
    middles: [['Information shared; agreed the next steps of the assessment.', 0, ANY]],
    endings: ['Outcome recorded on the assessment.', 'Actions sent to all.'],
  },
  home: {
    titles: ['Child in need meeting', 'Family network meeting'],
    openings: ['Child in need meeting at the family centre.', 'Family network meeting with mum, grandparents and an aunt.'],
    paired: true,
    middles: [
      ['Everyone agreed things have improved since the last meeting.', 0, ANY],
      ['Mum shared that she has started a parenting course.', 0, ANY],
      ['The plan was updated with three clear actions.', 0, ANY],
    ],
    endings: ['Next meeting in eight weeks.', 'Plan shared with the family.'],
  },
  protection: {
    titles: ['Core group meeting', 'Review child protection conference'],
    openings: ['Core group meeting with school, health and the family.', 'Review conference chaired by the IRO.'],
    paired: true,
    middles: [
      ['School reported better attendance; the health visitor has no new worries.', 0, ANY],
      ['Mum shared that she has started a parenting course.', 0, ANY],
      ['The plan was updated with three clear actions.', 0, ANY],
    ],
    endings: ['Next core group in four weeks.', 'Minutes to be sent to all.'],
  },
  placement: {
    titles: ['Looked after review', 'Placement planning meeting', 'Personal education plan meeting'],
    openings: ['Review chaired by the IRO at the carers’ home.', 'Placement planning meeting with the carers.', 'PEP meeting at school with the designated teacher.'],
    paired: true,
    middles: [
      ['{name} joined for part of the meeting and said they are happy where they live.', 6, ANY],
      ['The care plan was agreed and family time will continue as now.', 0, ANY],
      ['Health assessment and dental check are up to date.', 0, ANY],
    ],
    endings: ['Next review in six months.', 'Decisions to be sent to everyone within five working days.'],
  },
  leaving_care: {
    titles: ['Pathway plan review'],
    openings: ['Pathway plan review with {name} and their adviser.'],
    middles: [['Accommodation, money and college were each talked through.', 16, ANY]],
    endings: ['Plan updated and shared with {name}.'],
  },
};

export interface NoteText {
  title: string;
  body: string;
}

/** A note's title and a few plain sentences, fitting the child's age and situation. */
export function noteText(r: Rand, type: NoteType, setting: NoteSetting, forename: string, age: number): NoteText {
  const parts = type === 'visit' ? VISIT[setting] : type === 'meeting' ? MEETINGS[setting] : OTHER_NOTES[type];
  const fill = (s: string) => s.replaceAll('{name}', forename);
  const i = r.int(0, parts.titles.length - 1);
  const title = parts.titles[i]!;
  const opening = parts.paired ? parts.openings[Math.min(i, parts.openings.length - 1)]! : r.pick(parts.openings);
  const middles = r.shuffle(forAge(parts.middles, age)).slice(0, r.int(1, 2));
  const sentences = [opening, ...middles, r.pick(parts.endings)];
  return { title: fill(title), body: fill(sentences.join(' ')) };
}

/** What an earlier version said before the author corrected or added to it. */
export function earlierVersion(r: Rand, text: NoteText): NoteText {
  const sentences = text.body.split('. ');
  if (sentences.length > 2 && r.chance(0.6)) return { title: text.title, body: `${sentences.slice(0, -1).join('. ')}.` };
  return { title: r.chance(0.5) ? `${text.title} (draft)` : text.title, body: text.body.replace(/ (mum|the carers|school)/, ' the family') };
}

const SURGERY = ['Medical Centre', 'Surgery', 'Health Centre', 'Family Practice'];
const SCHOOL = ['Primary School', 'Academy', 'Community College', 'CE Primary School', 'Junior School'];

export function gpPractice(r: Rand, town: string | null): string {
  return `${town ?? r.pick(['Old Town', 'Harbour', 'Downs', 'Priory'])} ${r.pick(SURGERY)}`;
}

export function schoolName(r: Rand, town: string | null, age: number): string {
  const kind = age < 11 ? r.pick(SCHOOL.filter((s) => s.includes('Primary') || s.includes('Junior'))) : r.pick(['Academy', 'Community College', 'High School']);
  return `${r.pick(['St Mary’s', 'Oakwood', 'Downland', 'Seaview', 'Priory', 'Ashdown', 'Harbour', 'Meadow'])} ${kind}${town ? `, ${town}` : ''}`;
}

/** Fictional telephone numbers: Ofcom keeps 01632 960000–960999 for drama. */
export function fictionalPhone(r: Rand): string {
  return `01632 960${String(r.int(0, 999)).padStart(3, '0')}`;
}

/** Names for unaccompanied children; the demo's faker has only English names. */
export const UASC_FORENAMES = ['Ahmad', 'Mohammed', 'Yonas', 'Abdul', 'Samuel', 'Omar', 'Hassan', 'Dawit', 'Ali', 'Mustafa', 'Bilal', 'Kidane', 'Idris', 'Tesfay', 'Jamal', 'Rahim'];
export const UASC_SURNAMES = ['Ahmadi', 'Haile', 'Hussein', 'Mohammadi', 'Tesfaye', 'Karimi', 'Abdi', 'Osman', 'Rahimi', 'Berhane', 'Yusuf', 'Hakimi', 'Ibrahim', 'Gebre'];
