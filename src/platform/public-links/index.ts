// Links that work without signing in, each for one purpose: a child's own
// link to tell their worker how things are, a family's feedback link. What
// they share: unguessable tokens stored by hash, when a link may be used, one
// neutral refusal, and rate limits per address and per link.
export { createLinkToken, hashLinkToken, wellFormedToken, hashPrefix, auditableToken, sameHash, lookUpByToken, TOKEN_BYTES, type LinkToken } from './token.ts';
export { linkStatus, linkExpiry, type LinkStatus, type LinkState } from './rules.ts';
export { refuseLink, REFUSED_LINK_TEMPLATE } from './refusal.ts';
export { linkRateLimits, DEFAULT_LINK_RATE_LIMITS, type LinkRateLimits } from './rate-limit.ts';
export const PUBLIC_LAYOUT = 'platform/public-links/views/public-layout.njk';
