// Case notes: a handful per child over the years, written by whoever held the
// case at the time (their manager for oversight), recorded a little after the
// event; a few corrected later, with the earlier version kept.
import { instantOf, isoOf, type Day } from './dates.ts';
import type { ChildRecord } from './model.ts';
import { ageAt } from './timelines.ts';
import { earlierVersion, noteText, type NoteSetting, type NoteText, type NoteType } from './texts.ts';
import type { RowOf } from './insert.ts';
import { ChildrenStep, type ChildrenTools } from './children-step.ts';

export interface HeldSpell {
  workerId: string | null;
  teamId: string;
  start: Day;
  end: Day | null;
  /** Set for a personal adviser's allocation. */
  adviser?: boolean;
}

export interface NoteRows {
  notes: RowOf<'case_notes'>[];
  versions: RowOf<'case_note_versions'>[];
}

const TYPES: readonly (readonly [NoteType, number])[] = [
  ['visit', 40],
  ['direct_work', 10],
  ['phone_call', 15],
  ['meeting', 12],
  ['management_oversight', 10],
  ['supervision_direction', 6],
  ['other', 7],
];

export class CaseNotes extends ChildrenStep {
  readonly out: NoteRows = { notes: [], versions: [] };

  constructor(
    tools: ChildrenTools,
    private readonly managerOf: ReadonlyMap<string, string>,
  ) {
    super(tools);
  }

  forChild(child: ChildRecord, held: readonly HeldSpell[]): void {
    const T = this.today;
    const spells = held.filter((s) => (s.end ?? T) > s.start && s.start < T);
    if (spells.length === 0) return;
    const open = spells.some((s) => s.end === null);
    const count = open ? this.r.int(3, 7) : this.r.int(1, 3);
    const days: Day[] = [];
    // A recent note for every open case, then the rest across its history (newer times more likely).
    if (open) days.push(T - this.r.int(1, 45));
    const earliest = Math.max(spells[0]!.start, child.birth ?? spells[0]!.start);
    const latest = Math.min(T - 1, Math.max(...spells.map((s) => s.end ?? T)));
    for (let i = days.length; i < count && latest >= earliest; i++) {
      const span = latest - earliest;
      const back = Math.floor(span * this.r.float() ** 1.6);
      days.push(latest - back);
    }
    for (const day of days) {
      if (day < earliest || day > T - 1) continue;
      const spell = spells.find((s) => s.start <= day && (s.end === null || day < s.end));
      if (!spell) continue;
      this.note(child, spell, day);
    }
  }

  private note(child: ChildRecord, spell: HeldSpell, day: Day): void {
    const T = this.today;
    const manager = this.managerOf.get(spell.teamId) ?? null;
    let type = this.r.weighted(TYPES);
    if (spell.workerId === null) type = 'management_oversight';
    const author = type === 'management_oversight' || type === 'supervision_direction' ? (manager ?? spell.workerId) : (spell.workerId ?? manager);
    if (author === null) return;
    const text = noteText(this.r, type, settingOn(child, spell, day), child.forename, Math.max(0, ageAt(child, day)));
    if (spell.workerId === null) text.title = 'Unallocated: management oversight';
    const recordedDay = Math.min(T - 1, day + this.r.weighted([[0, 5], [1, 3], [2, 1], [3, 1]]));
    const recordedAt = instantOf(recordedDay, this.r.int(9, 17), this.r.int(0, 59));
    const significant = this.r.chance(type === 'meeting' || type === 'management_oversight' ? 0.25 : 0.08);
    const id = this.uuid();
    let version = 1;
    let updatedAt = recordedAt;
    if (this.r.chance(0.04) && recordedDay + 1 < T) {
      const edits = this.r.chance(0.2) ? 2 : 1;
      let current = text;
      const chain: NoteText[] = [];
      for (let i = 0; i < edits; i++) {
        current = earlierVersion(this.r, current);
        chain.unshift(current);
      }
      let editDay = recordedDay;
      for (const earlier of chain) {
        editDay = Math.min(T - 1, editDay + this.r.int(0, 5));
        const editedAt = instantOf(editDay, this.r.int(9, 17), this.r.int(0, 59));
        const at = editedAt <= updatedAt ? new Date(updatedAt.getTime() + 60_000) : editedAt;
        this.out.versions.push({
          note_id: id,
          version,
          note_type: type,
          event_date: isoOf(day),
          title: earlier.title,
          body: earlier.body,
          significant: version === 1 && significant ? this.r.chance(0.5) : significant,
          edited_by: this.r.chance(0.85) ? author : (manager ?? author),
          edited_at: at,
        });
        updatedAt = at;
        version++;
      }
    }
    this.out.notes.push({
      id,
      child_id: child.id,
      note_type: type,
      event_date: isoOf(day),
      title: text.title,
      body: text.body,
      significant,
      author_id: author,
      recorded_at: recordedAt,
      version,
      updated_at: updatedAt,
    });
  }
}

function settingOn(child: ChildRecord, spell: HeldSpell, day: Day): NoteSetting {
  if (spell.adviser || (child.ownHomeFrom !== null && day >= child.ownHomeFrom)) return 'leaving_care';
  if (child.care.some((p) => p.start <= day && (p.end === null || day < p.end))) return 'placement';
  if (child.cpPlans.some((p) => p.start <= day && (p.end === null || day < p.end))) return 'protection';
  const referral = child.referrals.find((r) => r.day <= day && (r.close === null || day < r.close));
  if (referral && day < referral.day + referral.assessmentDays) return 'assessment';
  return 'home';
}
