// Parsers for option values: a bad value is refused by commander with the
// option's name and one of these messages.
import { InvalidArgumentError } from 'commander';
import { isRealDate } from '../platform/http/dates.ts';

export function positiveNumber(max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > max) throw new InvalidArgumentError(`It must be a number above 0 and at most ${max}.`);
    return n;
  };
}

export function integer(value: string): number {
  if (!/^-?\d{1,9}$/.test(value.trim())) throw new InvalidArgumentError('It must be a whole number.');
  return Number(value);
}

export function calendarDate(value: string): string {
  if (!isRealDate(value.trim())) throw new InvalidArgumentError('It must be a real date written YYYY-MM-DD.');
  return value.trim();
}
