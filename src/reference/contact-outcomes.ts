// What was decided about a contact: read by the child's record, which records
// it, and by the help and protection measures, which count it.

/** What was decided about a contact. Stored as the key. */
export const CONTACT_OUTCOMES = {
  referral: 'Referred to children’s social care',
  early_help: 'Passed to early help',
  other_agency: 'Passed to another agency',
  advice: 'Information and advice given',
  no_further_action: 'No further action',
} as const;
export type ContactOutcome = keyof typeof CONTACT_OUTCOMES;

export function describeContactOutcome(outcome: string): string {
  return (CONTACT_OUTCOMES as Record<string, string>)[outcome] ?? outcome;
}
