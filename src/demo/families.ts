// The people of the demo council's cases: each unit's children (names, dates
// of birth, identifiers) and, once their timelines are known, the adults
// around them, their addresses, families, relationships and the
// professionals who know them.
import type { Database } from '../db/schema.ts';
import { generateNhsNumber, generateUpn } from '../child-record/index.ts';
import { ageOn, instantOf, isoOf, YEAR, type Day } from './dates.ts';
import type { AddressSpell, ChildRecord, Cohort, Unit } from './model.ts';
import type { Home } from './places.ts';
import { DISABILITIES, ETHNICITY, IMMIGRATION_STATUSES, KINSHIP, UASC_ETHNICITY } from './shapes.ts';
import { fictionalPhone, gpPractice, schoolName, UASC_FORENAMES, UASC_SURNAMES } from './texts.ts';
import type { RowOf } from './insert.ts';
import { ChildrenStep, type ChildrenTools } from './children-step.ts';

/** East Sussex's DfE local authority number, the first part of the UPNs it issues. */
const LA_NUMBER = '845';

type Row<T extends keyof Database & string> = RowOf<T>;

export interface PeopleRows {
  people: Row<'people'>[];
  disabilities: Row<'person_disabilities'>[];
  addresses: Row<'addresses'>[];
  families: Row<'families'>[];
  members: Row<'family_members'>[];
  relationships: Row<'relationships'>[];
  professionals: Row<'professional_contacts'>[];
}

export interface ChildSpec {
  /** Age today in days; null for an unborn child. */
  ageDays: number | null;
  sex?: 'M' | 'F';
}

export class Families extends ChildrenStep {
  private nextChildNumber: number;
  private readonly nhsNumbers = new Set<string>();
  private readonly upns = new Set<string>();

  constructor(tools: ChildrenTools) {
    super(tools);
    this.nextChildNumber = 100_000 + this.r.int(0, 50_000);
  }

  /** A unit of brothers and sisters (or one child) with a home in the county and its history of moves. */
  unit(index: number, cohort: Cohort, specs: ChildSpec[], options: { uasc?: boolean; cwd?: boolean; near?: string; dueInDays?: number } = {}): Unit {
    const T = this.today;
    const uasc = options.uasc ?? false;
    const ethnicity = uasc ? this.r.weighted(UASC_ETHNICITY) : this.r.weighted(ETHNICITY);
    const surname = uasc ? this.r.pick(UASC_SURNAMES) : this.faker.person.lastName();
    const eldest = Math.min(...specs.map((s) => (s.ageDays === null ? T : T - s.ageDays)));
    const children = specs.map((spec): ChildRecord => {
      const birth = spec.ageDays === null ? null : T - spec.ageDays;
      const sex = spec.sex ?? (uasc ? (this.r.chance(0.9) ? 'M' : 'F') : this.r.chance(0.52) ? 'M' : 'F');
      const age = birth === null ? -1 : ageOn(birth, T);
      const cwd = options.cwd ?? false;
      const disabilities = cwd
        ? [...new Set([this.r.weighted(DISABILITIES), ...(this.r.chance(0.5) ? [this.r.weighted(DISABILITIES)] : [])])]
        : age >= 2 && this.r.chance(0.06)
          ? [this.r.weighted(DISABILITIES)]
          : birth === null
            ? []
            : ['NONE'];
      const hasUpn = age >= 4 && !(uasc && this.r.chance(0.4)) && this.r.chance(0.93);
      return {
        id: this.uuid(),
        laChildId: `ESC${this.nextChildNumber++}`,
        cohort,
        forename: uasc ? this.r.pick(UASC_FORENAMES) : this.faker.person.firstName(sex === 'M' ? 'male' : 'female'),
        surname: !uasc && this.r.chance(0.25) ? this.faker.person.lastName() : surname,
        sex,
        birth,
        due: birth === null ? T + (options.dueInDays ?? this.r.int(7, 110)) : null,
        ethnicity: !uasc && this.r.chance(0.08) ? this.r.weighted(ETHNICITY) : ethnicity,
        uasc,
        immigrationStatus: uasc ? this.r.weighted(IMMIGRATION_STATUSES) : null,
        disabilities,
        cwd,
        nhsNumber: birth === null || (uasc && this.r.chance(0.4)) || this.r.chance(0.04) ? null : this.nhsNumber(),
        upn: hasUpn ? this.uniqueUpn() : null,
        upnUnknownReason: null,
        restriction: null,
        contacts: [],
        referrals: [],
        cpPlans: [],
        care: [],
        leaver: null,
        adviserFrom: null,
        addresses: [],
        ownHomeFrom: null,
      };
    });
    // The family's homes: where it lives now, and up to two moves before, the first from before the eldest was born.
    const homes: AddressSpell[] = [];
    let current: Home = options.near ? this.places.homeNear(options.near) : this.places.home();
    let start = T - this.r.int(120, 3000);
    const moves = this.r.weighted([[0, 45], [1, 38], [2, 17]]);
    const chain: { home: Home; start: Day }[] = [{ home: current, start }];
    for (let i = 0; i < moves; i++) {
      current = this.places.homeNear(current.postcode);
      start = start - this.r.int(300, 1800);
      chain.unshift({ home: current, start });
    }
    chain[0]!.start = Math.min(chain[0]!.start, eldest - this.r.int(30, 700));
    chain.forEach((c, i) => homes.push({ id: '', line1: this.street(), town: c.home.town, postcode: c.home.postcode, start: c.start, end: chain[i + 1]?.start ?? null }));
    return { index, cohort, children, homes, demo: null };
  }

  /** A test-range NHS number no one else has; none once the range is nearly used up (only at very large scales). */
  private nhsNumber(): string | null {
    for (let attempt = 0; attempt < 20; attempt++) {
      const n = generateNhsNumber((min, max) => this.r.int(min, max));
      if (!this.nhsNumbers.has(n)) {
        this.nhsNumbers.add(n);
        return n;
      }
    }
    return null;
  }

  /** A unique pupil number no other child has (CIN census rule 1520); drawn again on the rare clash in a large council. */
  private uniqueUpn(): string {
    for (;;) {
      const upn = generateUpn((min, max) => this.r.int(min, max), LA_NUMBER);
      if (!this.upns.has(upn)) {
        this.upns.add(upn);
        return upn;
      }
    }
  }

  private street(): string {
    return `${this.r.int(1, 180)} ${this.faker.location.street()}`;
  }

  /** Every row for the units' people, once their timelines are final. */
  rows(units: readonly Unit[]): PeopleRows {
    const out: PeopleRows = { people: [], disabilities: [], addresses: [], families: [], members: [], relationships: [], professionals: [] };
    for (const unit of units) this.unitRows(unit, out);
    return out;
  }

  private unitRows(unit: Unit, out: PeopleRows): void {
    const T = this.today;
    const r = this.r;
    const familyId = this.uuid();
    const first = unit.children[0]!;
    const familySurname = first.surname;
    out.families.push({ id: familyId, name: `${familySurname} family` });
    const member = (personId: string) => out.members.push({ family_id: familyId, person_id: personId });
    const createdAt = (day: Day) => instantOf(Math.min(day, T - 1), 10, r.int(0, 59));

    // Children.
    for (const child of unit.children) {
      this.childAddresses(unit, child);
      const firstSeen = Math.min(...child.contacts.map((c) => c.day), T - 1);
      // The SSDA903 Header asks every child who has been looked after (care leavers too) for a UPN or the reason there is none (rule 168).
      if (child.care.length > 0 && !child.upn && child.birth !== null) {
        const age = ageOn(child.birth, T);
        child.upnUnknownReason = age < 4 ? 'UN1' : child.uasc ? 'UN2' : 'UN5';
      }
      out.people.push({
        id: child.id,
        is_child: true,
        la_child_id: child.laChildId,
        forename: child.forename,
        surname: child.surname,
        other_names: null,
        date_of_birth: child.birth === null ? null : isoOf(child.birth),
        expected_date_of_birth: child.due === null ? null : isoOf(child.due),
        sex: child.sex,
        ethnicity: child.ethnicity,
        nhs_number: child.nhsNumber,
        upn: child.upn,
        upn_unknown_reason: child.upnUnknownReason,
        uasc: child.uasc,
        immigration_status: child.immigrationStatus,
        restricted: child.restriction !== null,
        restriction_reason: child.restriction,
        created_at: createdAt(firstSeen),
        updated_at: createdAt(firstSeen),
      });
      for (const code of child.disabilities) out.disabilities.push({ person_id: child.id, code });
      for (const a of child.addresses) out.addresses.push(addressRow(a, child.id));
      member(child.id);
      this.professionals(child, unit, out);
    }

    // Unaccompanied children have no family here.
    if (first.uasc) return;

    const eldestBirth = Math.min(...unit.children.map((c) => c.birth ?? T));
    const firstContact = Math.min(...unit.children.flatMap((c) => c.contacts.map((x) => x.day)), T - 1);
    const adult = (forename: string, surname: string, sex: 'M' | 'F', birth: Day, ethnicity: string): string => {
      const id = this.uuid();
      out.people.push({
        id,
        is_child: false,
        la_child_id: null,
        forename,
        surname,
        other_names: null,
        date_of_birth: isoOf(birth),
        expected_date_of_birth: null,
        sex,
        ethnicity,
        nhs_number: r.chance(0.7) ? this.nhsNumber() : null,
        upn: null,
        upn_unknown_reason: null,
        uasc: false,
        immigration_status: null,
        restricted: false,
        restriction_reason: null,
        created_at: createdAt(firstContact),
        updated_at: createdAt(firstContact),
      });
      member(id);
      return id;
    };
    const relate = (personId: string, childId: string, type: string, livesWith: boolean, pr: boolean) =>
      out.relationships.push({ id: this.uuid(), person_id: personId, related_person_id: childId, type, lives_with: livesWith, parental_responsibility: pr });

    const atHome = (c: ChildRecord) => livesAtHome(c, T);

    // Mother: every unit's children share her.
    const motherBirth = eldestBirth - r.int(17 * YEAR, 38 * YEAR);
    const motherName = this.faker.person.firstName('female');
    const motherId = adult(motherName, familySurname, 'F', motherBirth, first.ethnicity);
    for (const home of unit.homes) out.addresses.push(addressRow({ ...home, id: this.uuid() }, motherId));
    for (const child of unit.children) relate(motherId, child.id, 'mother', atHome(child), !adoptedOrOrdered(child));

    // Fathers: the first child's, and another for some of the younger ones (half brothers and sisters).
    const fatherOf = new Map<string, number>();
    let fathers = 1;
    unit.children.forEach((child, i) => fatherOf.set(child.id, i > 0 && r.chance(0.35) ? ++fathers : 1));
    const latestHome = unit.homes[unit.homes.length - 1]!;
    for (let f = 1; f <= fathers; f++) {
      if (!r.chance(0.72)) continue;
      const kids = unit.children.filter((c) => fatherOf.get(c.id) === f);
      const surname = kids.some((c) => c.surname === familySurname) && f === 1 ? familySurname : kids[0]!.surname;
      const id = adult(this.faker.person.firstName('male'), surname, 'M', motherBirth - r.int(-3 * YEAR, 8 * YEAR), r.chance(0.85) ? first.ethnicity : r.weighted(ETHNICITY));
      const together = f === 1 && r.chance(0.35);
      if (together) out.addresses.push(addressRow({ ...latestHome, id: this.uuid() }, id));
      else {
        const own = this.places.homeNear(latestHome.postcode);
        out.addresses.push(addressRow({ id: this.uuid(), line1: this.street(), town: own.town, postcode: own.postcode, start: T - r.int(100, 2500), end: null }, id));
      }
      const pr = r.chance(0.8);
      for (const child of kids) relate(id, child.id, 'father', together && atHome(child), pr && !adoptedOrOrdered(child));
    }

    // A step-parent living with mother, for some families.
    if (r.chance(0.15)) {
      const id = adult(this.faker.person.firstName('male'), this.faker.person.lastName(), 'M', motherBirth - r.int(-4 * YEAR, 10 * YEAR), r.weighted(ETHNICITY));
      const since = Math.max(latestHome.start, T - r.int(200, 2000));
      out.addresses.push(addressRow({ ...latestHome, id: this.uuid(), start: since }, id));
      for (const child of unit.children) relate(id, child.id, 'step_parent', atHome(child), false);
    }

    // A grandparent: often a support, sometimes the carer (kinship foster care, or a special guardianship order).
    const kinshipNow = unit.children.filter((c) => {
      const open = c.care.find((p) => p.end === null);
      const last = open?.episodes[open.episodes.length - 1];
      return last !== undefined && KINSHIP.has(last.type);
    });
    const guardianship = unit.children.filter((c) => c.care.some((p) => p.episodes.some((e) => /^E4[5-8]$/.test(e.ceased ?? ''))));
    if (kinshipNow.length > 0 || guardianship.length > 0 || r.chance(0.2)) {
      const id = adult(this.faker.person.firstName('female'), r.chance(0.6) ? familySurname : this.faker.person.lastName(), 'F', motherBirth - r.int(18 * YEAR, 30 * YEAR), first.ethnicity);
      const carerOf = new Set([...kinshipNow, ...guardianship].map((c) => c.id));
      const carerPlace = kinshipNow[0]?.care.find((p) => p.end === null)?.episodes.at(-1)?.postcode;
      const own = carerPlace ? { postcode: carerPlace, town: null as string | null } : this.places.homeNear(latestHome.postcode);
      out.addresses.push(addressRow({ id: this.uuid(), line1: this.street(), town: own.town, postcode: own.postcode, start: T - r.int(1000, 5000), end: null }, id));
      for (const child of unit.children) {
        const cares = carerOf.has(child.id);
        relate(id, child.id, 'grandparent', cares, cares && guardianship.includes(child));
        if (cares) relate(id, child.id, 'carer', true, guardianship.includes(child));
      }
    }

    // Brothers and sisters: one row a pair, the elder first.
    for (let i = 0; i < unit.children.length; i++) {
      for (let j = i + 1; j < unit.children.length; j++) {
        const a = unit.children[i]!;
        const b = unit.children[j]!;
        const [elder, younger] = (a.birth ?? T) <= (b.birth ?? T) ? [a, b] : [b, a];
        const type = fatherOf.get(a.id) === fatherOf.get(b.id) ? 'sibling' : 'half_sibling';
        relate(elder.id, younger.id, type, livesTogether(a, b, T), false);
      }
    }
  }

  /** The child's addresses: the family's homes from birth; after care ends at 16 or more, a place of their own; after an order, the carers' home. */
  private childAddresses(unit: Unit, child: ChildRecord): void {
    const T = this.today;
    if (child.birth === null) return;
    const born = child.birth;
    const lastCare = child.care[child.care.length - 1];
    const lastEpisode = lastCare?.episodes[lastCare.episodes.length - 1];
    let leaveHomeOn: Day | null = null;
    let newHome: { line1: string; town: string | null; postcode: string } | null = null;
    if (lastCare && lastCare.end !== null && lastEpisode) {
      const ceased = lastEpisode.ceased ?? '';
      if (child.leaver && ['E5', 'E6', 'E8', 'E7'].includes(ceased)) {
        const own = this.places.homeNear(lastEpisode.postcode.startsWith('BN') || lastEpisode.postcode.startsWith('TN') ? lastEpisode.postcode : unit.homes.at(-1)!.postcode);
        newHome = { line1: `Flat ${this.r.int(1, 24)}, ${this.street()}`, town: own.town, postcode: own.postcode };
      } else if (ceased === 'E17' || /^E4[5-8]$/.test(ceased) || ceased === 'E11' || ceased === 'E12') {
        newHome = { line1: this.street(), town: null, postcode: lastEpisode.postcode };
      }
      if (newHome) leaveHomeOn = lastCare.end;
    }
    for (const home of unit.homes) {
      const start = Math.max(home.start, born);
      let end = home.end;
      if (end !== null && end <= born) continue;
      if (leaveHomeOn !== null && start >= leaveHomeOn) continue;
      if (leaveHomeOn !== null && (end === null || end > leaveHomeOn)) end = leaveHomeOn;
      child.addresses.push({ ...home, id: this.uuid(), start, end });
    }
    if (newHome && leaveHomeOn !== null && leaveHomeOn <= T) {
      child.addresses.push({ id: this.uuid(), ...newHome, start: leaveHomeOn, end: null });
      child.ownHomeFrom = leaveHomeOn;
    }
  }

  private professionals(child: ChildRecord, unit: Unit, out: PeopleRows): void {
    const T = this.today;
    const r = this.r;
    if (child.birth === null) return;
    const open = unit.cohort !== 'closed' && unit.cohort !== 'contact_only';
    if (!open && !r.chance(0.5)) return;
    const town = child.addresses.at(-1)?.town ?? null;
    const age = ageOn(child.birth, T);
    const add = (name: string, role: string, organisation: string, withEmail: boolean) => {
      const slug = organisation.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
      out.professionals.push({
        id: this.uuid(),
        child_id: child.id,
        name,
        role,
        organisation,
        phone: fictionalPhone(r),
        email: withEmail ? `${name.split(' ').at(-1)!.toLowerCase().replace(/[^a-z]/g, '')}@${slug}.example` : null,
      });
    };
    add(`Dr ${this.faker.person.firstName()} ${this.faker.person.lastName()}`, 'GP', gpPractice(r, town), false);
    if (!open) return;
    if (age >= 4 && age < 18) add(`${this.faker.person.firstName()} ${this.faker.person.lastName()}`, 'Designated safeguarding lead', schoolName(r, town, age), true);
    if (age < 5) add(`${this.faker.person.firstName('female')} ${this.faker.person.lastName()}`, 'Health visitor', `Health Visiting Team${town ? `, ${town}` : ''}`, true);
  }
}

function addressRow(a: AddressSpell, personId: string): RowOf<'addresses'> {
  return { id: a.id, person_id: personId, line1: a.line1, town: a.town, postcode: a.postcode, start_date: isoOf(a.start), end_date: a.end === null ? null : isoOf(a.end) };
}

/** Living with the family today: not looked after (unless placed with parents), not in a home of their own, not adopted or under an order. */
export function livesAtHome(child: ChildRecord, today: Day): boolean {
  if (child.birth === null) return false;
  const open = child.care.find((p) => p.end === null);
  if (open) return open.episodes[open.episodes.length - 1]!.type === 'P1';
  if (child.ownHomeFrom !== null || adoptedOrOrdered(child)) return false;
  return ageOn(child.birth, today) < 18 || child.leaver === null;
}

function adoptedOrOrdered(child: ChildRecord): boolean {
  return child.care.some((p) => p.episodes.some((e) => e.ceased !== null && /^(E11|E12|E4[5-8])$/.test(e.ceased)));
}

function livesTogether(a: ChildRecord, b: ChildRecord, today: Day): boolean {
  if (livesAtHome(a, today) && livesAtHome(b, today)) return true;
  const pa = a.care.find((p) => p.end === null)?.episodes.at(-1);
  const pb = b.care.find((p) => p.end === null)?.episodes.at(-1);
  return pa !== undefined && pb !== undefined && pa.postcode === pb.postcode && pa.type === pb.type;
}

