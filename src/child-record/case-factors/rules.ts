import type { Role } from '../../db/schema.ts';
import type { Viewer } from '../../platform/access/policy.ts';
import { z } from 'zod';
import { choice, dateInput, formComplete, readForm, yesNo } from '../../platform/http/forms.ts';
import type { ComplexityTier } from '../../workload/index.ts';

/** What each complexity tier means, for the people who set it. */
export const TIER_DESCRIPTIONS: Record<ComplexityTier, { name: string; description: string }> = {
  1: { name: 'Tier 1: typical', description: 'The work usual for the child’s legal status.' },
  2: {
    name: 'Tier 2: complex',
    description: 'Markedly more work than usual: for example several agencies to coordinate, frequent placement moves, a disability needing specialist support, or high conflict in the family.',
  },
  3: {
    name: 'Tier 3: highly complex',
    description: 'Intensive work: for example exploitation or going missing, very high risk, a secure or specialist placement far away, or a large sibling group with separate plans.',
  },
};

const CHANGERS: readonly Role[] = ['team_manager', 'practice_supervisor', 'service_manager'];

/**
 * The child's team managers and practice supervisors, and the service manager
 * over those teams, change case factors; anyone else who may open the record
 * may only read them. `teams` are the teams holding the child's case now.
 */
export function mayChangeCaseFactors(viewer: Viewer, teams: readonly { teamId: string; serviceId: string }[]): boolean {
  if (!CHANGERS.includes(viewer.role)) return false;
  if (viewer.role === 'service_manager') return viewer.serviceId !== null && teams.some((t) => t.serviceId === viewer.serviceId);
  return viewer.teamId !== null && teams.some((t) => t.teamId === viewer.teamId);
}

export interface CaseFactors {
  complexityTier: ComplexityTier;
  courtProceedingsSince: string | null;
}

export function describeCaseFactors(factors: CaseFactors): string {
  return `tier ${factors.complexityTier}, care proceedings ${factors.courtProceedingsSince ? `since ${factors.courtProceedingsSince}` : 'none'}`;
}

const caseFactorsForm = z.object({
  complexityTier: choice(['1', '2', '3'], { label: 'Complexity tier', choose: 'Select the complexity tier', invalid: 'Select the complexity tier' }),
  courtProceedings: yesNo('Select whether the child is subject to care proceedings'),
});

/** Reads the form: a tier 1–3, and care proceedings yes (with a start date, not in the future) or no. */
export function readCaseFactorsForm(
  body: Record<string, unknown>,
  today: string,
): { ok: true; value: CaseFactors } | { ok: false; errors: Record<string, string> } {
  const read = readForm(caseFactorsForm, body);
  const since = read.values.courtProceedings
    ? readForm(z.object({ courtSince: dateInput({ label: 'Date care proceedings started', required: true, requiredMessage: 'Enter the date care proceedings started', notAfter: today }) }), body)
    : null;
  const errors = { ...read.errors, ...since?.errors };
  if (!formComplete(read) || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { complexityTier: Number(read.values.complexityTier) as ComplexityTier, courtProceedingsSince: since?.values.courtSince ?? null } };
}

