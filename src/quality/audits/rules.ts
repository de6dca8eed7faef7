import { createHash } from 'node:crypto';
// The rules of case audits, pure: the tool's areas and grades, the month's
// sample, who may audit whom, the moderation pick and what two auditors
// disagree on. No database, no clock: `today` is passed in.
import type { AuditAnswers, AuditGrade, AuditQuestion, AuditSample, Role } from '../../db/schema.ts';
import { addDays } from '../../platform/calendar/dates.ts';

/** The Ofsted words, best first. */
export const GRADES: Record<AuditGrade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};

/** The areas the tool's questions are grouped by, in the order the form asks them. */
export const AREAS: Record<string, string> = {
  child_voice: 'The child’s voice',
  assessment: 'Assessment and analysis',
  planning: 'Planning',
  management_oversight: 'Management oversight',
  supervision: 'Supervision',
  visits_timeliness: 'Visits and timeliness',
  impact: 'The impact on the child',
};

export const SAMPLES: Record<AuditSample, string> = {
  random: 'A random sample within each team',
  neglect: 'Neglect: children on a child protection plan for neglect',
  far_away: 'Far away: children in care placed more than 20 miles from home',
  care_leavers: 'Care leavers',
};

/** Who keeps the audit tool (as the direct-work library: the practice leads). */
export const TOOL_EDITORS: readonly Role[] = ['head_of_service', 'practice_supervisor'];
/** Who chooses the month's audits: heads of service for the council, service managers for their service. */
export const PROGRAMME_OWNERS: readonly Role[] = ['head_of_service', 'service_manager'];
/** Who may audit a child's record: managers, from outside the child's team. */
export const AUDITOR_ROLES: readonly Role[] = ['team_manager', 'practice_supervisor', 'service_manager'];
/** Who settles a disagreement between an auditor and the moderator. */
export const SETTLERS: readonly Role[] = ['head_of_service', 'service_manager'];

/** The auditor's access to the record lasts until a few days after the due date, or until they submit. */
export const GRANT_DAYS_AFTER_DUE = 7;
/** A moderator has this long from being asked. */
export const MODERATION_DAYS = 14;
export const PER_TEAM_MAX = 10;

/** The tool written one question a line per area, back into its questions with stable keys. */
export function questionsFromLines(linesByArea: Record<string, string>): AuditQuestion[] {
  const out: AuditQuestion[] = [];
  for (const area of Object.keys(AREAS)) {
    const lines = (linesByArea[area] ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
    lines.forEach((text, i) => out.push({ key: `${area}-${i + 1}`, area, text }));
  }
  return out;
}

export function linesFromQuestions(questions: readonly AuditQuestion[]): Record<string, string> {
  return Object.fromEntries(Object.keys(AREAS).map((area) => [area, questions.filter((q) => q.area === area).map((q) => q.text).join('\n')]));
}

/** A small, stable hash (FNV-1a) so a month's sample and the moderation pick are the same every time they are worked out. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export interface Candidate {
  childId: string;
  teamId: string;
}

/**
 * The month's sample: up to `perTeam` children from each team, in an order
 * seeded by the month, so the same month gives the same children until the
 * records change. Children already audited that month are left out.
 */
export function pickSample<C extends Candidate>(candidates: readonly C[], month: string, perTeam: number, alreadyAudited: ReadonlySet<string>): C[] {
  const byTeam = new Map<string, C[]>();
  for (const c of candidates) {
    if (alreadyAudited.has(c.childId)) continue;
    byTeam.set(c.teamId, [...(byTeam.get(c.teamId) ?? []), c]);
  }
  const out: C[] = [];
  for (const teamId of [...byTeam.keys()].sort()) {
    const sorted = [...byTeam.get(teamId)!].sort((a, b) => stableHash(`${month}:${a.childId}`) - stableHash(`${month}:${b.childId}`) || a.childId.localeCompare(b.childId));
    out.push(...sorted.slice(0, perTeam));
  }
  return out;
}

/** Whether a submitted audit goes to a second auditor: a stable share of `percent` in a hundred. */
export function chosenForModeration(auditId: string, percent: number): boolean {
  return stableHash(`moderation:${auditId}`) % 100 < percent;
}

export interface AuditorCandidate {
  id: string;
  role: Role;
  teamId: string | null;
  serviceId: string | null;
}

/** Why this person may not audit a child of `childTeamId`, or null when they may. */
export function auditorProblem(auditor: AuditorCandidate | undefined, childTeamId: string, childServiceId: string): string | null {
  if (!auditor || !AUDITOR_ROLES.includes(auditor.role)) return 'Choose a team manager, practice supervisor or service manager as the auditor';
  if (auditor.teamId === childTeamId) return 'The auditor must be outside the child’s team: choose a manager of another team';
  if (auditor.role === 'service_manager' && auditor.serviceId === childServiceId) return 'The auditor must be outside the child’s team: this service manager manages it';
  return null;
}

/** Why a due date will not do for `month`'s audits, or null. */
export function dueDateProblem(dueDate: string, month: string, today: string): string | null {
  if (dueDate < today) return 'The date the audit is due must be today or in the future';
  if (dueDate < month) return 'The date the audit is due must be in or after the month audited';
  return null;
}

/** The first day of the month `YYYY-MM`, or null when it is not one. */
export function monthStart(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return null;
  return `${value}-01`;
}

export function grantEnds(dueDate: string): string {
  return addDays(dueDate, GRANT_DAYS_AFTER_DUE);
}

/** The questions not yet graded, for the submit check. */
export function ungraded(questions: readonly AuditQuestion[], answers: AuditAnswers): AuditQuestion[] {
  return questions.filter((q) => !answers[q.key]?.grade);
}

export interface Disagreement {
  key: string;
  first: AuditGrade | null;
  second: AuditGrade | null;
}

/** Where the moderator graded differently from the auditor, question by question and overall ('overall'). */
export function disagreements(questions: readonly AuditQuestion[], first: AuditAnswers, second: AuditAnswers, firstOverall: AuditGrade | null, secondOverall: AuditGrade | null): Disagreement[] {
  const out: Disagreement[] = [];
  for (const q of questions) {
    const a = first[q.key]?.grade ?? null;
    const b = second[q.key]?.grade ?? null;
    if (a !== b) out.push({ key: q.key, first: a, second: b });
  }
  if (firstOverall !== secondOverall) out.push({ key: 'overall', first: firstOverall, second: secondOverall });
  return out;
}

/** Whether two sets of grades differ anywhere: the question set is the same tool version's. */
export function gradesDiffer(first: AuditAnswers, second: AuditAnswers, firstOverall: AuditGrade | null, secondOverall: AuditGrade | null): boolean {
  if (firstOverall !== secondOverall) return true;
  const keys = new Set([...Object.keys(first), ...Object.keys(second)]);
  return [...keys].some((k) => (first[k]?.grade ?? null) !== (second[k]?.grade ?? null));
}

/** The grade an audit stands at: the settled grade where moderation disagreed, else the auditor's. */
export function finalGrade(audit: { overall_grade: AuditGrade | null; settled_grade: AuditGrade | null }): AuditGrade | null {
  return audit.settled_grade ?? audit.overall_grade;
}

export type AuditStage = 'assigned' | 'draft' | 'submitted' | 'awaiting_moderator' | 'moderating' | 'to_settle' | 'done';

export const STAGES: Record<AuditStage, string> = {
  assigned: 'Not started',
  draft: 'In progress',
  submitted: 'Submitted',
  awaiting_moderator: 'Waiting for a moderator',
  moderating: 'Being moderated',
  to_settle: 'Moderation disagrees: to settle',
  done: 'Complete',
};

export function stageOf(a: {
  submitted_at: Date | null;
  answers: AuditAnswers;
  overall_grade: AuditGrade | null;
  moderation_chosen: boolean;
  moderator_id: string | null;
  moderated_at: Date | null;
  moderation_overall: AuditGrade | null;
  settled_at: Date | null;
}, hasDisagreement: boolean): AuditStage {
  if (!a.submitted_at) return Object.keys(a.answers).length > 0 || a.overall_grade ? 'draft' : 'assigned';
  if (!a.moderation_chosen) return 'done';
  if (!a.moderator_id) return 'awaiting_moderator';
  if (!a.moderated_at) return 'moderating';
  if (hasDisagreement && !a.settled_at) return 'to_settle';
  return 'done';
}

export function isOverdue(action: { due_date: string; done_on: string | null }, today: string): boolean {
  return action.done_on === null ? action.due_date < today : action.done_on > action.due_date;
}

/**
 * The programme form's field for a child's auditor: a digest of the child's
 * id, never the id itself, as heads of service choose a sample of children
 * whose records they may not open. The form is read against the sample
 * drawn again on the server.
 */
export function auditorField(childId: string): string {
  return `auditor-${createHash('sha256').update(childId).digest('hex').slice(0, 16)}`;
}
