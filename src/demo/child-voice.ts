// The demo council's children's own links: on a sample of open children's
// records, links made over the last year (most used, some expired unused, one
// still live) and what the children sent through them, across the scenarios.
// A couple said they were worried and have a response; one, a child of the
// demo social worker, has none yet, so the home page shows the flag.
import type { ChildVoiceFeeling, ChildVoiceScenario } from '../db/schema.ts';
import { addDays } from '../platform/calendar/dates.ts';
import { DEMO_ACCOUNTS } from './accounts.ts';
import type { DemoContext } from './context.ts';
import { demoRand } from './rand.ts';
import { insertInBatches } from './insert.ts';

const WORDS: Record<ChildVoiceScenario, readonly string[]> = {
  review: ['I want to keep seeing my brother every week. I don’t want the meeting to be at school.', 'Things are better. I want Nan to come to my meeting.', 'I don’t like talking in the big meeting. Can you say this for me?'],
  placement: ['I like my room. The dog sleeps on my bed.', 'It’s okay here but I miss my mum’s cooking.', 'They’re kind to me. I want to stay.'],
  education: ['Maths is hard but Miss Patel helps me.', 'I got moved to a new table and I like it better.', 'I don’t want to go to a new school again.'],
  missing: ['I went to my friend’s. I know I should have said.', 'I was with people from the park. I won’t go back there.', 'I just needed to get out for a bit.'],
  good_news: ['I got into the football team!', 'I got a certificate for reading.', 'I did my first sleepover.'],
};

const WORRIED_WORDS = ['Someone keeps messaging me and I don’t like it.', 'I feel scared when I go home on Saturdays.', 'People at the park want me to carry things for them.'];
const RESPONSES = ['Visited the same day and talked it through; safety plan agreed with the carers.', 'Spoke to the young person by phone within the hour; strategy discussion held the next day.'];

export interface ChildVoiceDemoSummary {
  links: number;
  statements: number;
}

export async function generateChildVoice(ctx: DemoContext): Promise<ChildVoiceDemoSummary> {
  const { db, today, faker } = ctx;
  const rand = demoRand(ctx);
  const demoWorker = await db.selectFrom('users').select('id').where('email', '=', DEMO_ACCOUNTS.find((a) => a.role === 'social_worker')!.email).executeTakeFirst();
  const children = await db
    .selectFrom('people')
    .innerJoin('allocations as lead', 'lead.child_id', 'people.id')
    .select(['people.id', 'people.date_of_birth', 'lead.worker_id', 'lead.start_date'])
    .where('people.is_child', '=', true)
    .where('lead.role', '=', 'lead')
    .where('lead.end_date', 'is', null)
    .where('lead.worker_id', 'is not', null)
    .where('people.date_of_death', 'is', null)
    .where('people.restricted', '=', false)
    .where('people.date_of_birth', '<=', addDays(today, -7 * 365))
    .orderBy('people.la_child_id')
    .orderBy('people.id')
    .execute();
  const limit = Math.max(12, Math.round(40 * ctx.scale));
  const sample = children.filter(() => rand.chance(0.15)).slice(0, limit);
  const demoChild = demoWorker ? children.find((c) => c.worker_id === demoWorker.id) : undefined;
  if (demoChild && !sample.includes(demoChild)) sample.push(demoChild);
  const scenarios = Object.keys(WORDS) as ChildVoiceScenario[];
  const feelings: ChildVoiceFeeling[] = ['great', 'good', 'okay', 'not_good'];
  const links = [];
  const statements = [];
  let worriedAnswered = 0;
  for (const [i, child] of sample.entries()) {
    const worker = child.worker_id!;
    const isDemoChild = child === demoChild;
    const earliest = [child.start_date, addDays(today, -360)].sort().at(-1)!;
    const span = Math.max(0, Math.round((Date.parse(addDays(today, -3)) - Date.parse(earliest)) / 86_400_000));
    const live = i === 0;
    const made = isDemoChild ? addDays(today, -2) : live ? addDays(today, -1) : addDays(earliest, rand.int(0, span));
    const createdAt = new Date(`${made}T10:00:00Z`);
    const scenario = isDemoChild ? 'placement' : rand.pick(scenarios);
    // One in six never used (expired unless made in the last fortnight); the first is live, made yesterday.
    const unused = !isDemoChild && (live || rand.chance(1 / 6));
    const link = {
      id: faker.string.uuid(),
      child_id: child.id,
      scenario,
      easy_read: rand.chance(0.3),
      language: 'en',
      token_hash: faker.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' }),
      created_by: worker,
      created_at: createdAt,
      expires_at: new Date(createdAt.getTime() + 14 * 86_400_000),
      uses_allowed: 1,
      uses_made: unused ? 0 : 1,
    };
    links.push(link);
    if (unused) continue;
    // Sent within a day of the link (made at least three days ago), so a response hours later is still in the past.
    const sent = addDays(made, isDemoChild ? 1 : rand.int(0, 1));
    const receivedAt = new Date(`${[sent, today].sort()[0]}T16:30:00Z`);
    const worried = isDemoChild || (worriedAnswered < 2 && rand.chance(0.2));
    const answered = worried && !isDemoChild;
    if (answered) worriedAnswered += 1;
    const respondedAt = answered ? new Date(receivedAt.getTime() + rand.int(1, 20) * 3_600_000) : null;
    statements.push({
      id: faker.string.uuid(),
      child_id: child.id,
      link_id: link.id,
      scenario,
      feeling: worried ? ('bad' as const) : rand.pick(feelings),
      words: worried ? rand.pick(WORRIED_WORDS) : rand.pick(WORDS[scenario]),
      worried,
      received_at: receivedAt,
      response: answered ? rand.pick(RESPONSES) : null,
      responded_on: respondedAt ? respondedAt.toISOString().slice(0, 10) : null,
      responded_by: answered ? worker : null,
      responded_at: respondedAt,
    });
  }
  await insertInBatches(db, 'child_voice_links', links);
  await insertInBatches(db, 'child_voice_statements', statements);
  return { links: links.length, statements: statements.length };
}
