// Postcodes, the councils they lie in, and distances between them, for
// placements: in or out of the council's area, and how far from home.
//
// Data (data/, see README.md): every UK postcode sector ('BN21 4') with its
// centroid as OSGB36 easting/northing in metres and the lower-tier local
// authority most of its postcodes lie in; and the lower-tier to upper-tier
// authority lookup, since children's services belong to the upper tier (a
// county such as East Sussex, or a unitary council). Sector centroids make
// distances accurate to about a mile, which is what the DfE's own SSDA903
// checks use.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface PostcodeLocation {
  /** The postcode sector, e.g. 'BN21 4'. */
  sector: string;
  /** Easting of the sector's centroid, metres: OSGB36 (British National Grid), or Irish Grid for Northern Ireland ('BT'). */
  easting: number;
  /** Northing of the sector's centroid, metres, on the same grid. */
  northing: number;
  /** Lower-tier local authority (district, or unitary) most of the sector lies in. */
  ltlaCode: string;
  /** Upper-tier authority, which runs children's services (the ltla itself where there is no county). */
  utlaCode: string;
}

interface SectorRow {
  sector: string;
  easting: string;
  northing: string;
  la_code: string;
}

interface AuthorityRow {
  LTLA21CD: string;
  LTLA21NM: string;
  UTLA21CD: string;
  UTLA21NM: string;
}

interface Geography {
  sectors: ReadonlyMap<string, PostcodeLocation>;
  upperTier: ReadonlyMap<string, string>;
  names: ReadonlyMap<string, string>;
}

let geography: Geography | undefined;

function readCsv<T>(file: string): T[] {
  const text = readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as T[];
}

/** Reads and indexes the two files the first time any lookup needs them (about 12,000 rows). */
function data(): Geography {
  if (geography) return geography;
  const upperTier = new Map<string, string>();
  const names = new Map<string, string>();
  for (const row of readCsv<AuthorityRow>('ltla_to_utla.csv')) {
    upperTier.set(row.LTLA21CD, row.UTLA21CD);
    names.set(row.LTLA21CD, row.LTLA21NM);
    names.set(row.UTLA21CD, row.UTLA21NM);
  }
  const sectors = new Map<string, PostcodeLocation>();
  for (const row of readCsv<SectorRow>('postcode_sectors.csv')) {
    const easting = Number(row.easting);
    const northing = Number(row.northing);
    if (!row.sector || !Number.isFinite(easting) || !Number.isFinite(northing) || !row.la_code) {
      throw new Error(`Reference data: malformed postcode sector row ${JSON.stringify(row)}`);
    }
    // Scotland's and Northern Ireland's councils are single-tier and are not in the lookup.
    sectors.set(row.sector, { sector: row.sector, easting, northing, ltlaCode: row.la_code, utlaCode: upperTier.get(row.la_code) ?? row.la_code });
  }
  geography = { sectors, upperTier, names };
  return geography;
}

// Outward code: A9, A99, AA9, AA99, A9A or AA9A. Inward code: a digit and two
// letters, never C, I, K, M, O or V (Royal Mail's rule).
const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][ABD-HJLNP-UW-Z]{2})$/;

/**
 * A postcode in its standard form (upper case, one space before the inward
 * code: 'bn214ab' -> 'BN21 4AB'), or null when it is not the shape of a UK
 * postcode. Says nothing about whether the postcode exists.
 */
export function normalisePostcode(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const match = POSTCODE.exec(input.replace(/\s+/g, '').toUpperCase());
  return match ? `${match[1]} ${match[2]}` : null;
}

/** The postcode's sector: the outward code and the inward code's digit ('BN21 4AB' -> 'BN21 4'), or null if malformed. */
export function postcodeSector(postcode: string): string | null {
  const normal = normalisePostcode(postcode);
  return normal ? normal.slice(0, -2) : null;
}

/** Where a sector ('BN21 4') is, or null when no postcode in it is known. */
export function locateSector(sector: string): PostcodeLocation | null {
  const location = data().sectors.get(sector.replace(/\s+/g, ' ').trim().toUpperCase());
  return location ? { ...location } : null;
}

/** Where a postcode is, by its sector; null when it is malformed or its sector is unknown. */
export function locatePostcode(postcode: string): PostcodeLocation | null {
  const sector = postcodeSector(postcode);
  return sector ? locateSector(sector) : null;
}

/** Northern Ireland's ('BT') centroids are on the Irish Grid, not the British National Grid. */
function onIrishGrid(location: PostcodeLocation): boolean {
  return location.sector.startsWith('BT');
}

/**
 * Straight-line miles between two postcodes, as the DfE's SSDA903 checks
 * compute a placement's distance from home: between the sectors' centroids,
 * sqrt(dE² + dN²) / 1000 / 1.6093, rounded to one decimal place. Null when
 * either postcode is malformed or its sector unknown, and between Northern
 * Ireland and Great Britain, whose grids differ. Two postcodes in the same
 * sector are 0 miles apart.
 */
export function distanceMiles(a: string, b: string): number | null {
  const from = locatePostcode(a);
  const to = locatePostcode(b);
  if (!from || !to || onIrishGrid(from) !== onIrishGrid(to)) return null;
  const metres = Math.hypot(to.easting - from.easting, to.northing - from.northing);
  return Math.round((metres / 1000 / 1.6093) * 10) / 10;
}

/**
 * The upper-tier authority for a council code: a county or unitary code is
 * returned as it is, a district is mapped to its county (E07000061 -> E10000011).
 */
export function upperTierOf(authorityCode: string): string {
  return data().upperTier.get(authorityCode) ?? authorityCode;
}

/**
 * Whether a postcode lies outside the council's area: true when the
 * upper-tier authority of the postcode's sector differs from the council's
 * (`councilAreaCode` is the council's own code, e.g. East Sussex E10000011; a
 * district code is read as its county). Null when the postcode is malformed or
 * its sector unknown. A sector straddling a boundary counts as wholly in the
 * authority that most of its postcodes are in.
 */
export function isOutOfArea(postcode: string, councilAreaCode: string): boolean | null {
  const location = locatePostcode(postcode);
  if (!location) return null;
  return location.utlaCode !== upperTierOf(councilAreaCode);
}

// A sector of today's shape; the data also has a few retired ones (e.g. 'NPT 1') that no postcode now takes.
const SECTOR = /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]$/;

function sortedSectors(keep: (location: PostcodeLocation) => boolean): string[] {
  const result: string[] = [];
  for (const location of data().sectors.values()) if (SECTOR.test(location.sector) && keep(location)) result.push(location.sector);
  return result.sort();
}

/** Every sector (of today's shape) within the upper-tier authority (a district code is read as its county), sorted. */
export function sectorsInArea(utlaCode: string): string[] {
  const area = upperTierOf(utlaCode);
  return sortedSectors((l) => l.utlaCode === area);
}

/** Every sector (of today's shape) outside the upper-tier authority, across the UK, sorted. */
export function sectorsOutsideArea(utlaCode: string): string[] {
  const area = upperTierOf(utlaCode);
  return sortedSectors((l) => l.utlaCode !== area);
}

/** The name of an English or Welsh local authority by its ONS code ('E10000011' -> 'East Sussex'), or null. */
export function authorityName(code: string): string | null {
  return data().names.get(code) ?? null;
}

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/**
 * A postcode of the right shape in the given sector, for generated demo data:
 * the sector and two letters picked with `randomInt(min, max)` (inclusive).
 * It need not be a delivery postcode that exists; it locates to its sector.
 */
export function examplePostcode(sector: string, randomInt: (min: number, max: number) => number): string {
  const pick = (): string => {
    const letter = INWARD_LETTERS[randomInt(0, INWARD_LETTERS.length - 1)];
    if (letter === undefined) throw new RangeError('randomInt(min, max) returned a number outside min..max');
    return letter;
  };
  const postcode = normalisePostcode(`${sector}${pick()}${pick()}`);
  if (!postcode) throw new RangeError(`Not a postcode sector: ${sector}`);
  return postcode;
}
