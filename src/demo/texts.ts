// Words for the demo records: short, ordinary and plainly made up. Nothing
// here describes a real person or a real event.
import type { Rand } from './rand.ts';

const CONTACT_TEXT: Record<string, readonly string[]> = {
  police: [
    'Police notification after a verbal argument between the adults at the family home; children present but not hurt.',
    'Police attended a report of a disturbance at the address late at night. Officers noted the home was cold and untidy.',
    'Young person found by police in town after midnight; returned home. Parents say this is happening more often.',
    'Police report of a domestic incident: mother says her partner has now left the home.',
  ],
  school: [
    'School raised concerns about attendance (under 80% this term) and the child arriving hungry.',
    'Designated safeguarding lead reports the child said they were frightened to go home after an argument.',
    'School worried about a change in behaviour: withdrawn in class and not wanting to change for PE.',
    'Teacher noticed unexplained bruising on the forearm; the child gave two different explanations.',
  ],
  health: [
    'Health visitor concerned about the baby’s weight gain and missed appointments.',
    'Emergency department attendance with an injury the parent could not explain clearly.',
    'GP concerned about the parent’s mental health and how they are managing the children day to day.',
    'School nurse reports the young person disclosed self-harm and asked for help.',
  ],
  council: [
    'Early help practitioner asks for a social work assessment: the family plan has not led to change.',
    'Adult social care worker concerned about the children while the parent is unwell.',
    'Another council’s children’s services tell us the family has moved into the area.',
    'Housing officer reports the family is at risk of eviction and the home is in poor condition.',
  ],
  individual: [
    'Grandparent worried about the children being left alone in the evenings.',
    'Neighbour reports hearing shouting and a young child crying for long periods.',
    'Young person phoned asking for help because they do not feel safe at home.',
    'Relative concerned about the parent’s drinking and the care of the children.',
  ],
  other: [
    'Voluntary organisation worried about the family’s circumstances after a home visit.',
    'Anonymous caller concerned about the care of the children at the address.',
    'Probation service sharing information about an adult who has moved into the household.',
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

export function contactSummary(r: Rand, source: string): string {
  return r.pick(CONTACT_TEXT[contactGroup(source)]!);
}

export type NoteType = 'visit' | 'direct_work' | 'phone_call' | 'management_oversight' | 'supervision_direction' | 'meeting' | 'other';

/** What the note is about: the child's situation when it was written. */
export type NoteSetting = 'home' | 'placement' | 'leaving_care' | 'assessment';

interface NoteParts {
  titles: readonly string[];
  openings: readonly string[];
  middles: readonly string[];
  endings: readonly string[];
}

const VISIT: Record<NoteSetting, NoteParts> = {
  home: {
    titles: ['Home visit', 'Statutory visit', 'Unannounced home visit', 'Visit to the family home'],
    openings: [
      'Visited {name} at home with mum.',
      'Unannounced visit after school; {name} and mum were in.',
      'Visited the family home as agreed at the last meeting.',
    ],
    middles: [
      '{name} showed me their bedroom, which was clean and had a new bed.',
      'There was food in the fridge and the kitchen was tidy.',
      '{name} talked about school and said lunchtimes are better since joining the football club.',
      'Mum said the mornings are still hard but the children are getting to school on time more often.',
      'I saw {name} on their own in the living room for about twenty minutes.',
    ],
    endings: [
      'Next visit booked for two weeks’ time.',
      'Agreed with mum to chase the housing repair together.',
      'Will feed back to the core group on Thursday.',
      'No new concerns seen today.',
    ],
  },
  placement: {
    titles: ['Statutory visit to placement', 'Placement visit', 'Visit to {name} in placement'],
    openings: [
      'Visited {name} at the carers’ home.',
      'Statutory visit; saw {name} alone and then with the carers.',
      'Visited {name} at the placement after school.',
    ],
    middles: [
      '{name} showed me photos from the weekend trip to the coast.',
      'The carers say {name} is sleeping better and eating well.',
      '{name} asked when the next family time with mum will be.',
      '{name} is enjoying the new school and has made a friend called Jordan.',
      'We talked about what {name} wants to say at the next review.',
    ],
    endings: [
      'Bedroom seen: warm, tidy and personalised with posters.',
      'Will ask the IRO about moving the review to after school.',
      'Placement stable; next visit within six weeks.',
      'Agreed to look into swimming lessons with the carers.',
    ],
  },
  leaving_care: {
    titles: ['Pathway plan visit', 'Catch-up visit', 'Visit to {name}’s flat'],
    openings: ['Met {name} at their flat.', 'Met {name} in a café in town as they asked.', 'Visited {name} at home.'],
    middles: [
      '{name} is keeping up with rent and asked for help with a council tax letter.',
      '{name} has started a college course in motor vehicle maintenance.',
      '{name} talked about applying for an apprenticeship.',
      'We went through the budget together; {name} is managing better this month.',
    ],
    endings: [
      'Will send the apprenticeship links by email.',
      'Pathway plan review due next month.',
      'Agreed to meet again in four weeks.',
    ],
  },
  assessment: {
    titles: ['Assessment visit', 'Initial home visit', 'Assessment: seeing the child'],
    openings: ['First visit for the assessment.', 'Visited with a colleague to start the assessment.', 'Saw {name} at school for the assessment.'],
    middles: [
      'Explained why we are involved and what happens next.',
      '{name} drew a picture of who lives at home and who they go to when sad.',
      'Mum agreed to us speaking with the school and the GP.',
      '{name} said they feel safe at home most of the time.',
    ],
    endings: ['Assessment continues; checks with health requested.', 'Will speak to the school this week.', 'Next visit arranged for Monday.'],
  },
};

const OTHER_NOTES: Record<Exclude<NoteType, 'visit'>, NoteParts> = {
  direct_work: {
    titles: ['Direct work: my three houses', 'Direct work session', 'Life story work', 'Direct work: wishes and feelings'],
    openings: ['Direct work session with {name}.', 'Spent an hour with {name} using the three houses tool.', 'Continued life story work with {name}.'],
    middles: [
      'In the house of worries {name} put arguments at home and getting told off at school.',
      '{name} chose to draw their family and put the dog in the middle.',
      'We looked at baby photos and {name} asked lots of questions.',
      '{name} said the best thing this month was their birthday tea.',
    ],
    endings: ['{name}’s words will go into the plan.', 'Next session in two weeks.', 'Shared the drawings with the carers with {name}’s agreement.'],
  },
  phone_call: {
    titles: ['Call with school', 'Phone call with mum', 'Call from the carers', 'Call with the health visitor'],
    openings: ['Phone call with the school’s safeguarding lead.', 'Mum rang to talk about contact arrangements.', 'The carers called with an update.'],
    middles: [
      'Attendance is up to 92% this half term.',
      'Mum asked to move family time to Saturdays because of her new job.',
      '{name} had a good week; one difficult evening after family time.',
      'The dental appointment has been booked.',
    ],
    endings: ['No action needed.', 'Will confirm in writing.', 'Passed on to the family time team.'],
  },
  management_oversight: {
    titles: ['Management oversight', 'Allocation and management oversight', 'Case direction'],
    openings: ['Case discussed with the allocated worker.', 'Read the chronology and the latest assessment.', 'Management oversight on allocation.'],
    middles: [
      'The plan is clear and visits are up to date.',
      'The risks are understood; the focus should stay on the home conditions.',
      'The child’s voice is well recorded in the last two visits.',
      'Agreed the case should stay at the current level for now.',
    ],
    endings: ['Review in supervision next month.', 'Actions agreed and recorded on the plan.', 'Worker to update the chronology by Friday.'],
  },
  supervision_direction: {
    titles: ['Supervision direction', 'Supervision: case discussion'],
    openings: ['Case discussed in supervision.', 'Reflective discussion in supervision.'],
    middles: [
      'We talked about how to involve dad, who has not yet been seen.',
      'Agreed to hold a family network meeting before the next review.',
      'Worker to complete the neglect toolkit with mum.',
    ],
    endings: ['Due within four weeks.', 'To be reviewed at the next supervision.', 'Worker supported with this.'],
  },
  meeting: {
    titles: ['Core group meeting', 'Child in need meeting', 'Looked after review', 'Strategy discussion', 'Family network meeting'],
    openings: ['Meeting held at the family centre.', 'Online meeting with school, health and the family.', 'Meeting chaired by the team manager.'],
    middles: [
      'Everyone agreed things have improved since the last meeting.',
      'School reported better attendance; health visitor has no new worries.',
      'Mum shared that she has started a parenting course.',
      'The plan was updated with three clear actions.',
    ],
    endings: ['Next meeting in six weeks.', 'Minutes to be sent to all.', 'Plan shared with the family.'],
  },
  other: {
    titles: ['Chronology updated', 'Letter sent', 'Referral to a service', 'Records checked'],
    openings: ['Updated the chronology with recent events.', 'Sent a letter to mum confirming the plan.', 'Made a referral to the young carers service.'],
    middles: ['No new information found.', 'Copy kept on the record.', 'The service will contact the family directly.'],
    endings: ['', 'Will check for a reply next week.'],
  },
};

export interface NoteText {
  title: string;
  body: string;
}

export function noteText(r: Rand, type: NoteType, setting: NoteSetting, forename: string): NoteText {
  const parts = type === 'visit' ? VISIT[setting] : OTHER_NOTES[type];
  const fill = (s: string) => s.replaceAll('{name}', forename);
  const middles = r.shuffle(parts.middles).slice(0, r.int(1, 2));
  const sentences = [r.pick(parts.openings), ...middles, r.pick(parts.endings)].filter((s) => s !== '');
  return { title: fill(r.pick(parts.titles)), body: fill(sentences.join(' ')) };
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
