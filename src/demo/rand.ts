import type { DemoContext } from './context.ts';

/** The seeded helpers the children's generator draws from: every value comes from the demo's faker. */
export interface Rand {
  /** A whole number from min to max, both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A number in [0, 1). */
  float(): number;
  /** One of the values, each as likely as its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  shuffle<T>(items: readonly T[]): T[];
}

export function demoRand(ctx: Pick<DemoContext, 'random' | 'faker'>): Rand {
  const float = () => ctx.faker.number.float({ min: 0, max: 1 }) % 1;
  const int = (min: number, max: number) => (max <= min ? min : ctx.random.int(min, max));
  return {
    int,
    chance: (p) => p > 0 && float() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    float,
    weighted: (entries) => {
      let total = 0;
      for (const [, w] of entries) total += w;
      let r = float() * total;
      for (const [value, w] of entries) {
        r -= w;
        if (r < 0) return value;
      }
      return entries[entries.length - 1]![0];
    },
    shuffle: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
  };
}
