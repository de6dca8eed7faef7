import { sql } from 'kysely';
import { Faker, en_GB, en, base } from '@faker-js/faker';
import type { Db } from '../db/database.ts';
import type { DemoContext, DemoOptions, DemoRandom } from './context.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { DEMO_PASSWORD } from './accounts.ts';
import { generateChildren, type DemoChildren } from './children.ts';
import { generateOrganisation, type DemoOrganisation } from './organisation.ts';
import { generateCaseload } from './caseload.ts';
import { generateVisits } from './visits.ts';
import { generateMissing } from './missing.ts';
import { generateCareHealth } from './care-health.ts';
import { generateWorkforce } from './workforce.ts';
import { generateLocalOffer } from './local-offer.ts';
import { generatePathwayGoals } from './pathway-goals.ts';
import { generateCareLeaverOutcomes } from './care-leaver-outcomes.ts';
import { generateAdoption } from './adoption.ts';
import { generatePermanence } from './permanence.ts';
import { generateReviews } from './reviews.ts';
import { generateAssessments } from './assessments.ts';
import { generateEnquiries } from './enquiries.ts';
import { generatePlans } from './plans.ts';
import { generateDocuments } from './documents.ts';
import { generateFrontDoor } from './front-door.ts';
import { generateDirectWork } from './direct-work.ts';
import { generateNeglectProfiles } from './neglect-profile.ts';
import { generateChildVoice } from './child-voice.ts';
import { generateCaseAudits } from './case-audits.ts';
import { generateObservationsFeedback } from './observations-feedback.ts';
import { dueAcrossCouncil } from '../timescales/index.ts';
import { generateNotifications } from './notifications.ts';
import { generateDeprivationOfLiberty } from './deprivation-of-liberty.ts';
import { generateReturnExceptions } from './return-exceptions.ts';

export type { DemoContext, DemoOptions, DemoRandom };

export interface DemoResult {
  organisation: DemoOrganisation;
  children: DemoChildren;
}

/**
 * Builds the demo council in order; each later capability adds its own step
 * after the organisation, reading what the earlier steps made.
 */
export async function generateDemo(db: Db, options: DemoOptions): Promise<DemoResult> {
  const faker = new Faker({ locale: [en_GB, en, base], seed: options.seed });
  const random: DemoRandom = {
    int: (min, max) => faker.number.int({ min, max }),
    chance: (probability) => faker.number.float({ min: 0, max: 1 }) < probability,
    pick: (items) => faker.helpers.arrayElement(items as unknown[]) as never,
  };
  const todayMs = Date.parse(`${options.today}T00:00:00Z`);
  const ctx: DemoContext = {
    db,
    faker,
    random,
    scale: options.scale,
    today: options.today,
    passwordHash: await hashPassword(DEMO_PASSWORD),
    daysAgo: (days) => new Date(todayMs - days * 86_400_000).toISOString().slice(0, 10),
    yearsAgo: (years) => {
      const d = new Date(todayMs);
      d.setUTCFullYear(d.getUTCFullYear() - years);
      return d.toISOString().slice(0, 10);
    },
  };
  const made = await db.transaction().execute(async (trx) => {
    const organisation = await generateOrganisation({ ...ctx, db: trx });
    const children = await generateChildren({ ...ctx, db: trx }, organisation);
    await generateCaseload({ ...ctx, db: trx }); // last: it reads the children and allocations made before it
    await generateWorkforce({ ...ctx, db: trx }); // after the caseload: supervision attaches its weekly snapshots
    await generateVisits({ ...ctx, db: trx }); // visits and reviews of the children, for work due and timeliness
    await generateLocalOffer({ ...ctx, db: trx });
    await generatePathwayGoals({ ...ctx, db: trx });
    await generateMissing({ ...ctx, db: trx }); // missing episodes of some looked-after teenagers, with their return interviews
    await generateCareLeaverOutcomes({ ...ctx, db: trx }); // care leavers' birthday checks, for the record and the measures
    await generateCareHealth({ ...ctx, db: trx }); // looked-after children's health and wellbeing each year to 31 March, after the visits it reads
    await generateAdoption({ ...ctx, db: trx }); // last: adoption journeys read from the care episodes, so no earlier draw changes
    await generatePermanence({ ...ctx, db: trx }); // permanence plans and journeys home, from the care history and reviews made before it
    await generateReviews({ ...ctx, db: trx }); // who chaired each looked-after review and its recommendations, after the visits that hold the reviews
    await generateAssessments({ ...ctx, db: trx }); // the single assessment behind each completed one on the visits, and those under way now
    await generateEnquiries({ ...ctx, db: trx }); // the substance of the strategy discussions and initial conferences the visits made
    await generatePlans({ ...ctx, db: trx }); // what the plans say: actions, core groups, review conferences, end reasons; CIN plans, pre-proceedings and early help, after the visits that hold the meetings
    await generateDocuments({ ...ctx, db: trx }); // a few small letters, minutes and drawings on a sample of open children's records, last so no earlier draw changes
    await generateFrontDoor({ ...ctx, db: trx }); // the last year's contacts decided and signed off at the front door, a few still waiting; before the due items, which read them
    await generateDirectWork({ ...ctx, db: trx }); // the direct-work library and a sample of open children's sessions with it, last of the records so no earlier draw changes
    await generateNeglectProfiles({ ...ctx, db: trx }); // the council's neglect profile and repeated completions for children on plans for neglect, after direct work so no earlier draw changes
    await generateChildVoice({ ...ctx, db: trx }); // children's own links and what they sent, after direct work so no earlier draw changes
    await generateCaseAudits({ ...ctx, db: trx }); // a year of monthly case audits of open children, with reflections, learning actions and moderation; after every record so no earlier draw changes
    await generateObservationsFeedback({ ...ctx, db: trx }); // a year of observations of practice, feedback, compliments and complaints, after the records so no earlier draw changes
    await dueAcrossCouncil(trx, options.today); // the nightly job's work, so the first pages read stored due items
    await generateNotifications({ ...ctx, db: trx }); // the morning's notices of overdue work and supervision and the week's summaries, from the stored due items
    await generateDeprivationOfLiberty({ ...ctx, db: trx }); // orders depriving a few older teenagers in residential placements of their liberty, last so no earlier draw changes
    await generateReturnExceptions({ ...ctx, db: trx }); // the returns' few deliberate errors for the returns page to find, after every record so nothing else changes
    return { organisation, children };
  });
  // Without statistics the planner takes every table for a few rows, and a worker's caseload page took 40 ms on PGlite
  // instead of 5: PGlite has no autovacuum to gather them, and a server's would gather them only later.
  await sql`ANALYZE`.execute(db);
  return made;
}
