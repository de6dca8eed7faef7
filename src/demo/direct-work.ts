// The demo council's direct-work library and the sessions recorded with it:
// nine tools (three of each kind) with short guidance written for the demo,
// and a session or two on a sample of open children's records over the last
// year, the child's words in the way a child of their age might put them;
// with a drawing of the work from about one in three sessions with a child of
// 3 to 12, kept as a document on their record naming the session.
import type { DirectWorkKind } from '../db/schema.ts';
import { attachmentTitle } from '../direct-work/index.ts';
import { addDays, ageOn } from '../platform/calendar/dates.ts';
import type { DemoContext } from './context.ts';
import { childsDrawing } from './documents.ts';
import { openAllocatedChildren } from './open-children.ts';
import { demoRand } from './rand.ts';
import { insertInBatches } from './insert.ts';

interface DemoTool {
  name: string;
  kind: DirectWorkKind;
  purpose: string;
  ageFrom: number;
  ageTo: number;
  suitsNeeds: string;
  guidance: string;
  /** The catalogue course it names, by name. */
  course: string | null;
}

const COMMUNICATION = 'Direct-work toolkit: communication and participation';
const DIGITAL = 'Direct-work toolkit: digital';
const NEGLECT = 'Direct-work toolkit: neglect';

/** Written for the demo: the council's own short guidance, not any published tool's content. */
export const DEMO_TOOLS: readonly DemoTool[] = [
  {
    name: 'Worries, good things and wishes',
    kind: 'communication',
    purpose: 'Helps a child say what worries them, what is going well and what they wish for, in pictures or words.',
    ageFrom: 4,
    ageTo: 12,
    suitsNeeds: 'Children who find it hard to talk face to face, or who are early in getting to know their worker.',
    guidance: 'Draw three shapes on a large sheet and let the child choose colours. Start with the good things.\nWrite down the child’s own words beside their drawing; ask before you write.\nDo not lead: ask “what else?” rather than naming worries yourself.',
    course: COMMUNICATION,
  },
  {
    name: 'My people circles',
    kind: 'communication',
    purpose: 'Shows who matters to the child and how close they feel to each person.',
    ageFrom: 5,
    ageTo: 17,
    suitsNeeds: 'Children in care or moving between homes; brothers and sisters placed apart.',
    guidance: 'The child puts themself in the middle and places people on circles going outwards.\nAsk about people who are missing from the circles as well as those on them.\nCome back to it at later visits: the changes tell you as much as the first picture.',
    course: COMMUNICATION,
  },
  {
    name: 'Feelings cards',
    kind: 'communication',
    purpose: 'Gives a child words and faces for feelings, so they can say how a time or a place makes them feel.',
    ageFrom: 3,
    ageTo: 11,
    suitsNeeds: 'Younger children, children with speech and language needs, children who use few words.',
    guidance: 'Lay out a few cards at a time. Ask the child to pick the card for a place or a person (school, home, contact).\nRecord which card they chose and anything they said, as they said it.',
    course: null,
  },
  {
    name: 'Online life map',
    kind: 'digital',
    purpose: 'Helps a young person show the apps, games and people in their online life, and where they feel safe or unsafe.',
    ageFrom: 9,
    ageTo: 18,
    suitsNeeds: 'Young people at risk of exploitation online, or who spend a lot of time online.',
    guidance: 'Let the young person draw or list the apps they use; ask who they talk to on each.\nBe curious, not shocked. Agree at the start what you will have to share and why.',
    course: DIGITAL,
  },
  {
    name: 'Wishes and feelings app session',
    kind: 'digital',
    purpose: 'Uses a tablet questionnaire with pictures and sounds so a child can answer questions about home, school and family at their own pace.',
    ageFrom: 6,
    ageTo: 16,
    suitsNeeds: 'Children who prefer screens to paper; children with autism who like a set structure.',
    guidance: 'Use the council’s tablet, never your own phone. Sit beside the child, not opposite.\nPrint or copy the answers onto the record the same day and delete them from the tablet.',
    course: DIGITAL,
  },
  {
    name: 'Messages to my worker',
    kind: 'digital',
    purpose: 'A shared page where a young person writes or records messages to their worker between visits.',
    ageFrom: 11,
    ageTo: 21,
    suitsNeeds: 'Teenagers and care leavers who find visits hard, or who want to say things in their own time.',
    guidance: 'Agree with the young person what the page is for and how quickly you will reply.\nCopy each message onto the record in their words. Explain that a worry about their safety will be acted on.',
    course: DIGITAL,
  },
  {
    name: 'A day in my life',
    kind: 'neglect',
    purpose: 'Walks through an ordinary day with the child to understand their care: waking, food, school, evenings and bedtime.',
    ageFrom: 4,
    ageTo: 14,
    suitsNeeds: 'Where neglect is a concern, or where the family’s account and the school’s differ.',
    guidance: 'Ask about yesterday, not “usually”. Ask who got them up, what they ate and who was at home.\nNote what the child said about each part of the day; your analysis goes in its own box.',
    course: NEGLECT,
  },
  {
    name: 'Home conditions walk-through with the child',
    kind: 'neglect',
    purpose: 'The child shows the worker their home and says what is theirs, where they sleep, and what they like and would change.',
    ageFrom: 5,
    ageTo: 17,
    suitsNeeds: 'Where the home’s condition is a concern; children who show more than they say.',
    guidance: 'Ask the parent’s agreement first and tell the child they can stop at any time.\nLet the child lead the way. Record what they point out in their words.',
    course: NEGLECT,
  },
  {
    name: 'Baby and toddler observation',
    kind: 'neglect',
    purpose: 'A structured observation of a baby or toddler with their carer: feeding, comfort, play and how the child responds.',
    ageFrom: 0,
    ageTo: 3,
    suitsNeeds: 'Babies and toddlers, and children who do not yet use words.',
    guidance: 'Observe for at least twenty minutes. Describe what the child did (sounds, looks, reaching out) as the child’s “words”.\nKeep what you saw apart from what you think it means.',
    course: NEGLECT,
  },
];

/** What a child of each age might say, by the kind of tool. */
const WORDS: Record<DirectWorkKind, { young: readonly string[]; middle: readonly string[]; older: readonly string[] }> = {
  communication: {
    young: ['I’m happy when Mummy does bubbles. I’m sad when it’s shouty.', 'My teddy is called Bear. I like my bed. I don’t like the dark.', 'Nanny makes pancakes. I want to go to Nanny’s.'],
    middle: ['My worry is Dad not coming on Saturday again. My good thing is football. I wish we could all have tea together.', 'I put my sister in the closest circle. I miss her at night.', 'School is OK. Break time is bad because no one plays with me.'],
    older: ['Honestly I just want people to stop asking me the same questions.', 'My mate Jay is the one I talk to. Not my mum, not right now.', 'I want to stay where I am. I’ve moved enough.'],
  },
  digital: {
    young: ['I play the car game on Mum’s phone.', 'I watch videos of dogs.', 'I like the tablet with the animals.'],
    middle: ['I have a game where you talk to people. Some of them are older. I don’t say where I live.', 'I liked doing it on the tablet better than talking.', 'Someone said mean things in the group chat so I left it.'],
    older: ['I only talk to people I know. Mostly.', 'I’d rather message you than sit here, no offence.', 'There was a guy who kept adding me. I blocked him in the end.'],
  },
  neglect: {
    young: ['(Reached for the worker’s keys, smiled, then looked back to Mum.)', 'I had crisps for breakfast. My tummy was grumbly.', '(Settled quickly when picked up by Dad; cried when put down on the floor.)'],
    middle: ['I got myself up. Mum was asleep. I had cereal but there wasn’t milk.', 'This is my room. I share the bed with my brother. The window doesn’t shut.', 'Grandad picks me up from school on Tuesdays. Those are the best days.'],
    older: ['I sort my little brother out in the mornings. Someone has to.', 'There’s usually food. Sometimes not at the end of the month.', 'My room’s fine. I just don’t like bringing friends back.'],
  },
};

const ANALYSES: Record<DirectWorkKind, readonly string[]> = {
  communication: [
    'The child names a clear wish for more predictable time with the family; the worries centre on conflict at home.',
    'Strong attachment to a sibling; separation is a source of distress that the plan should address.',
    'The child was guarded at first and relaxed once drawing. Peer relationships at school need attention.',
  ],
  digital: [
    'Some contact with unknown older users online; the child has taken sensible steps but would benefit from safety work.',
    'The child engaged far better through the tablet than in conversation; use it again at the next visit.',
    'Online bullying has affected the child’s mood; the school has not been told.',
  ],
  neglect: [
    'The account suggests inconsistent supervision in the mornings and gaps in food; fits the concerns from school.',
    'The home’s condition affects the child’s sleep; the child is protective of the parent.',
    'Good responsiveness from the carer during the observation; the child sought comfort and was soothed.',
  ],
};

const CHANGES: readonly string[] = [
  'Shared with the parent with the child’s agreement; added to the child’s plan.',
  'Raised at the core group; school to check in each morning.',
  'Referral made to the family support service.',
  'Nothing has changed yet; to return to it at the next visit.',
  'The child’s wishes were put to the review and the contact arrangements changed.',
];

export interface DirectWorkDemoSummary {
  tools: number;
  sessions: number;
  drawings: number;
}

function ageBand(age: number): 'young' | 'middle' | 'older' {
  return age < 6 ? 'young' : age < 12 ? 'middle' : 'older';
}

export async function generateDirectWork(ctx: DemoContext): Promise<DirectWorkDemoSummary> {
  const { db, today, faker } = ctx;
  const rand = demoRand(ctx);
  const courses = new Map((await db.selectFrom('training_courses').select(['id', 'name']).orderBy('name').execute()).map((c) => [c.name, c.id]));
  const tools = DEMO_TOOLS.map((t) => ({ ...t, id: faker.string.uuid() }));
  await db
    .insertInto('direct_work_tools')
    .values(tools.map((t) => ({ id: t.id, name: t.name, kind: t.kind, purpose: t.purpose, age_from: t.ageFrom, age_to: t.ageTo, suits_needs: t.suitsNeeds, guidance: t.guidance, course_id: t.course ? (courses.get(t.course) ?? null) : null, retired_on: null })))
    .execute();
  const children = await openAllocatedChildren(db);
  const limit = Math.max(20, Math.round(100 * ctx.scale));
  const sample = children.filter(() => rand.chance(0.2)).slice(0, limit);
  const rows = [];
  const drawable: { row: number; forename: string; toolName: string }[] = [];
  for (const child of sample) {
    const earliest = [child.start_date, addDays(today, -364), child.date_of_birth!].sort().at(-1)!;
    const span = Math.max(0, Math.round((Date.parse(today) - Date.parse(earliest)) / 86_400_000));
    const count = rand.int(1, 2);
    for (let i = 0; i < count; i++) {
      const date = addDays(earliest, rand.int(0, span));
      const age = ageOn(child.date_of_birth!, date);
      const suited = tools.filter((t) => t.ageFrom <= age && age <= t.ageTo);
      if (suited.length === 0) continue;
      const tool = rand.pick(suited);
      if (age >= 3 && age <= 12 && tool.kind !== 'digital') drawable.push({ row: rows.length, forename: child.forename, toolName: tool.name });
      rows.push({
        id: faker.string.uuid(),
        child_id: child.id,
        session_date: date,
        tool_id: tool.id,
        took_part: `${child.forename} and ${child.worker_name}${rand.chance(0.4) ? ', at school' : ', at home'}`,
        childs_words: rand.pick(WORDS[tool.kind][ageBand(age)]),
        analysis: rand.pick(ANALYSES[tool.kind]),
        what_changed: rand.pick(CHANGES),
        recorded_by: child.worker_id!,
        recorded_at: new Date(`${[addDays(date, rand.int(0, 2)), today].sort()[0]}T16:00:00Z`),
      });
    }
  }
  await insertInBatches(db, 'direct_work_sessions', rows);
  // Drawn after every session, so adding them changed no session.
  let drawings = 0;
  for (const { row, forename, toolName } of drawable) {
    if (!rand.chance(0.35)) continue;
    const session = rows[row]!;
    const content = childsDrawing(rand);
    const id = faker.string.uuid();
    await db
      .insertInto('documents')
      .values({
        id,
        child_id: session.child_id,
        title: attachmentTitle('childs_work', forename, toolName, session.session_date),
        document_date: session.session_date,
        kind: 'childs_work',
        file_name: 'drawing.png',
        media_type: 'image/png',
        size_bytes: content.length,
        uploaded_by: session.recorded_by,
        uploaded_at: session.recorded_at,
        direct_work_session_id: session.id,
      })
      .execute();
    await db.insertInto('document_contents').values({ document_id: id, content }).execute();
    drawings += 1;
  }
  return { tools: tools.length, sessions: rows.length, drawings };
}
