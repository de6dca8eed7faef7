/** Rows on one page of a list of people or audit events. */
export const PAGE_SIZE = 50;

/** Page number from a query string: 1 when absent or nonsense. */
export function pageNumber(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(1, n);
}

export interface PaginationItem {
  number?: number;
  href?: string;
  current?: boolean;
  ellipsis?: boolean;
}

/**
 * The parameters of a GOV.UK pagination component: first, last, and the pages
 * either side of the current one, with ellipses between. Undefined when there
 * is only one page.
 */
export function pagination(page: number, totalPages: number, hrefFor: (page: number) => string) {
  if (totalPages <= 1) return undefined;
  const wanted = new Set([1, totalPages, page - 1, page, page + 1].filter((n) => n >= 1 && n <= totalPages));
  const numbers = [...wanted].sort((a, b) => a - b);
  const items: PaginationItem[] = [];
  numbers.forEach((n, index) => {
    if (index > 0 && n - numbers[index - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: hrefFor(n), current: n === page });
  });
  return {
    items,
    previous: page > 1 ? { href: hrefFor(page - 1) } : undefined,
    next: page < totalPages ? { href: hrefFor(page + 1) } : undefined,
  };
}

/** A query string with the empty values left out, for links that keep the filters. */
export function queryString(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
