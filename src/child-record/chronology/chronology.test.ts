import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { appForSuite, Agent, textOf } from '../../../test/support/app.ts';
import { describeEachEngine } from '../../../test/support/databases.ts';
import { dateFields } from '../../../test/support/forms.ts';
import { createUser } from '../../../test/support/users.ts';
import { recordTeam } from '../../../test/support/record-team.ts';
import { insertChild } from '../../../test/support/records.ts';

describeEachEngine('the chronology', (use) => {
  const t = appForSuite(use);
  let teamId: string;
  let workerId: string;
  let worker: Agent;
  let outsider: Agent;
  let childId: string;

  before(async () => {
    const db = use().db;
    ({ teamId, workerId, worker, outsider } = await recordTeam(t.app, db, { prefix: 'ch', team: 'Chronology team', worker: 'Cara Worker', outsider: 'Oz Outsider' }));
    const earlierWorker = await createUser(db, { email: 'ch-earlier@example.org', role: 'social_worker', teamId, name: 'Eli Earlier' });

    childId = await insertChild(db, { laChildId: 'CH0001', forename: 'Cody', surname: 'Chronicle', dateOfBirth: '2013-02-14', sex: 'M' });
    await db
      .insertInto('allocations')
      .values([
        { child_id: childId, role: 'lead', team_id: teamId, worker_id: earlierWorker, start_date: '2025-01-07', end_date: '2025-05-01', end_reason: 'LEFTRL' },
        { child_id: childId, role: 'lead', team_id: teamId, worker_id: workerId, start_date: '2025-05-01' },
      ])
      .execute();
    await db.insertInto('referrals').values({ child_id: childId, referral_date: '2025-01-06', source: '6', primary_need: 'N1' }).execute();
    await db.insertInto('cp_plans').values({ child_id: childId, start_date: '2025-02-03', end_date: '2025-07-07', initial_category: 'NEG', latest_category: 'NEG' }).execute();
    await db
      .insertInto('care_episodes')
      .values([
        { child_id: childId, start_date: '2025-07-07', end_date: '2025-09-01', reason_ceased: 'X1', reason_place_change: 'CHILD', reason_new_episode: 'S', legal_status: 'C1', primary_need: 'N1', placement_type: 'U6', placement_provider: 'PR1', placement_postcode: 'TN34 1AA' },
        { child_id: childId, start_date: '2025-09-01', reason_new_episode: 'P', legal_status: 'C1', primary_need: 'N1', placement_type: 'U4', placement_provider: 'PR1', placement_postcode: 'BN21 4AB' },
      ])
      .execute();
    const note = (title: string, eventDate: string, significant: boolean) => ({
      child_id: childId,
      note_type: 'meeting',
      event_date: eventDate,
      title,
      body: 'Notes of the meeting.',
      significant,
      author_id: workerId,
      recorded_at: new Date('2025-10-01T10:00:00Z'),
      updated_at: new Date('2025-10-01T10:00:00Z'),
    });
    await db.insertInto('case_notes').values([note('Initial child protection conference', '2025-02-03', true), note('Routine catch-up', '2025-03-03', false)]).execute();
  });

  /** The events' rows as the page shows them: date, event, source. */
  function rows(html: string): string[] {
    const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
    return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((match) => {
      const cells = [...match[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => textOf(cell[1]!).trim());
      return `${cells[0]} | ${cells[1]} | ${cells[3]}`;
    });
  }

  test('significant events from the timeline, allocations and significant notes, oldest first, with their source; viewing is audited', async () => {
    const page = await worker.get(`/children/${childId}/chronology`);
    assert.equal(page.statusCode, 200);
    assert.deepEqual(rows(page.body), [
      '6 January 2025 | Referral received: open as a child in need | Referral',
      '7 January 2025 | Allocated to Eli Earlier | Allocation',
      '3 February 2025 | Child protection plan started | Child protection',
      '3 February 2025 | Initial child protection conference | Case note',
      '1 May 2025 | Allocated to Cara Worker | Allocation',
      '7 July 2025 | Became looked after | Looked after',
      '7 July 2025 | Child protection plan ended | Child protection',
      '1 September 2025 | Placement changed | Looked after',
    ]);
    assert.doesNotMatch(page.body, /Routine catch-up/, 'notes not marked significant stay out');
    assert.match(textOf(page.body), /reason for the move: Child requests placement end/);
    assert.match(page.body, /href="\/children\/[^"]+\/notes\/[0-9a-f-]{36}"/, 'a note event links to the note');
    const audit = await use().db.selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('action', '=', 'child.view.chronology').execute();
    assert.equal(audit.at(-1)?.outcome, 'allowed');
  });

  test('a contact and a significant note recorded through the forms appear in the chronology in date order', async () => {
    await worker.get(`/children/${childId}/protection/contacts/new`);
    const contact = await worker.post(`/children/${childId}/protection/contacts/new`, { ...dateFields('contactDate', '2025-10-02'), source: '2A', worriedPerson: 'Class teacher', reason: 'Worried about Cody', consent: 'given' });
    assert.equal(contact.statusCode, 303);
    await worker.get(`/children/${childId}/notes/new`);
    const note = await worker.post(`/children/${childId}/notes/new`, {
      noteType: 'visit',
      ...dateFields('eventDate', '2025-10-01'),
      title: 'Visit to new placement',
      body: 'Cody has settled.',
      significant: 'yes',
    });
    assert.equal(note.statusCode, 303);
    const page = await worker.get(`/children/${childId}/chronology?${new URLSearchParams(dateFields('from', '2025-09-01'))}`);
    assert.deepEqual(rows(page.body), [
      '1 September 2025 | Placement changed | Looked after',
      '1 October 2025 | Visit to new placement | Case note',
      '2 October 2025 | Contact from SCHOOLS | Contact',
    ]);
  });

  test('a date range shows only the events on or between its days', async () => {
    const query = new URLSearchParams({ ...dateFields('from', '2025-02-03'), ...dateFields('to', '2025-05-01') });
    const page = await worker.get(`/children/${childId}/chronology?${query}`);
    assert.equal(page.statusCode, 200);
    assert.deepEqual(rows(page.body), [
      '3 February 2025 | Child protection plan started | Child protection',
      '3 February 2025 | Initial child protection conference | Case note',
      '1 May 2025 | Allocated to Cara Worker | Allocation',
    ]);
    assert.match(page.body, /name="from-day" type="text" value="3"/);
  });

  test('a range that ends before it starts, or an impossible date, is refused naming the field', async () => {
    const backwards = await worker.get(`/children/${childId}/chronology?${new URLSearchParams({ ...dateFields('from', '2025-05-01'), ...dateFields('to', '2025-02-01') })}`);
    assert.equal(backwards.statusCode, 400);
    assert.match(backwards.body, /href="#to-day"/);
    assert.match(textOf(backwards.body), /The end of the range must be on or after its start/);
    const impossible = await worker.get(`/children/${childId}/chronology?from-day=30&from-month=2&from-year=2025`);
    assert.equal(impossible.statusCode, 400);
    assert.match(impossible.body, /href="#from-day"/);
    assert.match(textOf(impossible.body), /Start of the range must be a real date/);
  });

  test('the print version names the child, the range, who printed it and when, and leaves out the filters', async () => {
    const query = new URLSearchParams({ ...dateFields('from', '2025-01-01'), ...dateFields('to', '2025-12-31'), print: '1' });
    const page = await worker.get(`/children/${childId}/chronology?${query}`);
    assert.equal(page.statusCode, 200);
    const text = textOf(page.body);
    assert.match(text, /Chronology for Cody Chronicle/);
    assert.match(text, /LA child ID CH0001, born 14 February 2013/);
    assert.match(text, /Events from 1 January 2025 to 31 December 2025/);
    assert.match(text, /Printed 23 Nov 2026, 09:00 by Cara Worker/);
    assert.doesNotMatch(page.body, /Show events/);
    assert.equal(rows(page.body).length, 10, 'the eight events set up, and the two recorded through the forms above');
    const screen = await worker.get(`/children/${childId}/chronology`);
    assert.match(screen.body, /href="\/children\/[^"]+\/chronology\?print=1"/);
  });

  test('someone without access gets 404, the name does not show, and the refusal is audited', async () => {
    const page = await outsider.get(`/children/${childId}/chronology?print=1`);
    assert.equal(page.statusCode, 404);
    assert.doesNotMatch(page.body, /Chronicle/);
    const audit = await use().db.selectFrom('audit_events').selectAll().where('subject_id', '=', childId).where('action', '=', 'child.view.chronology').execute();
    assert.equal(audit.at(-1)?.outcome, 'denied');
    assert.equal(audit.at(-1)?.actor_email, 'ch-outsider@example.org');
  });
});
