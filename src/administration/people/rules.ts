import { z } from 'zod';
import { ROLE_LABELS, ROLES, TEAM_ROLES, type Role } from '../../platform/access/roles.ts';
import { isRealDate } from '../../platform/http/dates.ts';
import type { FieldErrors } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/access/policy.ts';

/** The fields that describe a person, shared by the admin pages and the CLI. Errors are keyed by these names. */
export type PersonField = 'email' | 'name' | 'role' | 'teamId' | 'serviceId' | 'lineManagerId' | 'qualifiedOn' | 'fte' | 'password';

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const optionalId = (message: string) =>
  z.preprocess((value) => (blank(value) ? null : value), z.string({ error: message }).refine(isUuid, message).nullable());

const FTE_MESSAGE = 'FTE must be a number from 0.1 to 1.0, like 0.8';

/** Full-time equivalent: blank means full time; at most two decimal places (the column is numeric(3,2)). */
const fte = z.preprocess(
  (value) => {
    if (blank(value)) return 1;
    if (typeof value === 'number') return value;
    const text = String(value).trim();
    return /^(\d+(\.\d+)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  },
  z
    .number({ error: FTE_MESSAGE })
    .min(0.1, FTE_MESSAGE)
    .max(1, FTE_MESSAGE)
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-9, 'FTE must have no more than 2 decimal places, like 0.75'),
);

/** Field checks that need neither the database nor the date. */
export const personSchema = z.object({
  email: z
    .string({ error: 'Enter an email address' })
    .trim()
    .toLowerCase()
    .min(1, 'Enter an email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address in the correct format, like name@example.org'),
  name: z
    .string({ error: 'Enter a full name' })
    .trim()
    .min(1, 'Enter a full name')
    .max(200, 'Full name must be 200 characters or fewer'),
  role: z.enum(ROLES, { error: 'Select a role' }),
  teamId: optionalId('Select a team from the list'),
  serviceId: optionalId('Select a service from the list'),
  lineManagerId: optionalId('Select a line manager from the list'),
  qualifiedOn: z.preprocess(
    (value) => (blank(value) ? null : value),
    z
      .string()
      .refine(isRealDate, 'Qualification date must be a real date, like 2020-03-27')
      .nullable(),
  ),
  fte,
});

export type PersonDetails = z.infer<typeof personSchema>;

function roleName(role: Role): string {
  const label = ROLE_LABELS[role].split(' / ')[0]!.toLowerCase();
  return `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;
}

/**
 * Where a role sits: team roles in exactly one team (their service is the
 * team's); a service manager in a service; the rest at directorate level,
 * optionally in a service, never in a team.
 */
export function placementProblems(role: Role, teamId: string | null, serviceId: string | null): FieldErrors {
  const errors: FieldErrors = {};
  if (TEAM_ROLES.includes(role)) {
    if (!teamId) errors.teamId = `Select a team for ${roleName(role)}`;
    if (serviceId) errors.serviceId = `Leave service empty for ${roleName(role)}: their service is their team's`;
    return errors;
  }
  if (teamId) errors.teamId = `Leave team empty for ${roleName(role)}: they do not belong to a team`;
  if (role === 'service_manager' && !serviceId) errors.serviceId = 'Select a service for a service manager';
  return errors;
}

export function qualifiedOnProblem(qualifiedOn: string | null, today: string): string | null {
  if (qualifiedOn && qualifiedOn > today) return 'Qualification date must be today or in the past';
  return null;
}

/**
 * A line manager must not be the person, nor anyone they manage directly or
 * through others. `chainAboveManager` is the manager followed by their line
 * managers upwards.
 */
export function lineManagerProblem(personId: string | null, managerId: string | null, chainAboveManager: readonly string[]): string | null {
  if (!managerId || !personId) return null;
  if (managerId === personId) return 'A person cannot be their own line manager';
  if (chainAboveManager.includes(personId)) {
    return 'Select someone this person does not manage: they already manage the chosen line manager, directly or through others';
  }
  return null;
}

export type AccountStatus = 'active' | 'disabled' | 'locked';

export function accountStatus(account: { disabled_at: Date | null; locked_until: Date | null }, now: Date): AccountStatus {
  if (account.disabled_at) return 'disabled';
  if (account.locked_until && account.locked_until > now) return 'locked';
  return 'active';
}

export const STATUS_LABELS: Record<AccountStatus, string> = { active: 'Active', disabled: 'Disabled', locked: 'Sign-in paused' };

/** The readable description of a person stored in audit reasons and shown in lists. */
export interface PersonSummary {
  email: string;
  name: string;
  role: Role;
  team: string | null;
  service: string | null;
  lineManager: string | null;
  qualifiedOn: string | null;
  fte: number;
}

const SUMMARY_LABELS: Record<keyof PersonSummary, string> = {
  email: 'email',
  name: 'name',
  role: 'role',
  team: 'team',
  service: 'service',
  lineManager: 'line manager',
  qualifiedOn: 'qualified on',
  fte: 'FTE',
};

/** "role: Social worker → Team manager; FTE: 1 → 0.8", or '' when nothing changed. */
export function describeChanges(before: PersonSummary, after: PersonSummary): string {
  const shown = (key: keyof PersonSummary, value: PersonSummary[keyof PersonSummary]) =>
    value === null || value === '' ? 'none' : key === 'role' ? ROLE_LABELS[value as Role] : String(value);
  return (Object.keys(SUMMARY_LABELS) as (keyof PersonSummary)[])
    .filter((key) => before[key] !== after[key])
    .map((key) => `${SUMMARY_LABELS[key]}: ${shown(key, before[key])} → ${shown(key, after[key])}`)
    .join('; ');
}

export function describePerson(person: PersonSummary): string {
  const place = person.team ? ` in ${person.team}` : person.service ? ` in ${person.service}` : '';
  return `${person.email} as ${ROLE_LABELS[person.role]}${place}`;
}

