import { ROLES, type Role } from '../../db/schema.ts';
import { birthday } from '../calendar/dates.ts';

export { ROLES, type Role };

export const ROLE_LABELS: Record<Role, string> = {
  social_worker: 'Social worker',
  practice_supervisor: 'Practice supervisor / senior practitioner',
  team_manager: 'Team manager',
  service_manager: 'Service manager',
  head_of_service: 'Head of service / director',
  personal_adviser: 'Personal adviser',
  iro: 'Independent reviewing officer',
  performance_analyst: 'Performance analyst',
  system_admin: 'System administrator',
};

/** Roles that belong to a team; the others are placed at service or directorate level. */
export const TEAM_ROLES: readonly Role[] = ['social_worker', 'practice_supervisor', 'team_manager', 'personal_adviser', 'iro'];

export const MANAGER_ROLES: readonly Role[] = ['practice_supervisor', 'team_manager', 'service_manager', 'head_of_service'];

/** Who makes the statutory returns: they hold every looked-after child's identifiers and dates, restricted children included, as the DfE requires. */
export const RETURNS_ROLES: readonly Role[] = ['performance_analyst', 'head_of_service'];
/** Managers who see the return's errors for the children whose records they may open, to put them right. */
export const RETURN_CHECKERS: readonly Role[] = ['practice_supervisor', 'team_manager', 'service_manager'];

/**
 * Roles that hold children's cases and so may not be made returns
 * administrators: making a return shows every child's identifiers, restricted
 * children included, which front-line work does not need.
 */
export const FRONT_LINE_ROLES: readonly Role[] = ['social_worker', 'practice_supervisor', 'personal_adviser', 'iro'];

/** What a person may do beyond their role: what a system administrator granted them. */
export interface Permissions {
  returnsAdministrator?: boolean;
}

/** Whether someone in this role may be granted the returns administrator permission. */
export function mayHoldReturnsPermission(role: Role): boolean {
  return !FRONT_LINE_ROLES.includes(role);
}

/**
 * Whether this person makes the statutory returns: by their role (RETURNS_ROLES),
 * or by the returns administrator permission while their role may hold it (a
 * person moved into a front-line role loses what the permission gave).
 */
export function makesReturns(user: { role: Role } & Permissions): boolean {
  return RETURNS_ROLES.includes(user.role) || (user.returnsAdministrator === true && mayHoldReturnsPermission(user.role));
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** An ASYE worker is a social worker in the year from the start of their ASYE (not from qualifying: the two can be months apart). */
export function isAsye(role: Role, asyeStartedOn: string | null, today: string): boolean {
  if (role !== 'social_worker' || !asyeStartedOn) return false;
  // The year ends on its first anniversary, found as a birthday is (29 February's is 1 March in a common year).
  return asyeStartedOn <= today && today < birthday(asyeStartedOn, 1);
}

export interface NavigationItem {
  href: string;
  text: string;
  /** A group's pages, listed on the group's own page. */
  items?: NavigationItem[];
  /** Pages reached through this one rather than from the menu: the menu marks this item while one of them is open. */
  within?: string[];
}

/**
 * Sections of the menu, so that every role's menu fits on one line at 1280 px
 * (a browser test checks it). A page joins the first section that has at
 * least `fewest` (default two) of the role's pages; with fewer, the page
 * stays in the menu itself. Each section has a page of its own listing its
 * pages, and the home page lists every page one by one.
 */
export const NAVIGATION_GROUPS: readonly { href: string; text: string; members: readonly string[]; fewest?: number }[] = [
  { href: '/staff', text: 'Staff', members: ['/supervision', '/workforce', '/learning', '/access-reviews'], fewest: 3 },
  {
    href: '/help-and-care',
    text: 'Help and care',
    members: ['/front-door', '/protection/measures', '/care/stability', '/care/missing', '/care/leavers', '/care/health', '/care/adoption', '/care/reviewing', '/care/permanence'],
  },
  {
    href: '/practice',
    text: 'Practice',
    members: ['/direct-work/toolkits', '/direct-work/use', '/supervision', '/learning', '/quality/audits', '/quality/observations', '/quality/feedback', '/quality/complaints', '/quality/themes'],
  },
  { href: '/settings', text: 'Settings', members: ['/admin/supervision', '/admin/timescales', '/admin/caseload', '/admin/learning', '/admin/local-offer', '/admin/notifications'] },
];

/** Pages the menu leaves to the page they are reached from (registering a child comes after a search; caseload trends and continuity from the caseloads). */
const REACHED_FROM: Readonly<Record<string, string>> = { '/children/new': '/children/search', '/trends': '/caseload', '/continuity': '/caseload' };

/** What each role's menu offers, in sections; pages check access again on their own. */
export function navigationFor(role: Role, permissions: Permissions = {}): NavigationItem[] {
  const all = destinationsFor(role, permissions);
  const offered = new Set(all.map((item) => item.href));
  const inMenu = all.filter((item) => !offered.has(REACHED_FROM[item.href] ?? ''));
  const sectionOf = (href: string) => NAVIGATION_GROUPS.find((g) => g.members.includes(href) && inMenu.filter((i) => g.members.includes(i.href)).length >= (g.fewest ?? 2));
  const out: NavigationItem[] = [];
  for (const item of inMenu) {
    const section = sectionOf(item.href);
    const within = Object.keys(REACHED_FROM).filter((href) => REACHED_FROM[href] === item.href);
    if (!section) out.push(within.length ? { ...item, within } : item);
    else if (!out.some((o) => o.href === section.href)) out.push({ href: section.href, text: section.text, items: inMenu.filter((i) => sectionOf(i.href) === section) });
  }
  return out;
}

/** Every page a role's navigation reaches, one by one. */
export function destinationsFor(role: Role, permissions: Permissions = {}): NavigationItem[] {
  const items: NavigationItem[] = [{ href: '/', text: 'Home' }];
  if (role !== 'system_admin') items.push({ href: '/children/search', text: 'Find a child' });
  if (role === 'social_worker' || role === 'practice_supervisor' || role === 'team_manager' || role === 'service_manager') {
    items.push({ href: '/children/new', text: 'Register a child' });
  }
  if (role === 'social_worker' || role === 'personal_adviser' || role === 'iro') items.push({ href: '/my-children', text: 'My children' });
  if (role !== 'system_admin' && role !== 'head_of_service' && role !== 'performance_analyst') items.push({ href: '/work', text: 'Work due' });
  if (role === 'head_of_service' || role === 'performance_analyst') items.push({ href: '/work/council', text: 'Work due' });
  // The front door queue: the page itself tells those outside the front door's teams and their line that it is not theirs.
  if (['social_worker', 'practice_supervisor', 'team_manager', 'service_manager', 'head_of_service', 'performance_analyst'].includes(role)) items.push({ href: '/front-door', text: 'Front door' });
  if (role === 'team_manager' || role === 'practice_supervisor') items.push({ href: '/teams', text: 'Team' });
  if (role === 'service_manager') items.push({ href: '/teams', text: 'Service' });
  if (MANAGER_ROLES.includes(role)) items.push({ href: '/access-reviews', text: 'Access to review' });
  if (MANAGER_ROLES.includes(role) || role === 'performance_analyst') items.push({ href: '/caseload', text: 'Caseloads' });
  if (role === 'social_worker' || role === 'personal_adviser') items.push({ href: '/caseload', text: 'My caseload' });
  if (MANAGER_ROLES.includes(role) || ['performance_analyst', 'social_worker', 'personal_adviser'].includes(role)) items.push({ href: '/trends', text: 'Trends' });
  if (role === 'head_of_service' || role === 'performance_analyst') items.push({ href: '/continuity', text: 'Continuity' });
  if (MANAGER_ROLES.includes(role) || role === 'performance_analyst') items.push({ href: '/care/stability', text: 'Placement stability' });
  if (role !== 'system_admin') items.push({ href: '/care/missing', text: 'Children missing' });
  if (MANAGER_ROLES.includes(role) || role === 'performance_analyst' || role === 'personal_adviser') items.push({ href: '/care/leavers', text: 'Care leavers' });
  if (MANAGER_ROLES.includes(role) || role === 'performance_analyst') items.push({ href: '/care/adoption', text: 'Adoption' });
  if (MANAGER_ROLES.includes(role) || role === 'performance_analyst') items.push({ href: '/care/health', text: 'Health and wellbeing' });
  if (MANAGER_ROLES.includes(role) || role === 'performance_analyst') items.push({ href: '/care/permanence', text: 'Permanence' });
  if (MANAGER_ROLES.includes(role) || role === 'performance_analyst' || role === 'iro') items.push({ href: '/care/reviewing', text: 'IRO caseloads' });
  if (MANAGER_ROLES.includes(role) || role === 'performance_analyst') items.push({ href: '/protection/measures', text: 'Help and protection measures' });
  if (role !== 'system_admin') items.push({ href: '/direct-work/toolkits', text: 'Direct-work toolkits' });
  // Those who count each tool's use: team managers their team, service managers their service, heads of service the council.
  if (role === 'team_manager' || role === 'service_manager' || role === 'head_of_service') items.push({ href: '/direct-work/use', text: 'Direct-work tools: use' });
  if (role !== 'system_admin' && role !== 'performance_analyst') items.push({ href: '/supervision', text: 'Supervision' });
  if (MANAGER_ROLES.includes(role) || role === 'performance_analyst') items.push({ href: '/workforce', text: 'Workforce' });
  if (role !== 'system_admin') items.push({ href: '/learning', text: 'Learning' });
  if (role !== 'system_admin') items.push({ href: '/quality/audits', text: 'Case audits' });
  if (role !== 'system_admin' && role !== 'performance_analyst') {
    items.push({ href: '/quality/observations', text: 'Observations of practice' }, { href: '/quality/feedback', text: 'Feedback' }, { href: '/quality/complaints', text: 'Compliments and complaints' });
  }
  if (MANAGER_ROLES.includes(role) || role === 'performance_analyst') items.push({ href: '/quality/themes', text: 'Practice themes and report' });
  if (makesReturns({ role, ...permissions }) || RETURN_CHECKERS.includes(role)) items.push({ href: '/returns', text: 'Returns' });
  if (role === 'head_of_service' || role === 'system_admin') items.push({ href: '/admin/supervision', text: 'Supervision standards' });
  if (role === 'head_of_service' || role === 'system_admin') items.push({ href: '/admin/timescales', text: 'Timescale standards' });
  if (role === 'head_of_service') items.push({ href: '/admin/caseload', text: 'Caseload settings' });
  if (role === 'system_admin') {
    items.push({ href: '/admin/users', text: 'Users' }, { href: '/admin/teams', text: 'Teams' }, { href: '/admin/audit', text: 'Audit log' }, { href: '/admin/emails', text: 'Emails' });
    items.push({ href: '/admin/second-factor', text: 'Authenticator apps' });
    items.push({ href: '/admin/caseload', text: 'Caseload settings' });
    items.push({ href: '/admin/learning', text: 'Training catalogue' });
  }
  if (role === 'head_of_service' || role === 'system_admin') items.push({ href: '/admin/local-offer', text: 'Local offer for care leavers' });
  if (role === 'head_of_service' || role === 'system_admin') items.push({ href: '/admin/notifications', text: 'Notification emails the council requires' });
  return items;
}
