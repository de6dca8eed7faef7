// The demo council's children: about 700 looked after, 500 on child
// protection plans, up to 2,500 other children in need, 350 care leavers and
// several thousand closed cases at --scale 1, with six years of history,
// their families, the workers who held them and their case notes. Built in
// memory from the seeded faker, then written in batches.
import { DEMO_ACCOUNTS } from './accounts.ts';
import { Allocator, caseCapacity, type StaffFacts } from './allocations.ts';
import { CaseNotes, type HeldSpell } from './case-notes.ts';
import { ageOn, birthday, dayOf, instantOf, isoOf, YEAR, type Day } from './dates.ts';
import { Families, type ChildSpec } from './families.ts';
import type { DemoContext } from './context.ts';
import { insertRows, type RowOf } from './insert.ts';
import type { ChildRecord, Cohort, Unit } from './model.ts';
import type { DemoOrganisation } from './organisation.ts';
import { Places } from './places.ts';
import { demoRand, type Rand } from './rand.ts';
import { CURRENT_LEGAL_STATUS, type Weighted } from './shapes.ts';
import { Timelines } from './timelines.ts';
import type { ChildrenTools } from './children-step.ts';

/** Children at --scale 1, by what their case is today. */
export const CHILDREN_AT_SCALE_1 = {
  lookedAfter: 700,
  childProtection: 500,
  /**
   * Other children in need, at most: fewer when the teams cannot hold that
   * many at ordinary caseloads (see cinCounts).
   */
  childInNeed: 2500,
  careLeavers: 350,
  closed: 3000,
  contactOnly: 1200,
} as const;

export interface DemoChildren {
  /** Rows written, by table. */
  counts: Record<string, number>;
  /** Children the demo social worker holds today. */
  demoCaseload: string[];
}

type Band = readonly (readonly [readonly [number, number], number])[];

/** Ages of looked-after children (years, inclusive): under 1 5%, 1–4 13%, 5–9 17%, 10–15 38%, 16–17 27%. */
const CLA_AGES: Band = [[[0, 0], 5], [[1, 4], 13], [[5, 9], 17], [[10, 15], 38], [[16, 17], 27]];
const CP_AGES: Band = [[[0, 0], 10], [[1, 4], 27], [[5, 9], 29], [[10, 15], 30], [[16, 17], 4]];
const CIN_AGES: Band = [[[0, 0], 5], [[1, 4], 15], [[5, 9], 25], [[10, 15], 38], [[16, 17], 17]];
const CLOSED_AGES: Band = [[[0, 4], 20], [[5, 9], 25], [[10, 15], 35], [[16, 17], 10], [[18, 21], 10]];

export async function generateChildren(ctx: DemoContext, organisation: DemoOrganisation): Promise<DemoChildren> {
  const r = demoRand(ctx);
  const uuid = () => ctx.faker.string.uuid();
  const T = dayOf(ctx.today);
  const places = new Places(r);
  const tools: ChildrenTools = { r, faker: ctx.faker, today: T, places, uuid };
  const families = new Families(tools);
  const timelines = new Timelines(tools);
  const count = (base: number) => Math.max(1, Math.round(base * ctx.scale));

  const staff = await loadStaff(ctx, organisation);
  const email = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!.email;
  const demoWorker = staff.find((s) => s.email === email('social_worker'));
  const demoBase = organisation.teams.find((t) => t.id === demoWorker?.teamId)?.basePostcode;

  const units: Unit[] = [];
  const add = (cohort: Cohort, specs: ChildSpec[], options: Parameters<Families['unit']>[3] = {}) => {
    const unit = families.unit(units.length, cohort, specs, options);
    units.push(unit);
    return unit;
  };
  const ages = (band: Band, size: number, minYears = 0) => siblingAges(r, band, size, minYears);
  const sizeFor = (weights: Weighted<number>, left: number) => Math.min(left, r.weighted(weights));

  // Looked after: the demo social worker's own first, then asylum-seeking young people, disabled children and the rest.
  let left = count(CHILDREN_AT_SCALE_1.lookedAfter);
  if (demoBase) {
    const group = add('looked_after', ages([[[4, 12], 1]], 3), { near: demoBase });
    group.demo = 'social_worker';
    timelines.lookedAfter(group, { legal: 'C1', placeOutOfArea: true, minDays: 60, keepWithLocality: true });
    const single = add('looked_after', ages([[[8, 14], 1]], 1), { near: demoBase });
    single.demo = 'social_worker';
    timelines.lookedAfter(single, { legal: 'C1', minDays: 60, keepWithLocality: true });
    left -= 4;
  }
  for (let i = 0; i < count(42) && left > 0; i++, left--) {
    const unit = add('looked_after', [{ ageDays: r.chance(0.8) ? r.int(16 * YEAR, 17 * YEAR + 300) : r.int(14 * YEAR, 16 * YEAR) }], { uasc: true });
    timelines.lookedAfter(unit, { legal: 'V2' });
  }
  for (let i = 0; i < count(15) && left > 0; i++, left--) {
    const unit = add('looked_after', ages([[[3, 17], 1]], 1), { cwd: true });
    timelines.lookedAfter(unit, { legal: r.weighted(CURRENT_LEGAL_STATUS.filter(([c]) => c === 'C2' || c === 'V2')), needOverride: 'N2' });
  }
  while (left > 0) {
    const size = sizeFor([[1, 70], [2, 19], [3, 8], [4, 3]], left);
    const legal = r.weighted(CURRENT_LEGAL_STATUS);
    // Placement orders are made for young children, with adoption in view.
    const unit = add('looked_after', ages(legal === 'E1' ? [[[0, 5], 1]] : CLA_AGES, size));
    timelines.lookedAfter(unit, { legal });
    left -= size;
  }

  // Child protection plans, a few of them before birth.
  left = count(CHILDREN_AT_SCALE_1.childProtection);
  if (demoBase) {
    const unit = add('child_protection', ages([[[2, 9], 1]], 2), { near: demoBase });
    unit.demo = 'social_worker';
    timelines.childProtection(unit, { minDays: 70 });
    left -= 2;
  }
  for (let i = 0; i < count(15) && left > 0; i++, left--) timelines.childProtection(add('child_protection', [{ ageDays: null }]));
  while (left > 0) {
    const size = sizeFor([[1, 45], [2, 30], [3, 17], [4, 8]], left);
    timelines.childProtection(add('child_protection', ages(CP_AGES, size)));
    left -= size;
  }

  // Other children in need: disabled children's long-term cases, children being assessed, and children on plans.
  const cin = cinCounts(caseCapacity(organisation, staff, T), count);
  for (let i = 0; i < cin.disability; i++) timelines.childInNeed(add('child_in_need', ages([[[2, 17], 1]], 1, 2), { cwd: true }), 'disability');
  for (const kind of ['assessment', 'plan'] as const) {
    left = cin[kind];
    while (left > 0) {
      const size = sizeFor([[1, 60], [2, 28], [3, 12]], left);
      timelines.childInNeed(add('child_in_need', ages(CIN_AGES, size)), kind);
      left -= size;
    }
  }

  // Care leavers: relevant (16–17, left care), former relevant (18–25) and qualifying.
  for (let i = 0; i < count(CHILDREN_AT_SCALE_1.careLeavers); i++) {
    const category = r.weighted([['relevant', 8], ['former_relevant', 84], ['qualifying', 8]] as const);
    const uasc = r.chance(0.15) && category !== 'qualifying';
    const ageDays =
      category === 'relevant'
        ? r.int(16 * YEAR + 40, 18 * YEAR - 5)
        : category === 'qualifying'
          ? r.int(16 * YEAR + 120, 21 * YEAR)
          : r.chance(0.7)
            ? r.int(18 * YEAR + 1, 21 * YEAR - 1)
            : r.int(21 * YEAR, 25 * YEAR - 10);
    const unit = add('care_leaver', [{ ageDays, sex: uasc ? 'M' : undefined }], { uasc });
    timelines.careLeaver(unit, category);
  }

  // Closed cases and contacts that went no further.
  left = count(CHILDREN_AT_SCALE_1.closed);
  while (left > 0) {
    const size = sizeFor([[1, 55], [2, 30], [3, 15]], left);
    timelines.closed(add('closed', ages(CLOSED_AGES, size)));
    left -= size;
  }
  for (let i = 0; i < count(CHILDREN_AT_SCALE_1.contactOnly); i++) timelines.contactOnly(add('contact_only', ages(CLOSED_AGES, 1)));

  // Eligible: looked after at 16 or 17, for at least 13 weeks since 14.
  for (const unit of units) {
    for (const child of unit.children) {
      const open = child.care.find((p) => p.end === null);
      if (!open || child.birth === null) continue;
      const age = ageOn(child.birth, T);
      if (age < 16 || age > 17) continue;
      if (T - Math.max(open.start, birthday(child.birth, 14)) < 91) continue;
      child.leaver = { category: 'eligible', supportUntil: birthday(child.birth, 21) };
      const from = Math.max(open.start + 30, birthday(child.birth, 16) + r.int(0, 240));
      child.adviserFrom = from < T ? from : null;
    }
  }

  // People (and addresses, which decide where care leavers live) before allocation.
  const peopleRows = families.rows(units);
  const allocator = new Allocator(tools, organisation, staff, {
    socialWorker: email('social_worker'),
    adviser: email('personal_adviser'),
    iro: email('iro'),
  }, ctx.passwordHash);
  const allocation = allocator.allocate(units);

  // Restricted records: a child placed for adoption, and children related to members of staff.
  const restricted = restrict(r, units, allocation.rows, new Set(allocation.demoCaseload), count(3), allocation.managerOf, T);
  const restrictedIds = new Map(restricted.map((x) => [x.childId, x.reason]));
  for (const row of peopleRows.people) {
    const reason = restrictedIds.get(row.id!);
    if (reason) {
      row.restricted = true;
      row.restriction_reason = reason;
    }
  }

  // Case notes by whoever held the case.
  const notes = new CaseNotes(tools, allocation.managerOf);
  const adviserSpells = new Map<string, HeldSpell[]>();
  for (const row of allocation.rows) {
    if (row.role !== 'personal_adviser') continue;
    const list = adviserSpells.get(row.child_id) ?? [];
    list.push({ workerId: row.worker_id ?? null, teamId: row.team_id, start: dayOf(row.start_date as string), end: row.end_date ? dayOf(row.end_date) : null, adviser: true });
    adviserSpells.set(row.child_id, list);
  }
  for (const unit of units) {
    for (const child of unit.children) {
      const held: HeldSpell[] = [...(allocation.leadSpells.get(child.id) ?? []), ...(adviserSpells.get(child.id) ?? [])].sort((a, b) => a.start - b.start);
      notes.forChild(child, held);
    }
  }

  const timeline = timelineRows(r, uuid, units, staff, organisation, T);
  const db = ctx.db;
  await insertRows(db, 'users', allocation.formerStaff);
  await insertRows(db, 'people', peopleRows.people);
  await insertRows(db, 'person_disabilities', peopleRows.disabilities);
  await insertRows(db, 'addresses', peopleRows.addresses);
  await insertRows(db, 'families', peopleRows.families);
  await insertRows(db, 'family_members', peopleRows.members);
  await insertRows(db, 'relationships', peopleRows.relationships);
  await insertRows(db, 'professional_contacts', peopleRows.professionals);
  await insertRows(db, 'contacts', timeline.contacts);
  await insertRows(db, 'referrals', timeline.referrals);
  await insertRows(db, 'cp_plans', timeline.cpPlans);
  await insertRows(db, 'care_episodes', timeline.episodes);
  await insertRows(db, 'care_leavers', timeline.careLeavers);
  await insertRows(db, 'allocations', allocation.rows);
  await insertRows(db, 'case_notes', notes.out.notes);
  await insertRows(db, 'case_note_versions', notes.out.versions);
  const access = restricted.flatMap((x) => x.access);
  await insertRows(db, 'restricted_access', access);

  return {
    counts: {
      former_staff: allocation.formerStaff.length,
      children: peopleRows.people.filter((p) => p.is_child).length,
      adults: peopleRows.people.filter((p) => !p.is_child).length,
      person_disabilities: peopleRows.disabilities.length,
      addresses: peopleRows.addresses.length,
      families: peopleRows.families.length,
      family_members: peopleRows.members.length,
      relationships: peopleRows.relationships.length,
      professional_contacts: peopleRows.professionals.length,
      contacts: timeline.contacts.length,
      referrals: timeline.referrals.length,
      cp_plans: timeline.cpPlans.length,
      care_episodes: timeline.episodes.length,
      care_leavers: timeline.careLeavers.length,
      allocations: allocation.rows.length,
      case_notes: notes.out.notes.length,
      case_note_versions: notes.out.versions.length,
      restricted_access: access.length,
    },
    demoCaseload: allocation.demoCaseload,
  };
}

/**
 * How many other children in need there are: up to 2,500 at scale 1, but no
 * more than the disabilities, assessment and locality teams can hold at
 * ordinary caseloads once child protection and looked-after children are
 * counted (locality teams hold nearly all plans, and children in their first
 * months of care). A thinner organisation gets fewer children, not
 * impossible caseloads.
 */
function cinCounts(capacity: Record<'assessment' | 'locality' | 'lac' | 'cwd', number>, count: (base: number) => number) {
  const most = count(CHILDREN_AT_SCALE_1.childInNeed);
  const cp = count(CHILDREN_AT_SCALE_1.childProtection);
  const cla = count(CHILDREN_AT_SCALE_1.lookedAfter);
  const within = (room: number, share: number) => Math.max(Math.round(most * 0.05), Math.min(Math.round(room), Math.round(most * share)));
  const disability = within(capacity.cwd - count(15), 0.12);
  const assessment = within(capacity.assessment - 0.08 * cp, 0.3);
  const plan = within(capacity.locality - 0.92 * cp - 0.08 * cla, 1 - 0.12 - 0.3);
  return { disability, assessment, plan };
}

/** What the generator needs to know of each member of staff the organisation step made. */
async function loadStaff(ctx: DemoContext, organisation: DemoOrganisation): Promise<StaffFacts[]> {
  const ids = organisation.staff.map((s) => s.id);
  if (ids.length === 0) return [];
  const rows = await ctx.db.selectFrom('users').select(['id', 'role', 'team_id', 'fte', 'qualified_on', 'email']).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  // In the organisation step's order, so the same seed always walks staff the same way.
  return ids.map((id) => {
    const row = byId.get(id)!;
    return { id, role: row.role, teamId: row.team_id, fte: Number(row.fte), qualifiedOn: row.qualified_on, email: row.email };
  });
}

/** Ages (days) for brothers and sisters: one from the band, the others a year or few apart, all under 18. */
function siblingAges(r: Rand, band: Band, size: number, minYears: number): ChildSpec[] {
  const [lo, hi] = r.weighted(band);
  const anchor = r.int(Math.max(lo, minYears) * YEAR, hi * YEAR + 360);
  const specs: ChildSpec[] = [{ ageDays: anchor }];
  const top = hi >= 18 ? hi * YEAR + 360 : 17 * YEAR + 360;
  let older = anchor;
  let younger = anchor;
  for (let i = 1; i < size; i++) {
    const gap = r.int(330, 4 * YEAR);
    if ((r.chance(0.5) && younger - gap >= minYears * YEAR) || older + gap > top) {
      younger = Math.max(minYears * YEAR, younger - gap);
      specs.push({ ageDays: younger });
    } else {
      older += gap;
      specs.push({ ageDays: older });
    }
  }
  return specs;
}

interface TimelineRows {
  contacts: RowOf<'contacts'>[];
  referrals: RowOf<'referrals'>[];
  cpPlans: RowOf<'cp_plans'>[];
  episodes: RowOf<'care_episodes'>[];
  careLeavers: RowOf<'care_leavers'>[];
}

function timelineRows(r: Rand, uuid: () => string, units: readonly Unit[], staff: readonly StaffFacts[], organisation: DemoOrganisation, today: Day): TimelineRows {
  const out: TimelineRows = { contacts: [], referrals: [], cpPlans: [], episodes: [], careLeavers: [] };
  // Contacts are recorded at the front door: the assessment teams' managers and supervisors.
  const frontDoor = new Set(organisation.teams.filter((t) => t.name.startsWith('Assessment')).map((t) => t.id));
  const recorders = staff.filter((s) => s.teamId !== null && frontDoor.has(s.teamId) && (s.role === 'team_manager' || s.role === 'practice_supervisor')).map((s) => s.id);
  for (const unit of units) {
    for (const child of unit.children) {
      for (const c of [...child.contacts].sort((a, b) => a.day - b.day)) {
        out.contacts.push({
          id: uuid(),
          child_id: child.id,
          contact_date: isoOf(c.day),
          source: c.source,
          outcome: c.outcome,
          summary: c.summary,
          recorded_by: recorders.length ? r.pick(recorders) : null,
        });
      }
      for (const ref of child.referrals) {
        out.referrals.push({
          id: ref.id,
          child_id: child.id,
          referral_date: isoOf(ref.day),
          source: ref.source,
          primary_need: ref.need,
          no_further_action: ref.nfa,
          close_date: ref.close === null ? null : isoOf(ref.close),
          closure_reason: ref.closure,
        });
      }
      for (const p of child.cpPlans) {
        out.cpPlans.push({
          id: p.id,
          child_id: child.id,
          referral_id: p.referralId,
          start_date: isoOf(p.start),
          end_date: p.end === null ? null : isoOf(p.end),
          initial_category: p.initial,
          latest_category: p.latest,
        });
      }
      for (const period of child.care) {
        for (const e of period.episodes) {
          out.episodes.push({
            id: e.id,
            child_id: child.id,
            start_date: isoOf(e.start),
            reason_new_episode: e.reasonNew,
            legal_status: e.legal,
            primary_need: e.need,
            placement_type: e.type,
            placement_provider: e.provider,
            placement_postcode: e.postcode,
            placement_urn: e.urn,
            home_postcode: e.home,
            placement_distance_miles: e.miles,
            placement_out_of_area: e.outOfArea,
            end_date: e.end === null ? null : isoOf(e.end),
            reason_ceased: e.ceased,
            reason_place_change: e.placeChange,
          });
        }
      }
      if (child.leaver) {
        out.careLeavers.push({
          child_id: child.id,
          category: child.leaver.category,
          support_until: isoOf(child.leaver.supportUntil),
          updated_at: instantOf(Math.min(today - 1, child.adviserFrom ?? today - 1), 10, 0),
        });
      }
    }
  }
  return out;
}

/**
 * A few records only named people may open: one child placed for adoption,
 * the others related to a member of staff. Each names everyone allocated to
 * the child and the lead team's manager.
 */
function restrict(
  r: Rand,
  units: readonly Unit[],
  allocations: readonly RowOf<'allocations'>[],
  demoCaseload: ReadonlySet<string>,
  howMany: number,
  managerOf: ReadonlyMap<string, string>,
  today: Day,
): { childId: string; reason: string; access: RowOf<'restricted_access'>[] }[] {
  const open = new Map<string, RowOf<'allocations'>[]>();
  for (const a of allocations) {
    if (a.end_date !== null) continue;
    const list = open.get(a.child_id) ?? [];
    list.push(a);
    open.set(a.child_id, list);
  }
  const lead = (c: ChildRecord) => open.get(c.id)?.find((a) => a.role === 'lead' && a.worker_id);
  const singles = units.filter((u) => u.children.length === 1 && u.demo === null && !demoCaseload.has(u.children[0]!.id) && lead(u.children[0]!));
  const adoption = singles.filter((u) => u.children[0]!.care.some((p) => p.end === null && p.episodes.at(-1)!.legal === 'E1'));
  const others = singles.filter((u) => u.cohort === 'child_in_need' || u.cohort === 'child_protection');
  const chosen: { unit: Unit; reason: string }[] = [];
  if (adoption.length) chosen.push({ unit: r.pick(adoption), reason: 'Adoption' });
  for (const unit of r.shuffle(others)) {
    if (chosen.length >= howMany) break;
    chosen.push({ unit, reason: 'Relative of a member of staff' });
  }
  return chosen.slice(0, howMany).map(({ unit, reason }) => {
    const child = unit.children[0]!;
    child.restriction = reason;
    const rows = open.get(child.id)!;
    const leadRow = lead(child)!;
    const manager = managerOf.get(leadRow.team_id) ?? null;
    const since = Math.min(today - 1, dayOf(leadRow.start_date as string));
    const users = new Set([...rows.map((a) => a.worker_id).filter((id): id is string => !!id), ...(manager ? [manager] : [])]);
    return {
      childId: child.id,
      reason,
      access: [...users].map((userId) => ({ child_id: child.id, user_id: userId, granted_by: manager, granted_at: instantOf(since, 9, 30) })),
    };
  });
}
