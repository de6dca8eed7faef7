import { z } from 'zod';

/**
 * The shape of a UK postcode: an outward code of one or two letters, a digit
 * and an optional letter or digit (BN7, TN34, EC1A), then an inward code of a
 * digit and two letters (1UE). Checked after normalising.
 */
const POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|GIR 0AA)$/;

/** Upper case with one space before the last three characters; null when it cannot be a postcode. */
export function normalisePostcode(text: string): string | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (compact.length < 5 || compact.length > 7) return null;
  const spaced = `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  return POSTCODE.test(spaced) ? spaced : null;
}

const POSTCODE_FORMAT = 'Enter a real postcode, like BN7 1UE';

export const teamSchema = z.object({
  name: z
    .string({ error: 'Enter a team name' })
    .trim()
    .min(1, 'Enter a team name')
    .max(100, 'Team name must be 100 characters or fewer'),
  serviceId: z.string({ error: 'Select a service' }).trim().min(1, 'Select a service'),
  basePostcode: z
    .string({ error: "Enter the team's base postcode" })
    .trim()
    .min(1, "Enter the team's base postcode")
    .transform((text, ctx) => {
      const postcode = normalisePostcode(text);
      if (!postcode) {
        ctx.addIssue({ code: 'custom', message: POSTCODE_FORMAT });
        return z.NEVER;
      }
      return postcode;
    }),
});

export type TeamInput = z.infer<typeof teamSchema>;

export const serviceSchema = z.object({
  name: z
    .string({ error: 'Enter a service name' })
    .trim()
    .min(1, 'Enter a service name')
    .max(100, 'Service name must be 100 characters or fewer'),
  /** Blank when there is no directorate yet: a default one is created. */
  directorateId: z.string().trim().optional().default(''),
});

export const DEFAULT_DIRECTORATE = "Children's Services";

