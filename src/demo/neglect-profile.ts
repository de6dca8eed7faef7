// The demo council's neglect profile and its completions: version 1 of the
// profile, seven domains with descriptors written for the demo (the council's
// own words, not any licensed tool's), and repeated completions for a sample
// of children on an open child protection plan for neglect, about every three
// months from the plan's start. Most children's grades improve over time; a
// few stay stuck or get worse; a few are overdue their next profile.
import type { Insertable } from 'kysely';
import type { NeglectProfileGradesTable, NeglectProfilesTable } from '../db/schema.ts';
import { addDays, addMonths } from '../platform/calendar/dates.ts';
import type { DemoContext } from './context.ts';
import { demoRand } from './rand.ts';
import { insertInBatches } from './insert.ts';

type Descriptors = readonly [string, string, string, string, string];

/** Written for the demo. Grade 1: the child's needs are met well; grade 5: severe neglect. */
export const DEMO_DOMAINS: readonly { key: string; name: string; grades: Descriptors }[] = [
  {
    key: 'nutrition',
    name: 'Nutrition',
    grades: [
      'Regular meals suited to the child’s age; food is always in the home; the child is a healthy weight.',
      'Meals mostly regular; occasional gaps the parent puts right quickly.',
      'Meals irregular; the child sometimes arrives at school hungry; snacks stand in for meals.',
      'Often no food in the home; the child takes food from others or hides it; weight is a concern.',
      'The child goes without food for long periods; faltering growth or hunger seen by professionals.',
    ],
  },
  {
    key: 'housing',
    name: 'Housing and home conditions',
    grades: [
      'The home is warm, clean and safe; the child has their own bed and space for their things.',
      'The home is mostly clean and warm; minor hazards are put right when pointed out.',
      'The home is cluttered or dirty in places; heating or bedding is sometimes lacking.',
      'Poor hygiene throughout; hazards within the child’s reach; no proper bed.',
      'The home is unsafe or unfit to live in: no heating, rubbish or animal waste, exposed dangers.',
    ],
  },
  {
    key: 'hygiene',
    name: 'Hygiene and clothing',
    grades: [
      'The child is clean and dressed for the weather; clothes fit and are washed.',
      'Usually clean and suitably dressed; lapses are occasional.',
      'Often unwashed or in dirty clothes; the child is sometimes teased for it.',
      'Persistently dirty or smelling; clothes do not fit or suit the weather.',
      'Severe neglect of hygiene: untreated infestations, sores or rashes; no suitable clothes.',
    ],
  },
  {
    key: 'health',
    name: 'Health care',
    grades: [
      'Health, dental and eye checks kept; illness and injury treated promptly; immunisations up to date.',
      'Most appointments kept; the parent seeks help when the child is unwell.',
      'Appointments often missed; help sought late; immunisations behind.',
      'Health needs known but not met; medication not given; dental pain left untreated.',
      'Serious illness or injury left without treatment; the child’s health is harmed.',
    ],
  },
  {
    key: 'safety',
    name: 'Safety and supervision',
    grades: [
      'Supervision suits the child’s age; the parent knows where the child is and who they are with.',
      'Supervision mostly right; the parent responds when risks are pointed out.',
      'Supervision inconsistent; the child is sometimes left alone or with unsuitable people.',
      'The child is often left alone or out late; the parent does not know where they are.',
      'The child is left in danger: a young child alone, or exposed to adults who pose a risk.',
    ],
  },
  {
    key: 'warmth',
    name: 'Love, care and emotional warmth',
    grades: [
      'The parent is warm and responsive; the child is comforted, praised and seeks the parent out.',
      'Warmth is usually there; the parent mostly notices the child’s feelings.',
      'Warmth comes and goes; the child’s distress is sometimes ignored.',
      'The parent is often cold, critical or unavailable; the child does not seek comfort from them.',
      'The child is rejected, blamed or frightened by the parent; there is no warmth.',
    ],
  },
  {
    key: 'stimulation',
    name: 'Stimulation and education',
    grades: [
      'The child plays, is talked and read to and goes to school or nursery every day.',
      'Mostly good: attendance is good with occasional lapses; some play and talk at home.',
      'Little play or talk at home; attendance is patchy; homework not supported.',
      'Attendance poor; the child is bored and withdrawn, or behind with no help at home.',
      'The child is kept from school or nursery; no play, toys or talk; development is harmed.',
    ],
  },
];

const SUMMARIES = {
  better: [
    'Real progress since the last profile: the family has used the support offered and the child’s day-to-day care is steadier.',
    'Most domains have improved. Mum has engaged well with the family support worker; routines around food and school are holding.',
  ],
  stuck: [
    'Little has changed. The family agrees with the concerns but the changes have not lasted between visits.',
    'Some domains have slipped back. The parents’ own difficulties are getting in the way of the child’s care.',
  ],
  first: ['The first profile on this plan: the grades set out where the child’s care stands now, agreed with the family where they could be.'],
};

const NEXT_STEPS = [
  'Share the profile at the core group; repeat in three months.',
  'Family support worker to continue weekly; health visitor to check weight monthly.',
  'Take the profile to the review conference; consider whether the plan is working.',
  'School to report attendance weekly; food bank referral made.',
];

const EVIDENCE: Record<string, readonly string[]> = {
  nutrition: ['Fridge and cupboards checked with Mum’s agreement.', 'School report the child often asks for extra toast at breakfast club.'],
  housing: ['Walked round the home with Dad; the child’s room seen.', 'The landlord has been asked to fix the heating.'],
  hygiene: ['Seen at school and at home on the day.', 'The child told me they had a bath on Sunday.'],
  health: ['Dental appointment missed twice this term.', 'GP confirms immunisations are now up to date.'],
  safety: ['The child said they walk home alone and let themselves in.', 'Neighbours reported the children out late.'],
  warmth: ['Mum comforted the child when they fell during the visit.', 'The child looked to Dad before answering questions.'],
  stimulation: ['Attendance this term from the school.', 'Few toys or books seen; the tablet is the main play.'],
};

export interface NeglectProfileDemoSummary {
  children: number;
  completions: number;
}

export async function generateNeglectProfiles(ctx: DemoContext): Promise<NeglectProfileDemoSummary> {
  const { db, today, faker } = ctx;
  const rand = demoRand(ctx);
  await db.insertInto('neglect_profile_versions').values({ version: 1, change_note: 'The council’s first neglect profile: seven domains, written with practitioners and parents.', made_by: null, made_at: new Date(`${addDays(today, -800)}T09:00:00Z`) }).execute();
  await db
    .insertInto('neglect_profile_domains')
    .values(DEMO_DOMAINS.map((d, i) => ({ version: 1, position: i + 1, key: d.key, name: d.name, grade_1: d.grades[0], grade_2: d.grades[1], grade_3: d.grades[2], grade_4: d.grades[3], grade_5: d.grades[4] })))
    .execute();
  const plans = await db
    .selectFrom('cp_plans')
    .innerJoin('people', 'people.id', 'cp_plans.child_id')
    .innerJoin('allocations as lead', 'lead.child_id', 'people.id')
    .innerJoin('users as worker', 'worker.id', 'lead.worker_id')
    .select(['people.id', 'people.forename', 'people.date_of_birth', 'cp_plans.start_date', 'lead.worker_id', 'worker.name as worker_name'])
    .where('cp_plans.end_date', 'is', null)
    .where('cp_plans.latest_category', '=', 'NEG')
    .where('lead.role', '=', 'lead')
    .where('lead.end_date', 'is', null)
    .where('lead.worker_id', 'is not', null)
    .where('people.date_of_birth', 'is not', null)
    .where('people.date_of_death', 'is', null)
    .orderBy('people.la_child_id')
    .orderBy('people.id')
    .orderBy('cp_plans.start_date')
    .execute();
  const seen = new Set<string>();
  const children = plans.filter((p) => !seen.has(p.id) && seen.add(p.id));
  const limit = Math.max(12, Math.round(60 * ctx.scale));
  const sample = children.filter(() => rand.chance(0.6)).slice(0, limit);
  const profiles: Insertable<NeglectProfilesTable>[] = [];
  const grades: Insertable<NeglectProfileGradesTable>[] = [];
  let seenAgain = 0;
  for (const child of sample) {
    let current = DEMO_DOMAINS.map(() => rand.int(3, 5));
    let date = [addDays(child.start_date, rand.int(0, 14)), child.date_of_birth!].sort().at(-1)!;
    // One child in four of those whose plan has run long enough for a second profile is stuck or getting worse; the others improve a little at each profile.
    const again = addMonths(date, 3) <= addDays(today, -10);
    const improving = !again || seenAgain++ % 4 !== 1;
    let first = true;
    while (date <= today) {
      const id = faker.string.uuid();
      const parent = rand.pick(['Mum', 'Dad', 'Mum and Dad', 'Gran']);
      const withFamily = rand.chance(0.85);
      profiles.push({
        id,
        child_id: child.id,
        version: 1,
        completed_on: date,
        with_family: withFamily,
        took_part: withFamily ? `${parent}, ${child.forename} and ${child.worker_name}` : `${child.worker_name}, with the health visitor and school`,
        summary: rand.pick(first ? SUMMARIES.first : improving ? SUMMARIES.better : SUMMARIES.stuck),
        next_steps: rand.pick(NEXT_STEPS),
        recorded_by: child.worker_id!,
        recorded_at: new Date(`${[addDays(date, rand.int(0, 2)), today].sort()[0]}T16:00:00Z`),
      });
      DEMO_DOMAINS.forEach((d, i) => {
        const grade = current[i]!;
        grades.push({ profile_id: id, position: i + 1, domain_key: d.key, domain_name: d.name, grade, descriptor: d.grades[grade - 1]!, evidence: rand.chance(0.4) ? rand.pick(EVIDENCE[d.key]!) : null });
      });
      if (improving) {
        const before = current.reduce((a, b) => a + b, 0);
        current = current.map((g) => (rand.chance(0.5) ? Math.max(1, g - 1) : g));
        const worst = current.indexOf(Math.max(...current));
        if (current.reduce((a, b) => a + b, 0) === before && current[worst]! > 1) current[worst] = current[worst]! - 1;
      } else {
        current = current.map((g) => (rand.chance(0.3) ? Math.min(5, g + 1) : g));
      }
      first = false;
      // About one child in five has let the next one slip past its date.
      const next = addDays(addMonths(date, 3), rand.int(-10, 10));
      if (next > today || (addMonths(next, 3) > today && rand.chance(0.2))) break;
      date = next;
    }
  }
  if (profiles.length) {
    await insertInBatches(db, 'neglect_profiles', profiles);
    for (let i = 0; i < grades.length; i += 1000) await db.insertInto('neglect_profile_grades').values(grades.slice(i, i + 1000)).execute();
  }
  return { children: sample.length, completions: profiles.length };
}
