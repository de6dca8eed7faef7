/**
 * Whether a link that works without signing in may be used at `now`. The
 * person holding it is never told which of these it is: every answer but
 * 'usable' gets the same page (refusal.ts).
 */
export type LinkStatus = 'usable' | 'expired' | 'used' | 'withdrawn';

export interface LinkState {
  expires_at: Date;
  uses_allowed: number;
  uses_made: number;
  withdrawn_at: Date | null;
}

export function linkStatus(link: LinkState, now: Date): LinkStatus {
  if (link.withdrawn_at) return 'withdrawn';
  if (link.uses_made >= link.uses_allowed) return 'used';
  if (link.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'usable';
}

/** When a link made at `now` stops working: `days` whole days later. */
export function linkExpiry(now: Date, days: number): Date {
  return new Date(now.getTime() + days * 86_400_000);
}
