import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { describeEachEngine } from '../../test/support/databases.ts';
import { TEST_TODAY } from '../../test/support/environment.ts';
import { openDatabase, type Db } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { nhsNumberProblem, upnProblem } from '../child-record/index.ts';
import { CODE_SETS, type CodeSetName } from '../reference/codes.ts';
import { distanceMiles, isOutOfArea } from '../reference/geography.ts';
import { DEMO_ACCOUNTS } from './accounts.ts';
import { generateDemo } from './generate.ts';
import { COUNCIL_AREA } from './places.ts';

const today = TEST_TODAY;

async function rows<T>(db: Db, query: string): Promise<T[]> {
  return (await sql.raw<T>(query).execute(db)).rows;
}

async function one<T>(db: Db, query: string): Promise<T> {
  const [row] = await rows<T>(db, query);
  assert.ok(row, query);
  return row;
}

/** Pairs of periods of one child that share a day (periods are half-open: the next may start the day one ends). */
function overlapQuery(table: string, start: string, end: string): string {
  return `SELECT a.child_id FROM ${table} a JOIN ${table} b ON a.child_id = b.child_id AND a.id < b.id
    WHERE a.${start} < coalesce(b.${end}, 'infinity'::date) AND b.${start} < coalesce(a.${end}, 'infinity'::date)
      AND a.${start} < coalesce(a.${end}, 'infinity'::date) AND b.${start} < coalesce(b.${end}, 'infinity'::date)`;
}

describeEachEngine(
  'the demo children',
  (use) => {
    const db = () => use().db;

    test('every open case has exactly one open lead allocation, each care leaver one personal adviser, closed cases none', async () => {
      const leads = await rows<{ status: string; leads: number; children: number }>(
        db(),
        `SELECT s.status, (SELECT count(*) FROM allocations a WHERE a.child_id = s.child_id AND a.role = 'lead' AND a.end_date IS NULL)::int AS leads, count(*)::int AS children
         FROM child_status s LEFT JOIN care_leavers c ON c.child_id = s.child_id
         WHERE s.status IN ('looked_after', 'child_protection', 'child_in_need') OR c.category = 'relevant'
         GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      assert.ok(leads.length > 0);
      for (const row of leads) assert.equal(row.leads, 1, `${row.children} ${row.status} children with ${row.leads} open lead allocations`);

      const advisers = await one<{ wrong: number; leavers: number }>(
        db(),
        `SELECT count(*) FILTER (WHERE n <> 1)::int AS wrong, count(*)::int AS leavers FROM (
           SELECT (SELECT count(*) FROM allocations a WHERE a.child_id = s.child_id AND a.role = 'personal_adviser' AND a.end_date IS NULL) AS n
           FROM child_status s WHERE s.status = 'care_leaver') x`,
      );
      assert.ok(advisers.leavers > 0);
      assert.equal(advisers.wrong, 0);

      const closed = await one<{ n: number }>(
        db(),
        `SELECT count(*)::int AS n FROM allocations a JOIN child_status s ON s.child_id = a.child_id WHERE s.status = 'closed' AND a.end_date IS NULL`,
      );
      assert.equal(closed.n, 0, 'closed cases have no open allocation');

      // Each worker holds the case in their own team, and works here now.
      const wrongWorkers = await one<{ n: number }>(
        db(),
        `SELECT count(*)::int AS n FROM allocations a JOIN users u ON u.id = a.worker_id
         WHERE a.end_date IS NULL AND (u.disabled_at IS NOT NULL OR u.team_id <> a.team_id
           OR (a.role IN ('lead', 'co_worker') AND u.role NOT IN ('social_worker', 'practice_supervisor', 'team_manager'))
           OR (a.role = 'iro' AND u.role <> 'iro') OR (a.role = 'personal_adviser' AND u.role <> 'personal_adviser'))`,
      );
      assert.equal(wrongWorkers.n, 0);

      // Every looked-after child and child protection plan has an IRO.
      const noIro = await one<{ n: number }>(
        db(),
        `SELECT count(*)::int AS n FROM child_status s WHERE s.status IN ('looked_after', 'child_protection')
         AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.child_id = s.child_id AND a.role = 'iro' AND a.end_date IS NULL)`,
      );
      assert.equal(noIro.n, 0);
    });

    test('an unallocated queue waits in some teams, from 1 to 40 days', async () => {
      const queue = await one<{ n: number; shortest: number; longest: number }>(
        db(),
        `SELECT count(*)::int AS n, min(date '${today}' - start_date)::int AS shortest, max(date '${today}' - start_date)::int AS longest
         FROM allocations WHERE role = 'lead' AND end_date IS NULL AND worker_id IS NULL`,
      );
      assert.ok(queue.n > 0, 'some children wait for a worker');
      assert.ok(queue.shortest >= 1 && queue.longest <= 40, `waits from ${queue.shortest} to ${queue.longest} days`);
    });

    test('referrals, plans, care episodes and lead allocations never overlap for a child', async () => {
      for (const [table, start, end] of [
        ['referrals', 'referral_date', 'close_date'],
        ['cp_plans', 'start_date', 'end_date'],
        ['care_episodes', 'start_date', 'end_date'],
      ] as const) {
        const clashes = await rows(db(), overlapQuery(table, start, end));
        assert.equal(clashes.length, 0, `${table} overlap for ${clashes.length} pairs`);
      }
      const leads = await rows(db(), `${overlapQuery('allocations', 'start_date', 'end_date')} AND a.role = 'lead' AND b.role = 'lead'`);
      assert.equal(leads.length, 0, 'lead allocations overlap');
      // A plan lies inside the referral it belongs to.
      const outside = await one<{ n: number }>(
        db(),
        `SELECT count(*)::int AS n FROM cp_plans p JOIN referrals r ON r.id = p.referral_id
         WHERE p.child_id <> r.child_id OR p.start_date < r.referral_date OR coalesce(p.end_date, 'infinity') > coalesce(r.close_date, 'infinity')`,
      );
      assert.equal(outside.n, 0);
    });

    test('nothing happens before a child is born or after today', async () => {
      const dated: [string, string, string][] = [
        ['contacts', 'contact_date', 'child_id'],
        ['referrals', 'referral_date', 'child_id'],
        ['referrals', 'close_date', 'child_id'],
        ['cp_plans', 'start_date', 'child_id'],
        ['cp_plans', 'end_date', 'child_id'],
        ['care_episodes', 'start_date', 'child_id'],
        ['care_episodes', 'end_date', 'child_id'],
        ['allocations', 'start_date', 'child_id'],
        ['allocations', 'end_date', 'child_id'],
        ['case_notes', 'event_date', 'child_id'],
        ['addresses', 'start_date', 'person_id'],
      ];
      for (const [table, column, child] of dated) {
        const wrong = await one<{ early: number; late: number }>(
          db(),
          `SELECT count(*) FILTER (WHERE t.${column} < p.date_of_birth)::int AS early, count(*) FILTER (WHERE t.${column} > date '${today}')::int AS late
           FROM ${table} t JOIN people p ON p.id = t.${child} WHERE p.is_child`,
        );
        assert.deepEqual(wrong, { early: 0, late: 0 }, `${table}.${column}`);
      }
      const people = await one<{ born: number; due: number; unborn: number }>(
        db(),
        `SELECT count(*) FILTER (WHERE date_of_birth > date '${today}')::int AS born,
                count(*) FILTER (WHERE expected_date_of_birth <= date '${today}')::int AS due,
                count(*) FILTER (WHERE is_child AND date_of_birth IS NULL)::int AS unborn FROM people`,
      );
      assert.equal(people.born, 0);
      assert.equal(people.due, 0, 'unborn children are due after today');
      assert.ok(people.unborn > 0, 'some plans start before birth');
      const recorded = await one<{ n: number }>(
        db(),
        `SELECT count(*)::int AS n FROM case_notes WHERE recorded_at > timestamptz '${today}T09:00:00Z' OR updated_at < recorded_at OR recorded_at::date < event_date`,
      );
      assert.equal(recorded.n, 0);
    });

    test('ended episodes, plans and allocations carry their reasons', async () => {
      const episodes = await rows<{
        child_id: string;
        start_date: string;
        end_date: string | null;
        reason_new_episode: string;
        reason_ceased: string | null;
        reason_place_change: string | null;
        legal_status: string;
        placement_type: string;
        placement_postcode: string;
      }>(db(), `SELECT * FROM care_episodes ORDER BY child_id, start_date`);
      assert.ok(episodes.length > 0);
      let previous: (typeof episodes)[number] | undefined;
      for (const e of episodes) {
        const follows = previous && previous.child_id === e.child_id && previous.end_date === e.start_date && previous.reason_ceased === 'X1';
        if (follows) {
          assert.notEqual(e.reason_new_episode, 'S', 'a new episode in a period of care says what changed');
          const placementChanged = e.reason_new_episode !== 'L';
          assert.equal(placementChanged, previous!.placement_type !== e.placement_type || previous!.placement_postcode !== e.placement_postcode || e.reason_new_episode === 'T' || e.reason_new_episode === 'U');
          if (placementChanged && !/^T/.test(previous!.placement_type) && !/^T/.test(e.placement_type)) {
            assert.ok(previous!.reason_place_change, 'an episode ended by a move gives the reason for the placement change');
          }
          if (['L', 'B', 'U'].includes(e.reason_new_episode)) assert.notEqual(previous!.legal_status, e.legal_status);
        } else {
          assert.equal(e.reason_new_episode, 'S', 'a period of care starts with S');
        }
        if (e.end_date !== null) assert.ok(e.reason_ceased, 'an ended episode says why');
        previous = e;
      }
      const hanging = await one<{ n: number }>(
        db(),
        `SELECT count(*)::int AS n FROM care_episodes a WHERE a.reason_ceased = 'X1'
         AND NOT EXISTS (SELECT 1 FROM care_episodes b WHERE b.child_id = a.child_id AND b.start_date = a.end_date)`,
      );
      assert.equal(hanging.n, 0, 'X1 is always followed by a new episode the same day');

      const changes = await one<{ without: number; with: number }>(
        db(),
        `SELECT count(*) FILTER (WHERE a.end_reason IS NULL)::int AS without, count(*) FILTER (WHERE a.end_reason IS NOT NULL)::int AS with
         FROM allocations a WHERE a.role = 'lead' AND a.end_date IS NOT NULL
         AND EXISTS (SELECT 1 FROM allocations b WHERE b.child_id = a.child_id AND b.role = 'lead' AND b.start_date = a.end_date)`,
      );
      assert.equal(changes.without, 0, 'every change of lead worker has an SSDA903 reason');
      assert.ok(changes.with > 0);
    });

    test('every code is one of the DfE codes', async () => {
      const columns: [CodeSetName, string, string][] = [
        ['referralSource', 'referrals', 'source'],
        ['primaryNeed', 'referrals', 'primary_need'],
        ['cinClosureReason', 'referrals', 'closure_reason'],
        ['cpCategory', 'cp_plans', 'initial_category'],
        ['cpCategory', 'cp_plans', 'latest_category'],
        ['reasonNewEpisode', 'care_episodes', 'reason_new_episode'],
        ['legalStatus', 'care_episodes', 'legal_status'],
        ['primaryNeed', 'care_episodes', 'primary_need'],
        ['placementType', 'care_episodes', 'placement_type'],
        ['placementProvider', 'care_episodes', 'placement_provider'],
        ['reasonEpisodeCeased', 'care_episodes', 'reason_ceased'],
        ['reasonPlaceChange', 'care_episodes', 'reason_place_change'],
        ['ethnicity', 'people', 'ethnicity'],
        ['immigrationStatus', 'people', 'immigration_status'],
        ['upnUnknown', 'people', 'upn_unknown_reason'],
        ['disability', 'person_disabilities', 'code'],
        ['contactSource', 'contacts', 'source'],
        ['swReason', 'allocations', 'end_reason'],
      ];
      for (const [set, table, column] of columns) {
        const values = await rows<{ value: string }>(db(), `SELECT DISTINCT ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL`);
        assert.ok(values.length > 0, `${table}.${column} has values`);
        const known = new Set(CODE_SETS[set].map((c) => c.code));
        for (const { value } of values) assert.ok(known.has(value), `${table}.${column}: ${value} is not a ${set} code`);
      }
      const outcomes = await rows<{ outcome: string }>(db(), `SELECT DISTINCT outcome FROM contacts WHERE outcome IS NOT NULL`);
      for (const { outcome } of outcomes) assert.ok(['referral', 'early_help', 'other_agency', 'advice', 'no_further_action'].includes(outcome), outcome);
    });

    test('NHS numbers, UPNs and local child ids are valid', async () => {
      const people = await rows<{ nhs_number: string | null; upn: string | null; la_child_id: string | null; is_child: boolean }>(
        db(),
        `SELECT nhs_number, upn, la_child_id, is_child FROM people`,
      );
      const children = people.filter((p) => p.is_child);
      assert.ok(children.filter((p) => p.nhs_number).length > children.length * 0.8, 'most children have an NHS number');
      for (const p of people) {
        if (p.nhs_number) assert.equal(nhsNumberProblem(p.nhs_number), null, p.nhs_number);
        if (p.upn) assert.equal(upnProblem(p.upn), null, p.upn);
        if (p.is_child) assert.match(p.la_child_id ?? '', /^ESC\d{6}$/);
      }
      assert.ok(children.some((p) => p.upn));
    });

    test('placement distance and area agree with the geography module', async () => {
      const sample = await rows<{
        home_postcode: string;
        placement_postcode: string;
        placement_distance_miles: number | null;
        placement_out_of_area: boolean | null;
      }>(db(), `SELECT home_postcode, placement_postcode, placement_distance_miles, placement_out_of_area FROM care_episodes ORDER BY id LIMIT 150`);
      assert.ok(sample.length > 20);
      for (const e of sample) {
        assert.equal(e.placement_distance_miles === null ? null : Number(e.placement_distance_miles), distanceMiles(e.home_postcode, e.placement_postcode));
        assert.equal(e.placement_out_of_area, isOutOfArea(e.placement_postcode, COUNCIL_AREA));
      }
      const homes = await rows<{ postcode: string }>(db(), `SELECT DISTINCT home_postcode AS postcode FROM care_episodes`);
      for (const h of homes) assert.equal(isOutOfArea(h.postcode, COUNCIL_AREA), false, `${h.postcode} is in East Sussex`);
    });

    test('brothers and sisters share a mother, and about half of children in care have one in care too', async () => {
      const shared = await one<{ pairs: number; same_mother: number }>(
        db(),
        `SELECT count(*)::int AS pairs, count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM relationships m1 JOIN relationships m2 ON m2.person_id = m1.person_id AND m2.type = 'mother'
           WHERE m1.type = 'mother' AND m1.related_person_id = r.person_id AND m2.related_person_id = r.related_person_id))::int AS same_mother
         FROM relationships r WHERE r.type IN ('sibling', 'half_sibling')`,
      );
      assert.ok(shared.pairs > 0);
      assert.equal(shared.same_mother, shared.pairs);
      const inCare = await one<{ share: number }>(
        db(),
        `SELECT avg(CASE WHEN EXISTS (
           SELECT 1 FROM relationships r JOIN child_status o ON o.child_id = CASE WHEN r.person_id = s.child_id THEN r.related_person_id ELSE r.person_id END
           WHERE r.type IN ('sibling', 'half_sibling') AND s.child_id IN (r.person_id, r.related_person_id) AND o.status = 'looked_after') THEN 1.0 ELSE 0 END)::float AS share
         FROM child_status s WHERE s.status = 'looked_after'`,
      );
      assert.ok(inCare.share > 0.25 && inCare.share < 0.75, `${inCare.share} of children in care have a sibling in care`);
    });

    test('the demo accounts hold children: the social worker about 18 of every kind, the adviser and the IRO theirs', async () => {
      const email = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!.email;
      const mix = await rows<{ status: string; children: number; out_of_area: number }>(
        db(),
        `SELECT s.status, count(*)::int AS children, count(*) FILTER (WHERE s.placement_out_of_area)::int AS out_of_area
         FROM allocations a JOIN users u ON u.id = a.worker_id JOIN child_status s ON s.child_id = a.child_id
         WHERE u.email = '${email('social_worker')}' AND a.role = 'lead' AND a.end_date IS NULL GROUP BY 1`,
      );
      const total = mix.reduce((n, m) => n + m.children, 0);
      assert.ok(total >= 12 && total <= 24, `the demo social worker holds ${total} children`);
      const by = new Map(mix.map((m) => [m.status, m]));
      for (const status of ['looked_after', 'child_protection', 'child_in_need']) assert.ok((by.get(status)?.children ?? 0) > 0, status);
      assert.ok((by.get('looked_after')?.out_of_area ?? 0) > 0, 'some placed outside the county');
      const siblings = await one<{ n: number }>(
        db(),
        `SELECT count(*)::int AS n FROM relationships r
         JOIN allocations a1 ON a1.child_id = r.person_id AND a1.role = 'lead' AND a1.end_date IS NULL
         JOIN allocations a2 ON a2.child_id = r.related_person_id AND a2.role = 'lead' AND a2.end_date IS NULL AND a2.worker_id = a1.worker_id
         JOIN users u ON u.id = a1.worker_id
         WHERE r.type IN ('sibling', 'half_sibling') AND u.email = '${email('social_worker')}'`,
      );
      assert.ok(siblings.n > 0, 'a sibling group');
      for (const [role, allocation, least] of [
        ['personal_adviser', 'personal_adviser', 5],
        ['iro', 'iro', 5],
      ] as const) {
        const held = await one<{ n: number }>(
          db(),
          `SELECT count(DISTINCT a.child_id)::int AS n FROM allocations a JOIN users u ON u.id = a.worker_id
           WHERE u.email = '${email(role)}' AND a.role = '${allocation}' AND a.end_date IS NULL`,
        );
        assert.ok(held.n >= least, `${role} holds ${held.n}`);
      }
    });

    test("looked-after children's legal statuses and placements, and plan categories, are shaped like England's", async () => {
      const share = async (where: string, table = 'care_episodes', open = 'end_date IS NULL') =>
        (await one<{ share: number }>(db(), `SELECT avg(CASE WHEN ${where} THEN 1.0 ELSE 0 END)::float AS share FROM ${table} WHERE ${open}`)).share;
      const within = (value: number, low: number, high: number, what: string) => assert.ok(value >= low && value <= high, `${what}: ${value.toFixed(2)}`);
      within(await share(`legal_status IN ('C1', 'C2')`), 0.55, 0.9, 'care orders');
      within(await share(`legal_status = 'V2'`), 0.05, 0.35, 'section 20');
      within(await share(`placement_type LIKE 'U%'`), 0.5, 0.85, 'foster care');
      within(await share(`placement_type IN ('K1', 'K2', 'H5', 'S1')`), 0.03, 0.3, "children's homes and supported accommodation");
      within(await share(`placement_out_of_area`), 0.2, 0.6, 'outside the county');
      within(await share(`initial_category = 'NEG'`, 'cp_plans'), 0.3, 0.7, 'neglect');
      within(await share(`initial_category = 'EMO'`, 'cp_plans'), 0.2, 0.55, 'emotional abuse');
    });

    test('restricted records name everyone allocated and the team manager', async () => {
      const restricted = await rows<{ id: string; restriction_reason: string; named: number; missing: number }>(
        db(),
        `SELECT p.id, p.restriction_reason,
           (SELECT count(*) FROM restricted_access r WHERE r.child_id = p.id)::int AS named,
           (SELECT count(*) FROM allocations a WHERE a.child_id = p.id AND a.end_date IS NULL AND a.worker_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM restricted_access r WHERE r.child_id = p.id AND r.user_id = a.worker_id))::int AS missing
         FROM people p WHERE p.restricted`,
      );
      assert.ok(restricted.length > 0);
      for (const r of restricted) {
        assert.ok(['Adoption', 'Relative of a member of staff'].includes(r.restriction_reason));
        assert.equal(r.missing, 0);
        assert.ok(r.named >= 2, 'the worker and the team manager');
      }
    });

    test('case notes are written by whoever held the case, some edited with the earlier version kept', async () => {
      const notes = await one<{ n: number; edited: number; versions: number; bad_versions: number }>(
        db(),
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE version > 1)::int AS edited,
           (SELECT count(*) FROM case_note_versions)::int AS versions,
           (SELECT count(*) FROM case_notes c WHERE c.version - 1 <> (SELECT count(*) FROM case_note_versions v WHERE v.note_id = c.id))::int AS bad_versions
         FROM case_notes`,
      );
      assert.ok(notes.n > 0 && notes.edited > 0);
      assert.equal(notes.bad_versions, 0, 'each edit keeps the version before it');
      const authors = await one<{ wrong: number }>(
        db(),
        `SELECT count(*)::int AS wrong FROM case_notes n JOIN users u ON u.id = n.author_id
         WHERE NOT EXISTS (SELECT 1 FROM allocations a WHERE a.child_id = n.child_id AND a.start_date <= n.event_date
             AND (a.end_date IS NULL OR a.end_date > n.event_date) AND (a.worker_id = n.author_id OR u.role = 'team_manager'))`,
      );
      assert.equal(authors.wrong, 0);
    });
  },
  { fixture: 'demo' },
);

test('the same seed, scale and day make the same children', async () => {
  const tables = ['people', 'addresses', 'relationships', 'contacts', 'referrals', 'cp_plans', 'care_episodes', 'care_leavers', 'allocations', 'case_notes'] as const;
  const run = async () => {
    const opened = await openDatabase({ dataDir: 'memory://' });
    try {
      await migrateToLatest(opened.db);
      await generateDemo(opened.db, { scale: 0.05, seed: 11, today: '2026-03-02' });
      const counts: Record<string, number> = {};
      for (const table of tables) counts[table] = (await one<{ n: number }>(opened.db, `SELECT count(*)::int AS n FROM ${table}`)).n;
      const first = {
        people: await rows(opened.db, `SELECT * FROM people ORDER BY id LIMIT 5`),
        episodes: await rows(opened.db, `SELECT * FROM care_episodes ORDER BY id LIMIT 5`),
        notes: await rows(opened.db, `SELECT n.id, n.child_id, n.title, n.body, n.event_date, u.email FROM case_notes n JOIN users u ON u.id = n.author_id ORDER BY n.id LIMIT 5`),
        allocations: await rows(
          opened.db,
          `SELECT a.id, a.child_id, a.role, a.start_date, a.end_date, a.end_reason, t.name AS team, u.email FROM allocations a
           JOIN teams t ON t.id = a.team_id LEFT JOIN users u ON u.id = a.worker_id ORDER BY a.id LIMIT 5`,
        ),
      };
      return { counts, first };
    } finally {
      await opened.close();
    }
  };
  const a = await run();
  const b = await run();
  assert.ok(a.counts.people! > 0);
  assert.deepEqual(b, a);
});
