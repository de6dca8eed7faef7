import { crc32, deflateSync } from 'node:zlib';
import type { DocumentKind } from '../db/schema.ts';
import { addDays, ageOn, formatDate } from '../platform/calendar/dates.ts';
import type { DemoContext } from './context.ts';
import { openAllocatedChildren } from './open-children.ts';
import { demoRand, type Rand } from './rand.ts';

/**
 * A few documents on the records of a sample of the demo council's open
 * children (about one in four, at most 80 at scale 1 and 20 at the smallest): a letter or the minutes
 * of a meeting as a small PDF, and for a child of 3 to 12 a drawing of theirs
 * as a small PNG, each made here from the seed (a few KiB each, well under
 * 1 MiB in all). Each is uploaded by the child's social worker after its date;
 * one in about twenty-five (and at least one) was deleted by a manager with
 * the reason written.
 */
export interface DocumentsDemoSummary {
  documents: number;
  deleted: number;
  bytes: number;
}

/** A one-page PDF holding `lines` in Helvetica: a valid file, its cross-reference table counted from the bytes. */
export function smallPdf(lines: readonly string[]): Uint8Array {
  const escape = (s: string) => s.replace(/[’‘]/g, "'").replace(/[^\x20-\x7E]/g, '-').replace(/([\\()])/g, '\\$1');
  const text = lines.map((line, i) => `BT /F1 11 Tf 56 ${770 - i * 16} Td (${escape(line)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

type Colour = readonly [number, number, number];

/** A PNG of `width` × `height` pixels, each coloured by `paint(x, y)`. */
export function smallPng(width: number, height: number, paint: (x: number, y: number) => Colour): Uint8Array {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // no filter
    for (let x = 0; x < width; x++) raw.set(paint(x, y), row + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}

const CRAYONS: readonly Colour[] = [
  [220, 40, 40],
  [30, 110, 200],
  [40, 160, 70],
  [240, 170, 20],
  [140, 60, 170],
];

/** A child's drawing: a house under a sun beside a person, in crayon colours drawn from the seed. */
export function childsDrawing(rand: Pick<Rand, 'pick' | 'int'>): Uint8Array {
  const wall = rand.pick(CRAYONS);
  const roof = rand.pick(CRAYONS);
  const person = rand.pick(CRAYONS);
  const sunX = rand.int(60, 84);
  return smallPng(96, 72, (x, y) => {
    if ((x - sunX) ** 2 + (y - 12) ** 2 < 49) return [250, 210, 40];
    if (y >= 40 && y < 64 && x >= 12 && x < 44) return x >= 24 && x < 32 && y >= 50 ? [120, 70, 30] : wall;
    if (y >= 24 && y < 40 && Math.abs(x - 28) <= y - 24) return roof;
    if ((x - 66) ** 2 + (y - 38) ** 2 < 16) return person;
    if (x === 66 && y >= 42 && y < 56) return person;
    if (y === 46 && x >= 60 && x <= 72) return person;
    if (y >= 56 && y < 64 && Math.abs(x - 66) === y - 55) return person;
    return y >= 64 ? [90, 170, 80] : [255, 255, 255];
  });
}

const LETTERS: readonly string[] = [
  'Letter to the family about the child and family assessment',
  'Letter from the school about attendance',
  'Letter from the GP about health appointments',
  'Letter confirming the child protection conference',
];

const MINUTES: readonly string[] = ['Minutes of the core group meeting', 'Minutes of the child in need meeting', 'Minutes of the strategy discussion'];

const DELETE_REASONS = ['uploaded to the wrong child’s record', 'a duplicate of the letter already on the record', 'the wrong version; the final version is on the record'];

export async function generateDocuments(ctx: DemoContext): Promise<DocumentsDemoSummary> {
  const { db, today, faker } = ctx;
  const rand = demoRand(ctx);
  const children = await openAllocatedChildren(db);
  const managers = await db.selectFrom('users').select(['id', 'team_id']).where('role', '=', 'team_manager').where('disabled_at', 'is', null).orderBy('email').execute();
  const managerOf = new Map(managers.map((m) => [m.team_id, m.id]));
  const limit = Math.max(20, Math.round(80 * ctx.scale));
  const sample = children.filter(() => rand.chance(0.25)).slice(0, limit);
  const summary: DocumentsDemoSummary = { documents: 0, deleted: 0, bytes: 0 };
  for (const child of sample) {
    const earliest = child.start_date > addDays(today, -365) ? child.start_date : addDays(today, -365);
    const span = Math.max(0, Math.round((Date.parse(today) - Date.parse(earliest)) / 86_400_000) - 3);
    const made: { title: string; kind: DocumentKind; dated: string; file_name: string; media_type: string; content: Uint8Array }[] = [];
    const minutes = rand.chance(0.5);
    const title = minutes ? rand.pick(MINUTES) : rand.pick(LETTERS);
    const dated = addDays(earliest, rand.int(0, span));
    made.push({
      title,
      kind: minutes ? 'minutes' : 'letter',
      dated,
      file_name: `${title.toLowerCase().replace(/[^a-z]+/g, '-')}.pdf`,
      media_type: 'application/pdf',
      content: smallPdf([
        'Children’s Services',
        formatDate(dated),
        '',
        `${title}: ${child.forename} ${child.surname}`,
        '',
        ...faker.lorem.sentences(rand.int(3, 6)).split(/(?<=\.) /),
      ]),
    });
    const age = ageOn(child.date_of_birth!, today);
    if (age >= 3 && age <= 12 && rand.chance(0.7)) {
      made.push({ title: `${child.forename}’s drawing of home`, kind: 'childs_work', dated: addDays(earliest, rand.int(0, span)), file_name: 'drawing.png', media_type: 'image/png', content: childsDrawing(rand) });
    }
    for (const document of made) {
      const documentDate = document.dated;
      const uploadedOn = addDays(documentDate, rand.int(0, 2));
      const id = faker.string.uuid();
      const manager = managerOf.get(child.team_id);
      const deleted = manager && ((summary.deleted === 0 && summary.documents >= 4) || rand.chance(0.04)); // at least one, so the demo shows a deletion
      const deletedOn = deleted ? [addDays(uploadedOn, rand.int(0, 2)), today].sort()[0]! : null;
      await db
        .insertInto('documents')
        .values({
          id,
          child_id: child.id,
          title: document.title,
          document_date: documentDate,
          kind: document.kind,
          file_name: document.file_name,
          media_type: document.media_type,
          size_bytes: document.content.length,
          uploaded_by: child.worker_id!,
          uploaded_at: new Date(`${uploadedOn}T10:30:00Z`),
          deleted_on: deletedOn,
          deleted_by: deleted ? manager : null,
          deleted_at: deletedOn ? new Date(`${deletedOn}T14:00:00Z`) : null,
          deleted_reason: deleted ? rand.pick(DELETE_REASONS) : null,
        })
        .execute();
      if (deleted) summary.deleted += 1;
      else {
        await db.insertInto('document_contents').values({ document_id: id, content: document.content }).execute();
        summary.bytes += document.content.length;
      }
      summary.documents += 1;
    }
  }
  return summary;
}
