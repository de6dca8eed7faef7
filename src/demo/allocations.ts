// Who holds each child, now and over the years: lead social workers (with the
// SSDA903 reason each change happened), co-workers, independent reviewing
// officers and personal advisers, and the workers who have since left.
//
// Today's caseloads are set first, sized to each worker (full-time workers
// mostly 12–22 children, a few over 25; ASYE workers and part-timers fewer),
// with a short unallocated queue in some teams. History is then drawn back
// from each current allocation: how long workers stayed, and why they changed.
import type { Role } from '../db/schema.ts';
import type { SwReason } from '../reference/codes.ts';
import { dayOf, instantOf, isoOf, YEAR, type Day } from './dates.ts';
import type { ChildRecord, TeamType, Unit } from './model.ts';
import type { DemoOrganisation } from './organisation.ts';
import { checkCode, STAYING_WORKER_REASONS } from './shapes.ts';
import { homeAt } from './timelines.ts';
import type { RowOf } from './insert.ts';
import { ChildrenStep, type ChildrenTools } from './children-step.ts';

type Kind = TeamType | 'leaving' | 'reviewing';

export interface StaffFacts {
  id: string;
  role: Role;
  teamId: string | null;
  fte: number;
  qualifiedOn: string | null;
  email: string;
}

interface Worker {
  id: string;
  role: Role;
  teamId: string;
  fte: number;
  qualifiedOn: Day | null;
  asye: boolean;
  target: number;
  load: number;
}

interface Former {
  id: string;
  teamId: string;
  leave: Day;
  reason: SwReason;
  first: Day;
}

interface Team {
  id: string;
  name: string;
  kind: Kind;
  base: string;
  managerId: string | null;
  workers: Worker[];
  formers: Former[];
  remaining: number;
  queue: number;
}

export interface LeadSpell {
  workerId: string | null;
  teamId: string;
  start: Day;
  end: Day | null;
  reason: string | null;
}

interface Phase {
  type: TeamType;
  start: Day;
  end: Day | null;
}

interface Group {
  unit: Unit;
  children: ChildRecord[];
  phase: Phase;
  /** Why the last allocation of a phase that has ended came to an end: TSPROC when another team took over the same day. */
  endReason: string | null;
  team?: Team;
  worker?: Worker | null;
  wait?: number;
  churn?: boolean;
}

export interface AllocationOutcome {
  rows: RowOf<'allocations'>[];
  formerStaff: RowOf<'users'>[];
  leadSpells: Map<string, LeadSpell[]>;
  /** Team manager of each team, for management oversight and restricted records. */
  managerOf: Map<string, string>;
  /** Children the demo social worker holds. */
  demoCaseload: string[];
}

const TSPROC = checkCode('swReason', 'TSPROC');

export class Allocator extends ChildrenStep {
  private readonly teams: Team[] = [];
  private readonly byKind = new Map<Kind, Team[]>();
  private readonly workers = new Map<string, Worker>();
  private readonly rows: RowOf<'allocations'>[] = [];
  private readonly formers: Former[] = [];
  private readonly formerById = new Map<string, Former>();
  private readonly teamById = new Map<string, Team>();
  private readonly teamOfUnit = new Map<string, Team>();
  private readonly iroLoad = new Map<string, number>();
  private readonly paLoad = new Map<string, number>();
  private readonly historyStart: Day;

  constructor(
    tools: ChildrenTools,
    organisation: DemoOrganisation,
    private readonly staff: readonly StaffFacts[],
    private readonly demoEmails: { socialWorker: string; adviser: string; iro: string },
    private readonly passwordHash: string,
  ) {
    super(tools);
    this.historyStart = this.today - 6 * YEAR;
    for (const t of organisation.teams) {
      const kind: Kind = t.kind === 'advisers' ? 'leaving' : t.kind === 'reviewing' ? 'reviewing' : caseTeamType(t.name);
      const members = staff.filter((s) => s.teamId === t.id);
      const team: Team = {
        id: t.id,
        name: t.name,
        kind,
        base: t.basePostcode,
        managerId: members.find((s) => s.role === 'team_manager')?.id ?? null,
        workers: [],
        formers: [],
        remaining: 0,
        queue: 0,
      };
      const holders: Role[] = kind === 'leaving' ? ['personal_adviser'] : kind === 'reviewing' ? ['iro'] : ['social_worker', 'practice_supervisor'];
      for (const s of members) {
        if (!holders.includes(s.role)) continue;
        const qualified = s.qualifiedOn ? dayOf(s.qualifiedOn) : null;
        const asye = s.role === 'social_worker' && qualified !== null && this.today - qualified < YEAR;
        const worker: Worker = { id: s.id, role: s.role, teamId: t.id, fte: s.fte, qualifiedOn: qualified, asye, target: this.target(s, asye), load: 0 };
        team.workers.push(worker);
        this.workers.set(s.id, worker);
      }
      this.teams.push(team);
      this.teamById.set(team.id, team);
      this.byKind.set(kind, [...(this.byKind.get(kind) ?? []), team]);
      if (kind !== 'leaving' && kind !== 'reviewing') this.makeFormers(team);
    }
    // One worker in a large council died in service over the six years: rare, but the return has a code for it.
    const caseFormers = this.formers.filter((f) => f.reason === 'LEFTRL');
    if (caseFormers.length >= 40) this.r.pick(caseFormers).reason = checkCode('swReason', 'SWDIED') as SwReason;
  }

  /** Children a worker should hold today before the council's demand is spread: FTE, ASYE protection and role decide. */
  private target(s: StaffFacts, asye: boolean): number {
    if (s.email === this.demoEmails.socialWorker) return 18;
    if (s.role === 'practice_supervisor') return this.r.int(4, 8);
    if (s.role !== 'social_worker') return 0;
    const base = asye
      ? this.r.int(9, 13)
      : this.r.weighted([
          [this.r.int(13, 20), 62],
          [this.r.int(20, 24), 27],
          [this.r.int(25, 30), 11],
        ]);
    return base * s.fte;
  }

  /** Workers who left in the six years: about one in six case holders a year, a third of them agency staff. */
  private makeFormers(team: Team): void {
    const count = Math.max(1, Math.round(team.workers.length * 0.16 * 6.3));
    for (let i = 0; i < count; i++) {
      const leave = this.r.int(this.historyStart - 60, this.today - 3);
      const former: Former = {
        id: this.uuid(),
        teamId: team.id,
        leave,
        reason: (this.r.chance(0.35) ? 'FCONTA' : 'LEFTRL') as SwReason,
        first: leave - this.r.int(200, 5 * YEAR),
      };
      team.formers.push(former);
      this.formers.push(former);
      this.formerById.set(former.id, former);
    }
    team.formers.sort((a, b) => a.leave - b.leave);
  }

  // ------------------------------------------------------------------ main

  allocate(units: readonly Unit[]): AllocationOutcome {
    const groups = this.groups(units);
    const current = groups.filter((g) => g.phase.end === null);
    const demoCaseload = this.assignDemo(current);
    for (const type of ['assessment', 'locality', 'lac', 'cwd'] as const) {
      this.assignType(current.filter((g) => g.phase.type === type && g.team === undefined));
    }
    const leadSpells = new Map<string, LeadSpell[]>();
    for (const group of groups) {
      const team = group.team ?? this.teamFor(group.unit, group.phase.type, group.phase.start);
      group.team = team;
      const spells = this.spells(group, team);
      for (const child of group.children) {
        const list = leadSpells.get(child.id) ?? [];
        list.push(...spells);
        leadSpells.set(child.id, list);
        for (const s of spells) this.row(child.id, 'lead', s.teamId, s.workerId, s.start, s.end, s.reason);
      }
      if (group.phase.end === null && group.worker) this.coWorker(group);
    }
    for (const list of leadSpells.values()) list.sort((a, b) => a.start - b.start);
    this.reviewingOfficers(units, demoCaseload);
    this.advisers(units);
    const managerOf = new Map<string, string>();
    for (const t of this.teams) if (t.managerId) managerOf.set(t.id, t.managerId);
    return { rows: this.rows, formerStaff: this.formerRows(), leadSpells, managerOf, demoCaseload };
  }

  /** Each child's lead phases, grouped where brothers and sisters share them. */
  private groups(units: readonly Unit[]): Group[] {
    const groups: Group[] = [];
    for (const unit of units) {
      const byKey = new Map<string, Group>();
      for (const child of unit.children) {
        const phases = leadPhases(child, this.today);
        phases.forEach((phase, i) => {
          const next = phases[i + 1];
          // A case that closed and opened again later changed worker too: the return and the continuity figures want a reason for it.
          const endReason = phase.end !== null && next ? TSPROC : null;
          const key = `${phase.type}|${phase.start}|${phase.end ?? ''}|${endReason ?? ''}`;
          const group = byKey.get(key);
          if (group) group.children.push(child);
          else {
            const g: Group = { unit, children: [child], phase, endReason };
            byKey.set(key, g);
            groups.push(g);
          }
        });
      }
    }
    return groups;
  }

  /** The demo social worker's caseload: the units kept for her, then children from her patch, to about 18 with a mix of plans. */
  private assignDemo(current: Group[]): string[] {
    const demo = this.staff.find((s) => s.email === this.demoEmails.socialWorker);
    const worker = demo ? this.workers.get(demo.id) : undefined;
    const team = worker ? this.teams.find((t) => t.id === worker.teamId) : undefined;
    if (!worker || !team) return [];
    const take = (g: Group) => {
      g.team = team;
      g.worker = worker;
      worker.load += g.children.length;
    };
    const ofType = current.filter((g) => g.phase.type === team.kind);
    for (const g of ofType) if (g.unit.demo === 'social_worker') take(g);
    const near = ofType
      .filter((g) => g.team === undefined && !g.children.some((c) => c.care.some((p) => p.end === null)))
      .map((g) => ({ g, d: this.places.miles(homeAt(g.unit, this.today), team.base) }))
      .sort((a, b) => a.d - b.d || a.g.unit.index - b.g.unit.index)
      .map((x) => x.g);
    const isCp = (g: Group) => g.children.some((c) => c.cpPlans.some((p) => p.end === null));
    const count = (pred: (g: Group) => boolean) => current.filter((g) => g.worker === worker && pred(g)).reduce((n, g) => n + g.children.length, 0);
    for (const g of near) {
      if (count(isCp) >= 6) break;
      if (isCp(g) && worker.load + g.children.length <= 12) take(g);
    }
    for (const g of near) {
      if (worker.load >= 18) break;
      if (g.team === undefined && !isCp(g) && worker.load + g.children.length <= 19) take(g);
    }
    return current.filter((g) => g.worker === worker).flatMap((g) => g.children.map((c) => c.id));
  }

  /** Spreads a team type's current cases over its teams (nearest with room) and workers (most room), leaving a short queue in some teams. */
  private assignType(holds: Group[]): void {
    if (holds.length === 0) return;
    const type = holds[0]!.phase.type;
    const teams = this.teamsOf(type);
    const demand = holds.reduce((n, g) => n + g.children.length, 0);
    const queueShare = { assessment: [0.6, 3, 10], locality: [0.35, 1, 7], lac: [0.2, 1, 4], cwd: [0.3, 1, 4] }[type] as [number, number, number];
    for (const team of teams) team.queue = this.r.chance(queueShare[0]) ? this.r.int(queueShare[1], queueShare[2]) : 0;
    const queued = teams.reduce((n, t) => n + t.queue, 0);
    // Experienced workers take up the demand; ASYE workers, supervisors and the demo worker keep their protected numbers.
    const all = teams.flatMap((t) => t.workers);
    const flexible = all.filter((w) => w.load === 0 && w.role === 'social_worker' && !w.asye);
    const fixed = all.filter((w) => !flexible.includes(w)).reduce((n, w) => n + Math.max(0, w.target - w.load), 0);
    const capacity = flexible.reduce((n, w) => n + w.target, 0);
    // Spread any difference evenly by FTE, keeping the spread of caseloads between workers.
    const fte = flexible.reduce((n, w) => n + w.fte, 0);
    const extraPerFte = fte > 0 ? (demand - queued - fixed - capacity) / fte : 0;
    for (const w of flexible) w.target = Math.max(2 * w.fte, w.target + extraPerFte * w.fte);
    for (const team of teams) team.remaining = team.workers.reduce((n, w) => n + Math.max(0, w.target - w.load), 0) + team.queue;

    const order = [...holds].sort((a, b) => b.children.length - a.children.length || a.unit.index - b.unit.index);
    for (const g of order) {
      const home = homeAt(g.unit, this.today);
      const ranked = teams
        .map((t) => ({ t, d: this.places.miles(home, t.base) + this.r.int(0, 8) }))
        .sort((a, b) => a.d - b.d || a.t.name.localeCompare(b.t.name));
      const size = g.children.length;
      const share = (t: Team) => t.remaining / Math.max(1, t.workers.reduce((n, w) => n + w.target, 0));
      const chosen = ranked.find((x) => x.t.remaining >= size / 2)?.t ?? ranked.reduce((a, b) => (share(b.t) > share(a.t) ? b : a)).t;
      chosen.remaining -= size;
      g.team = chosen;
      this.teamOfUnit.set(`${g.unit.index}|${type}`, chosen);
    }

    for (const team of teams) {
      const mine = order.filter((g) => g.team === team);
      // The unallocated queue: a few cases waiting up to about six weeks for a worker.
      let waiting = 0;
      for (const g of this.r.shuffle(mine.filter((g) => this.today - g.phase.start >= 1))) {
        if (waiting >= team.queue) break;
        if (waiting + g.children.length > team.queue + 1) continue;
        g.worker = null;
        g.wait = this.r.int(1, Math.min(40, this.today - g.phase.start));
        waiting += g.children.length;
      }
      // Child protection first, to workers past their first year; then the rest to whoever has most room.
      const isCp = (g: Group) => g.children.some((c) => c.cpPlans.some((p) => p.end === null));
      const ordered = [...mine.filter(isCp), ...mine.filter((g) => !isCp(g))];
      for (const g of ordered) {
        if (g.worker !== undefined) continue;
        const allowAsye = !isCp(g) || this.r.chance(0.03);
        let best: Worker | null = null;
        let bestScore = -Infinity;
        for (const w of team.workers) {
          if (w.asye && !allowAsye) continue;
          // Room as a share of the worker's own level, so that past it everyone goes over in proportion.
          const score = (w.target - w.load - g.children.length / 2 + this.r.float() * 1.5) / Math.max(1, w.target);
          if (score > bestScore) {
            best = w;
            bestScore = score;
          }
        }
        g.worker = best;
        if (best) best.load += g.children.length;
      }
    }
  }

  private teamsOf(type: TeamType): Team[] {
    const chain: Record<TeamType, Kind[]> = {
      assessment: ['assessment', 'locality', 'lac', 'cwd'],
      locality: ['locality', 'assessment', 'lac', 'cwd'],
      lac: ['lac', 'locality', 'cwd', 'assessment'],
      cwd: ['cwd', 'lac', 'locality', 'assessment'],
    };
    for (const kind of chain[type]) {
      const teams = (this.byKind.get(kind) ?? []).filter((t) => t.workers.length > 0);
      if (teams.length > 0) return teams;
    }
    throw new Error('Demo: the organisation has no case-holding team');
  }

  /** The team that held a past phase: the unit's current team of that type, or one near the family's home then. */
  private teamFor(unit: Unit, type: TeamType, day: Day): Team {
    const key = `${unit.index}|${type}`;
    let team = this.teamOfUnit.get(key);
    if (!team) {
      const home = homeAt(unit, day);
      const ranked = this.teamsOf(type)
        .map((t) => ({ t, d: this.places.miles(home, t.base) + this.r.int(0, 6) }))
        .sort((a, b) => a.d - b.d || a.t.name.localeCompare(b.t.name));
      team = ranked[0]!.t;
      this.teamOfUnit.set(key, team);
    }
    return team;
  }

  // --------------------------------------------------------------- history

  private spellLength(short: boolean): number {
    if (short) return this.r.int(35, 120);
    return this.r.weighted([
      [this.r.int(30, 120), 5],
      [this.r.int(120, 300), 15],
      [this.r.int(300, 700), 30],
      [this.r.int(700, 1100), 32],
      [this.r.int(1100, 2000), 18],
    ]);
  }

  /** A phase's lead allocations, drawn back from its last (today's, or the one that ended with the phase). */
  private spells(group: Group, team: Team): LeadSpell[] {
    const T = this.today;
    const { phase } = group;
    const spells: LeadSpell[] = [];
    const churn = group.churn ?? (phase.end === null && T - phase.start > 300 && this.r.chance(0.05));
    let cursor: Day;
    let next: string | null;
    if (phase.end === null) {
      if (group.worker === null || group.worker === undefined) {
        const start = Math.max(phase.start, T - (group.wait ?? 1));
        spells.push({ workerId: null, teamId: team.id, start, end: null, reason: null });
      } else {
        let start = Math.max(phase.start, T - this.spellLength(churn));
        if (group.worker.qualifiedOn !== null) start = Math.max(start, Math.min(T, group.worker.qualifiedOn + this.r.int(7, 60)));
        spells.push({ workerId: group.worker.id, teamId: team.id, start, end: null, reason: null });
      }
      cursor = spells[0]!.start;
      next = spells[0]!.workerId;
    } else {
      const start = Math.max(phase.start, phase.end - this.spellLength(false));
      const spell = {
        workerId: this.holder(team, start, phase.end, null) ?? this.newFormer(team, Math.min(this.today - 1, phase.end + this.r.int(0, 200)), start).id,
        teamId: team.id,
        start,
        end: phase.end,
        reason: group.endReason,
      };
      spells.push(spell);
      cursor = start;
      next = spell.workerId;
    }
    while (cursor > phase.start) {
      const short = churn && cursor > T - YEAR;
      let start = Math.max(phase.start, cursor - this.spellLength(short));
      if (start > phase.start && start - phase.start < 20) start = phase.start;
      let workerId: string | null = null;
      let reason: string | null = null;
      const later = spells[0]!;
      if (this.r.chance(0.35)) {
        // The worker left: every child they held moved on the day they went.
        const former = this.leaverAt(team, start + 14, cursor);
        const movable =
          former !== null &&
          (later.end === null || former.leave < later.end - 7) &&
          (later.workerId !== null || T - former.leave <= 40) &&
          this.startsInTime(later.workerId, former.leave);
        if (former && movable) {
          later.start = former.leave;
          const laterFormer = later.workerId === null ? undefined : this.formerById.get(later.workerId);
          if (laterFormer) laterFormer.first = Math.min(laterFormer.first, former.leave);
          cursor = former.leave;
          start = Math.min(start, cursor - 14);
          start = Math.max(phase.start, start);
          workerId = former.id;
          reason = former.reason;
          former.first = Math.min(former.first, start);
        }
      }
      if (workerId === null) {
        const holder = this.holder(team, start, cursor, next);
        if (holder) {
          workerId = holder;
          reason = this.r.weighted(STAYING_WORKER_REASONS);
        } else {
          const former = this.newFormer(team, cursor, start);
          workerId = former.id;
          reason = former.reason;
        }
      }
      if (start >= cursor) break;
      spells.unshift({ workerId, teamId: team.id, start, end: cursor, reason });
      next = workerId;
      cursor = start;
    }
    return spells;
  }

  /** Whether the worker could have started on that day (qualified by then). */
  private startsInTime(workerId: string | null, day: Day): boolean {
    if (workerId === null) return true;
    const w = this.workers.get(workerId);
    return !w || w.qualifiedOn === null || w.qualifiedOn + 7 <= day;
  }

  /**
   * Someone in the team who could hold a case from `start` to `end`, other
   * than `not`: a current worker qualified by then, or one who worked there
   * all that time and has since left.
   */
  private holder(team: Team, start: Day, end: Day, not: string | null): string | null {
    const options: string[] = [];
    for (const w of team.workers) if (w.id !== not && (w.qualifiedOn === null || w.qualifiedOn + 7 <= start)) options.push(w.id);
    for (const f of team.formers) if (f.id !== not && f.first <= start && f.leave >= end) options.push(f.id);
    return options.length ? this.r.pick(options) : null;
  }

  /** A worker of the team who left between `from` and `to` (the latest such). */
  private leaverAt(team: Team, from: Day, to: Day): Former | null {
    let found: Former | null = null;
    for (const f of team.formers) if (f.leave >= from && f.leave <= to && f.leave < this.today && (!found || f.leave > found.leave)) found = f;
    return found;
  }

  /** A worker who left on `leave`, having started by `since`. */
  private newFormer(team: Team, leave: Day, since: Day): Former {
    const last = Math.min(leave, this.today - 1);
    const former: Former = { id: this.uuid(), teamId: team.id, leave: last, reason: 'LEFTRL' as SwReason, first: Math.min(since, last - this.r.int(200, 4 * YEAR)) };
    team.formers.push(former);
    this.formers.push(former);
    this.formerById.set(former.id, former);
    return former;
  }

  private coWorker(group: Group): void {
    if (!group.team || !group.worker || !this.r.chance(0.05)) return;
    const lead = group.worker;
    const demo = this.staff.find((s) => s.email === this.demoEmails.socialWorker)?.id;
    const others = group.team.workers.filter((w) => w.id !== lead.id && !w.asye && w.id !== demo);
    if (others.length === 0) return;
    const co = this.r.pick(others);
    const start = Math.max(group.phase.start, this.today - this.r.int(5, 200));
    for (const child of group.children) this.row(child.id, 'co_worker', group.team.id, co.id, start, null, null);
  }

  // ------------------------------------------------ reviewing officers, advisers

  /** An IRO for every child protection plan and period of care: the same one across a plan that leads into care. */
  private reviewingOfficers(units: readonly Unit[], demoCaseload: string[]): void {
    const iros = (this.byKind.get('reviewing') ?? []).flatMap((t) => t.workers);
    if (iros.length === 0) return;
    const demoIro = this.staff.find((s) => s.email === this.demoEmails.iro)?.id;
    const demoChildren = new Set(demoCaseload);
    for (const unit of units) {
      const bySpan = new Map<string, ChildRecord[]>();
      for (const child of unit.children) {
        for (const span of reviewSpans(child)) {
          const key = `${span.start}|${span.end ?? ''}`;
          bySpan.set(key, [...(bySpan.get(key) ?? []), child]);
        }
      }
      for (const [key, children] of bySpan) {
        const [startText, endText] = key.split('|') as [string, string];
        const start = Number(startText);
        const end = endText === '' ? null : Number(endText);
        const pickIro = () => {
          if (demoIro && children.some((c) => demoChildren.has(c.id))) return demoIro;
          let best = iros[0]!;
          let bestScore = Infinity;
          for (const w of iros) {
            const score = (this.iroLoad.get(w.id) ?? 0) + this.r.float() * 6;
            if (score < bestScore) {
              best = w;
              bestScore = score;
            }
          }
          return best.id;
        };
        if (end !== null) {
          const iro = this.r.pick(iros);
          for (const child of children) this.row(child.id, 'iro', iro.teamId, iro.id, start, end, null);
          continue;
        }
        const iro = pickIro();
        const team = this.workers.get(iro)!.teamId;
        let from = start;
        if (this.today - start > 240 && this.r.chance(0.2)) {
          const change = this.r.int(start + 90, this.today - 30);
          const earlier = this.r.pick(iros.filter((w) => w.id !== iro).length ? iros.filter((w) => w.id !== iro) : iros);
          const reason = this.r.weighted(STAYING_WORKER_REASONS);
          for (const child of children) this.row(child.id, 'iro', earlier.teamId, earlier.id, start, change, reason);
          from = change;
        }
        for (const child of children) this.row(child.id, 'iro', team, iro, from, null, null);
        this.iroLoad.set(iro, (this.iroLoad.get(iro) ?? 0) + children.length);
      }
    }
  }

  /** A personal adviser for care leavers, and for eligible children from about 16, in the leaving care team nearest their home. */
  private advisers(units: readonly Unit[]): void {
    const teams = (this.byKind.get('leaving') ?? []).filter((t) => t.workers.length > 0);
    if (teams.length === 0) return;
    const demoPa = this.staff.find((s) => s.email === this.demoEmails.adviser)?.id;
    for (const unit of units) {
      for (const child of unit.children) {
        if (child.adviserFrom === null || child.adviserFrom > this.today) continue;
        const home = child.addresses.at(-1)?.postcode ?? homeAt(unit, this.today);
        const team = teams
          .map((t) => ({ t, d: this.places.miles(home, t.base) + this.r.int(0, 10) }))
          .sort((a, b) => a.d - b.d || a.t.name.localeCompare(b.t.name))[0]!.t;
        let pa = team.workers[0]!;
        if (demoPa && team.workers.some((w) => w.id === demoPa) && (this.paLoad.get(demoPa) ?? 0) < 16) pa = this.workers.get(demoPa)!;
        else {
          let bestScore = Infinity;
          for (const w of team.workers) {
            const score = (this.paLoad.get(w.id) ?? 0) + this.r.float() * 4;
            if (score < bestScore) {
              pa = w;
              bestScore = score;
            }
          }
        }
        let from = child.adviserFrom;
        if (this.today - from > 300 && this.r.chance(0.25)) {
          const change = this.r.int(from + 120, this.today - 20);
          const others = team.workers.filter((w) => w.id !== pa.id);
          if (others.length) {
            this.row(child.id, 'personal_adviser', team.id, this.r.pick(others).id, from, change, this.r.weighted(STAYING_WORKER_REASONS));
            from = change;
          }
        }
        this.row(child.id, 'personal_adviser', team.id, pa.id, from, null, null);
        this.paLoad.set(pa.id, (this.paLoad.get(pa.id) ?? 0) + 1);
      }
    }
  }

  // ------------------------------------------------------------------ rows

  private row(childId: string, role: 'lead' | 'co_worker' | 'iro' | 'personal_adviser', teamId: string, workerId: string | null, start: Day, end: Day | null, reason: string | null): void {
    const team = this.teamById.get(teamId);
    const recordedOn = Math.min(start + this.r.int(0, 2), this.today);
    this.rows.push({
      id: this.uuid(),
      child_id: childId,
      role,
      team_id: teamId,
      worker_id: workerId,
      start_date: isoOf(start),
      end_date: end === null ? null : isoOf(end),
      end_reason: reason,
      recorded_by: team?.managerId ?? null,
      recorded_at: recordedOn === this.today ? instantOf(recordedOn, 7, this.r.int(0, 59)) : instantOf(recordedOn, this.r.int(8, 17), this.r.int(0, 59)),
    });
  }

  private formerRows(): RowOf<'users'>[] {
    return this.formers.map((f, i) => {
      const team = this.teamById.get(f.teamId)!;
      const first = this.faker.person.firstName();
      const last = this.faker.person.lastName();
      const joined = f.first - this.r.int(0, 120);
      const qualifiedOn = isoOf(joined - this.r.int(0, 12) * YEAR);
      return {
        id: f.id,
        email: `${first}.${last}.left${i + 1}@staff.steadfast.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
        name: `${first} ${last}`,
        role: 'social_worker' as const,
        team_id: team.id,
        service_id: null,
        line_manager_id: team.managerId,
        qualified_on: qualifiedOn,
        asye_started_on: qualifiedOn,
        fte: this.r.chance(0.2) ? 0.8 : 1,
        password_hash: this.passwordHash,
        disabled_at: instantOf(f.leave, 17, 0),
        created_at: instantOf(joined, 9, 0),
        updated_at: instantOf(f.leave, 17, 0),
      };
    });
  }
}

// --------------------------------------------------------------- helpers

/** Children each kind of case-holding team can hold at ordinary caseloads: 20 a full-time experienced worker, 11 in the ASYE year, 6 a supervisor. */
export function caseCapacity(organisation: DemoOrganisation, staff: readonly StaffFacts[], today: Day): Record<TeamType, number> {
  const capacity: Record<TeamType, number> = { assessment: 0, locality: 0, lac: 0, cwd: 0 };
  const kindOf = new Map(organisation.teams.filter((t) => t.kind === 'case').map((t) => [t.id, caseTeamType(t.name)]));
  for (const s of staff) {
    const kind = s.teamId ? kindOf.get(s.teamId) : undefined;
    if (!kind) continue;
    if (s.role === 'practice_supervisor') capacity[kind] += 6;
    if (s.role !== 'social_worker') continue;
    const asye = s.qualifiedOn !== null && today - dayOf(s.qualifiedOn) < YEAR;
    capacity[kind] += (asye ? 11 : 20) * s.fte;
  }
  return capacity;
}

function caseTeamType(name: string): TeamType {
  if (name.startsWith('Assessment')) return 'assessment';
  if (name.startsWith('Looked After')) return 'lac';
  if (name.startsWith('Children with Disabilities')) return 'cwd';
  return 'locality';
}

/**
 * The teams that led a child's case over time: the assessment team from a
 * referral; a locality (or disabilities) team once assessed; a looked-after
 * children's team from the transfer after a care order; the phase ends when
 * the referral closes (a care leaver over 18 has a personal adviser instead).
 */
export function leadPhases(child: ChildRecord, today: Day): Phase[] {
  const phases: Phase[] = [];
  const push = (type: TeamType, start: Day, end: Day | null) => {
    if (end !== null && end <= start) return;
    const last = phases[phases.length - 1];
    if (last && last.type === type && last.end === start) last.end = end;
    else phases.push({ type, start, end });
  };
  const referrals = [...child.referrals].sort((a, b) => a.day - b.day);
  for (const ref of referrals) {
    const close = ref.close;
    const assessed = ref.day + ref.assessmentDays;
    if (close !== null && close <= assessed) {
      push('assessment', ref.day, close);
      continue;
    }
    if (close === null && assessed > today) {
      push('assessment', ref.day, null);
      continue;
    }
    push('assessment', ref.day, assessed);
    let type: TeamType = child.cwd ? 'cwd' : 'locality';
    let cursor = assessed;
    for (const period of child.care) {
      if (period.start < ref.day || (close !== null && period.start >= close)) continue;
      const transfer = Math.max(period.transfer, assessed);
      const until = close ?? today + 1;
      if (transfer < until && transfer <= today && type !== (child.cwd ? 'cwd' : 'lac')) {
        push(type, cursor, transfer);
        cursor = transfer;
        type = child.cwd ? 'cwd' : 'lac';
      }
    }
    push(type, cursor, close);
  }
  return phases;
}

/** When an IRO is needed: child protection plans and periods of care, run together where one leads into the other. */
function reviewSpans(child: ChildRecord): { start: Day; end: Day | null }[] {
  const spans = [...child.cpPlans.map((p) => ({ start: p.start, end: p.end })), ...child.care.map((p) => ({ start: p.start, end: p.end }))].sort(
    (a, b) => a.start - b.start,
  );
  const merged: { start: Day; end: Day | null }[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && (last.end === null || s.start <= last.end)) {
      if (last.end !== null && (s.end === null || s.end > last.end)) last.end = s.end;
    } else merged.push({ ...s });
  }
  return merged.filter((s) => s.end === null || s.end > s.start);
}
