// What every step that builds the demo children draws from (their families,
// timelines, who holds them, their case notes), given to each step as one
// object so that all of them use the same seeded randomness, day and ids.
import type { Faker } from '@faker-js/faker';
import type { Day } from './dates.ts';
import type { Places } from './places.ts';
import type { Rand } from './rand.ts';

export interface ChildrenTools {
  r: Rand;
  faker: Faker;
  /** The day the council is built "as at". */
  today: Day;
  places: Places;
  /** A new id, from the seeded faker. */
  uuid: () => string;
}

/** A step of the children's generator, with its tools as fields (`this.r`, `this.today`, …). */
export abstract class ChildrenStep {
  protected readonly r: Rand;
  protected readonly faker: Faker;
  protected readonly today: Day;
  protected readonly places: Places;
  protected readonly uuid: () => string;

  constructor(tools: ChildrenTools) {
    this.r = tools.r;
    this.faker = tools.faker;
    this.today = tools.today;
    this.places = tools.places;
    this.uuid = tools.uuid;
  }
}
