import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.ts';
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
 * per address and one per link, both counted on every request, using the
 * app's rate limiter's store (429 and the "too many attempts" page). The
 * counters live in each instance's memory and are safe to lose: they only
 * slow someone trying links.
 */
export function linkRateLimits(app: FastifyInstance, limits: LinkRateLimits = DEFAULT_LINK_RATE_LIMITS) {
  const tokenOf = (request: FastifyRequest) => (request.params as { token?: unknown } | undefined)?.token;
  // Two limiters on one route: the plugin's own preHandler runs only the first, so each is asked here.
  const byAddress = app.createRateLimit({ max: limits.perAddressPerMinute, timeWindow: 60_000, keyGenerator: (request) => `link-address:${request.ip}` });
  const byLink = app.createRateLimit({ max: limits.perLinkPerMinute, timeWindow: 60_000, keyGenerator: (request) => `link:${auditableToken(tokenOf(request))}` });
  const exceeded = (answer: Awaited<ReturnType<typeof byAddress>>) => !answer.isAllowed && answer.isExceeded;
  return [
    async (request: FastifyRequest) => {
      const [address, link] = await Promise.all([byAddress(request), byLink(request)]);
      if (exceeded(address) || exceeded(link)) throw new HttpError(429, 'Too many attempts');
    },
  ];
}
