import { addMonths, formatDate } from '../../platform/calendar/dates.ts';
import type { Role } from '../../platform/access/roles.ts';
import { LIBRARY_EDITORS } from '../toolkits/rules.ts';
import { RECORDERS } from '../sessions/rules.ts';

/**
 * The scale every domain is graded on. 1 is the good end: the child's needs
 * in the domain are met well; 5 is severe neglect. A falling grade is an
 * improvement in the child's care.
 */
export const GRADES = [1, 2, 3, 4, 5] as const;
export type Grade = (typeof GRADES)[number];

export const GRADE_NAMES: Readonly<Record<Grade, string>> = {
  1: 'Needs met well',
  2: 'Needs mostly met',
  3: 'Needs met inconsistently',
  4: 'Needs often not met',
  5: 'Severe neglect',
};

/** The child protection category that makes the profile due (DfE CIN census code NEG). */
export const NEGLECT_CATEGORY = 'NEG';

/** Who keeps the council's profile: the keepers of the direct-work library. */
export const PROFILE_KEEPERS: readonly Role[] = LIBRARY_EDITORS;

/** Who completes a profile on a child's record: those who record direct work. */
export const PROFILE_RECORDERS: readonly Role[] = RECORDERS;

/** The most domains a version may hold: enough for any council's profile, few enough for one form. */
export const MAX_DOMAINS = 12;

export interface Due {
  dueOn: string;
  overdue: boolean;
  /** "Due by 3 March 2027" or "Overdue: due by 3 March 2027". */
  text: string;
  /** The same as a sentence about the profile. */
  sentence: string;
  /** Why it is due: after the last profile, or at the plan's start. */
  basis: string;
}

/**
 * When the child's next neglect profile is due, or null when none is due:
 * only while the child has an open child protection plan for neglect. It is
 * due `months` after the last completion, or at the plan's start when there
 * is none since (a profile from before the plan does not put it off: the
 * plan's start is then the date).
 */
export function profileDue(input: { neglectPlanStart: string | null; lastCompleted: string | null; months: number; today: string }): Due | null {
  const { neglectPlanStart, lastCompleted, months, today } = input;
  if (!neglectPlanStart) return null;
  const afterLast = lastCompleted ? addMonths(lastCompleted, months) : null;
  const fromLast = afterLast !== null && afterLast >= neglectPlanStart;
  const dueOn = fromLast ? afterLast : neglectPlanStart;
  const overdue = dueOn < today;
  return {
    dueOn,
    overdue,
    text: `${overdue ? 'Overdue: due by' : 'Due by'} ${formatDate(dueOn)}`,
    sentence: overdue ? `The neglect profile is overdue: it was due by ${formatDate(dueOn)}` : `The next neglect profile is due by ${formatDate(dueOn)}`,
    basis: fromLast
      ? `${months} ${months === 1 ? 'month' : 'months'} after the last profile, completed on ${formatDate(lastCompleted!)}`
      : `at the start of the child protection plan for neglect, ${formatDate(neglectPlanStart)}`,
  };
}

/** A domain's key from its name: lower case words joined by hyphens, unique among `taken`. */
export function domainKey(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50)
      .replace(/-+$/g, '') || 'domain';
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  return key;
}

export interface GradedCompletion {
  id: string;
  completedOn: string;
  grades: readonly { domainKey: string; domainName: string; grade: number }[];
}

export interface DomainSeries {
  key: string;
  /** The name in the latest completion that graded it. */
  name: string;
  /** One per completion, oldest first: null where that completion's version had no such domain. */
  grades: (number | null)[];
  /** The latest grade against the one before it. */
  change: 'better' | 'worse' | 'same' | null;
}

/** Each domain's grades across the completions, oldest first, in the order the latest completion lists them. */
export function domainSeries(completions: readonly GradedCompletion[]): { dates: string[]; domains: DomainSeries[] } {
  const ordered = [...completions].sort((a, b) => a.completedOn.localeCompare(b.completedOn) || a.id.localeCompare(b.id));
  const keys: string[] = [];
  const names = new Map<string, string>();
  for (const c of [...ordered].reverse()) {
    for (const g of c.grades) {
      if (!names.has(g.domainKey)) {
        names.set(g.domainKey, g.domainName);
        keys.push(g.domainKey);
      }
    }
  }
  const domains = keys.map((key) => {
    const grades = ordered.map((c) => c.grades.find((g) => g.domainKey === key)?.grade ?? null);
    const known = grades.filter((g): g is number => g !== null);
    const [before, last] = known.slice(-2);
    const change = known.length < 2 ? null : last! < before! ? 'better' : last! > before! ? 'worse' : 'same';
    return { key, name: names.get(key)!, grades, change } satisfies DomainSeries;
  });
  return { dates: ordered.map((c) => c.completedOn), domains };
}

export const CHANGE_TEXT: Readonly<Record<NonNullable<DomainSeries['change']>, string>> = {
  better: 'Better than the profile before',
  worse: 'Worse than the profile before',
  same: 'The same as the profile before',
};

export interface PlanDate {
  date: string;
  what: string;
}

/** The completions and the child's plan and review dates as one list, oldest first (a plan date before a completion on the same day). */
export function timeline(completions: readonly { completedOn: string; text: string }[], planDates: readonly PlanDate[]) {
  return [...planDates.map((p) => ({ date: p.date, what: p.what, kind: 'plan' as const })), ...completions.map((c) => ({ date: c.completedOn, what: c.text, kind: 'profile' as const }))]
    .sort((a, b) => a.date.localeCompare(b.date) || (a.kind === b.kind ? 0 : a.kind === 'plan' ? -1 : 1))
    .map((e) => ({ ...e, dateText: formatDate(e.date) }));
}
