import type { DirectWorkKind } from '../../db/schema.ts';
import type { Role } from '../../platform/access/roles.ts';

/** The kinds of tool in the library, in the order the library shows them. */
export const TOOL_KINDS: Readonly<Record<DirectWorkKind, string>> = {
  communication: 'Communication and participation',
  digital: 'Digital',
  neglect: 'Neglect',
};

/** Who keeps the library: heads of service, and practice supervisors as the council's practice leads. */
export const LIBRARY_EDITORS: readonly Role[] = ['head_of_service', 'practice_supervisor'];

/** Who sees the count of each tool's use: team managers their team, service managers their service, heads of service the council. */
export const USE_READERS: readonly Role[] = ['team_manager', 'service_manager', 'head_of_service'];

export const AGE_MAX = 25;

/** "Ages 5 to 11", "Age 8", "Any age up to 25". */
export function agesText(from: number, to: number): string {
  if (from === to) return `Age ${from}`;
  if (from === 0 && to === AGE_MAX) return `Any age up to ${AGE_MAX}`;
  return `Ages ${from} to ${to}`;
}

/** Whether a tool suits a child of `age` (null when the age is not known: every tool may). */
export function suitsAge(tool: { age_from: number; age_to: number }, age: number | null): boolean {
  return age === null || (tool.age_from <= age && age <= tool.age_to);
}
