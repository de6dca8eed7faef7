/** The day, month and year fields of a GOV.UK date input called `name`, filled in with an ISO date. */
export function dateFields(name: string, isoDate: string): Record<string, string> {
  const [year, month, day] = isoDate.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
}
