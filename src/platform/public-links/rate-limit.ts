import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditableToken } from './token.ts';

export interface LinkRateLimits {
  /** Requests a minute from one address, to any link. */
  perAddressPerMinute: number;
  /** Requests a minute to one link, from anywhere. */
  perLinkPerMinute: number;
}

export const DEFAULT_LINK_RATE_LIMITS: LinkRateLimits = { perAddressPerMinute: 30, perLinkPerMinute: 10 };

/**
 * preHandlers for a public link's routes (the token in `:token`): one counter
 * per address and one per link, using the app's rate limiter (429 and the
 * "too many attempts" page). The counters live in each instance's memory and
 * are safe to lose: they only slow someone trying links.
 */
export function linkRateLimits(app: FastifyInstance, limits: LinkRateLimits = DEFAULT_LINK_RATE_LIMITS) {
  const tokenOf = (request: FastifyRequest) => (request.params as { token?: unknown } | undefined)?.token;
  return [
    app.rateLimit({ max: limits.perAddressPerMinute, timeWindow: '1 minute', keyGenerator: (request) => `link-address:${request.ip}` }),
    app.rateLimit({ max: limits.perLinkPerMinute, timeWindow: '1 minute', keyGenerator: (request) => `link:${auditableToken(tokenOf(request))}` }),
  ];
}
