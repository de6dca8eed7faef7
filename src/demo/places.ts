// Where the demo council's families live and where its children are placed:
// real postcode sectors (East Sussex for homes; anywhere in England for
// placements outside the county, mostly its neighbours) with made-up units.
import { distanceMiles, examplePostcode, isOutOfArea, locateSector, sectorsInArea, sectorsOutsideArea } from '../reference/geography.ts';
import type { Rand } from './rand.ts';

/** East Sussex County Council, the demo council's area. */
export const COUNCIL_AREA = 'E10000011';

/** Post towns of East Sussex's outward codes. */
const POST_TOWNS: Record<string, string> = {
  BN6: 'Hassocks',
  BN7: 'Lewes',
  BN8: 'Lewes',
  BN9: 'Newhaven',
  BN10: 'Peacehaven',
  BN20: 'Eastbourne',
  BN21: 'Eastbourne',
  BN22: 'Eastbourne',
  BN23: 'Eastbourne',
  BN24: 'Pevensey',
  BN25: 'Seaford',
  BN26: 'Polegate',
  BN27: 'Hailsham',
  RH18: 'Forest Row',
  TN3: 'Tunbridge Wells',
  TN5: 'Wadhurst',
  TN6: 'Crowborough',
  TN7: 'Hartfield',
  TN19: 'Etchingham',
  TN20: 'Mayfield',
  TN21: 'Heathfield',
  TN22: 'Uckfield',
  TN31: 'Rye',
  TN32: 'Robertsbridge',
  TN33: 'Battle',
  TN34: 'Hastings',
  TN35: 'Hastings',
  TN36: 'Winchelsea',
  TN37: 'St Leonards-on-Sea',
  TN38: 'St Leonards-on-Sea',
  TN39: 'Bexhill-on-Sea',
  TN40: 'Bexhill-on-Sea',
};

/** More of the council's children's social care work is in its coastal towns. */
const TOWN_WEIGHT: Record<string, number> = {
  Hastings: 3,
  'St Leonards-on-Sea': 3,
  Eastbourne: 2.2,
  'Bexhill-on-Sea': 1.5,
  Hailsham: 1.5,
  Newhaven: 1.5,
  Peacehaven: 1.4,
  Seaford: 1,
  Lewes: 1,
  Polegate: 1,
  Crowborough: 1,
  Uckfield: 1,
};

interface Sector {
  sector: string;
  easting: number;
  northing: number;
}

export interface Home {
  postcode: string;
  town: string | null;
}

export interface Placement {
  postcode: string;
  distanceMiles: number | null;
  outOfArea: boolean | null;
}

/** Where a placement is sought, before a sector is drawn. */
export type PlacementReach = 'same' | 'near' | 'county' | 'outNear' | 'outMid' | 'outFar';

const MILE = 1609.3;

export class Places {
  private readonly inArea: Sector[];
  private readonly homeWeights: (readonly [Sector, number])[];
  private readonly outNear: Sector[];
  private readonly outMid: Sector[];
  private readonly outFar: Sector[];
  private readonly nearby = new Map<string, Sector[]>();

  constructor(private readonly rand: Rand) {
    const locate = (sector: string): Sector => {
      const l = locateSector(sector);
      if (!l) throw new Error(`Reference data: no location for sector ${sector}`);
      return { sector, easting: l.easting, northing: l.northing };
    };
    this.inArea = sectorsInArea(COUNCIL_AREA).map(locate);
    if (this.inArea.length === 0) throw new Error('Reference data: no postcode sectors in East Sussex');
    this.homeWeights = this.inArea.map((s) => [s, TOWN_WEIGHT[townOf(s.sector) ?? ''] ?? 0.6] as const);
    const cx = this.inArea.reduce((sum, s) => sum + s.easting, 0) / this.inArea.length;
    const cy = this.inArea.reduce((sum, s) => sum + s.northing, 0) / this.inArea.length;
    this.outNear = [];
    this.outMid = [];
    this.outFar = [];
    for (const sector of sectorsOutsideArea(COUNCIL_AREA)) {
      const l = locateSector(sector);
      // England only: placements in Wales, Scotland and Northern Ireland are too rare to model.
      if (!l || !l.utlaCode.startsWith('E')) continue;
      const miles = Math.hypot(l.easting - cx, l.northing - cy) / MILE;
      const s = { sector, easting: l.easting, northing: l.northing };
      if (miles < 32) this.outNear.push(s);
      else if (miles < 80) this.outMid.push(s);
      else this.outFar.push(s);
    }
  }

  /** A family home somewhere in the county, more often in its towns. */
  home(): Home {
    const sector = this.rand.weighted(this.homeWeights);
    return { postcode: this.postcodeIn(sector.sector), town: townOf(sector.sector) };
  }

  /** A home in the county not far from `postcode` (a move within the area, or a care leaver's flat). */
  homeNear(postcode: string): Home {
    const sector = this.rand.chance(0.75) ? this.rand.pick(this.within(postcode, this.inArea, 8, 6)) : this.rand.weighted(this.homeWeights);
    return { postcode: this.postcodeIn(sector.sector), town: townOf(sector.sector) };
  }

  /** A placement postcode reached as asked from the child's home, with its distance and area worked out as the return does. */
  placement(home: string, reach: PlacementReach): Placement {
    let postcode: string;
    switch (reach) {
      case 'same':
        postcode = home;
        break;
      case 'near':
        postcode = this.postcodeIn(this.rand.pick(this.within(home, this.inArea, 8, 6)).sector);
        break;
      case 'county':
        postcode = this.postcodeIn(this.rand.pick(this.within(home, this.inArea, 16, 12)).sector);
        break;
      case 'outNear':
        postcode = this.postcodeIn(this.rand.pick(this.within(home, this.outNear, 18, 8)).sector);
        break;
      case 'outMid':
        postcode = this.postcodeIn(this.rand.pick(this.outMid).sector);
        break;
      case 'outFar':
        postcode = this.postcodeIn(this.rand.pick(this.outFar).sector);
        break;
    }
    return { postcode, ...this.measure(home, postcode) };
  }

  /** A placement's distance from home and whether it is outside the council's area, as the SSDA903 checks work them out. */
  measure(home: string, placement: string): Omit<Placement, 'postcode'> {
    return { distanceMiles: distanceMiles(home, placement), outOfArea: isOutOfArea(placement, COUNCIL_AREA) };
  }

  /** Miles between two postcodes' sectors (the unit letters need not be valid), or a large number when unknown. */
  miles(a: string, b: string): number {
    const from = locateSector(a.trim().slice(0, -2));
    const to = locateSector(b.trim().slice(0, -2));
    return from && to ? Math.hypot(to.easting - from.easting, to.northing - from.northing) / MILE : 999;
  }

  private postcodeIn(sector: string): string {
    return examplePostcode(sector, (min, max) => this.rand.int(min, max));
  }

  /** Sectors of the list within `miles` of the postcode's sector, or the `atLeast` closest when fewer are. */
  private within(postcode: string, list: Sector[], miles: number, atLeast: number): Sector[] {
    const key = `${postcode.trim().slice(0, -2)}|${miles}|${list.length}`;
    let found = this.nearby.get(key);
    if (!found) {
      const from = locateSector(postcode.trim().slice(0, -2));
      const scored = list
        .map((s) => ({ s, d: from ? Math.hypot(s.easting - from.easting, s.northing - from.northing) / MILE : 0 }))
        .sort((x, y) => x.d - y.d || x.s.sector.localeCompare(y.s.sector));
      found = scored.filter((x, i) => x.d <= miles || i < atLeast).map((x) => x.s);
      this.nearby.set(key, found);
    }
    return found;
  }
}

export function townOf(sectorOrPostcode: string): string | null {
  return POST_TOWNS[sectorOrPostcode.split(' ')[0] ?? ''] ?? null;
}
