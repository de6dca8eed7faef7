import { withChildRecord } from '../../platform/record-access/record-access.ts';
import { childHeaderView } from '../../platform/record-access/record-header.ts';
import { listCareEpisodes, listContacts, listCpPlans, listReferrals } from '../timeline/queries.ts';
import type { Actor } from '../../platform/record-access/viewer.ts';
import { listLeadAllocations, listSignificantNotes } from './queries.ts';
import { buildChronology, type DateRange } from './rules.ts';
import { listCaseSupervisions } from '../../workforce/index.ts';
import { chronologyEntries } from '../visits/service.ts';
import { assessmentsChronology, documentsChronology, enquiriesChronology, frontDoorChronology, plansChronology } from '../../protection/index.ts';
import { childVoiceChronology, directWorkChronology, neglectProfileChronology } from '../../direct-work/index.ts';
import { adoptionChronology, afterCareChronology, dolChronology, goalsChronology, missingChronologyEntries, permanenceChronology, reviewsChronology } from '../../care/index.ts';

/** The chronology of a child's significant events within `range`; looking at it is audited. */
export async function chronologyView(a: Actor, range: DateRange) {
  return withChildRecord(a.db, a.viewer, a.context, a.childId, 'child.view.chronology', async (trx) => {
    const [child, contacts, referrals, cpPlans, careEpisodes, leadAllocations, significantNotes, caseSupervisions, visitsAndMeetings, missingEpisodes, birthdayChecks, goals, adoption, permanence, reviews, assessments, documents, frontDoor] = await Promise.all([
      childHeaderView(trx, a.childId, a.today),
      listContacts(trx, a.childId),
      listReferrals(trx, a.childId),
      listCpPlans(trx, a.childId),
      listCareEpisodes(trx, a.childId),
      listLeadAllocations(trx, a.childId),
      listSignificantNotes(trx, a.childId),
      listCaseSupervisions(trx, a.childId),
      chronologyEntries(trx, a.childId),
      missingChronologyEntries(trx, a.childId),
      afterCareChronology(trx, a.childId),
      goalsChronology(trx, a.childId),
      adoptionChronology(trx, a.childId),
      permanenceChronology(trx, a.childId),
      reviewsChronology(trx, a.childId),
      assessmentsChronology(trx, a.childId),
      documentsChronology(trx, a.childId),
      frontDoorChronology(trx, a.childId),
    ]);
    const enquiries = await enquiriesChronology(trx, a.childId);
    const deprivationOfLiberty = await dolChronology(trx, a.childId);
    const protectionPlans = await plansChronology(trx, a.childId);
    const directWork = [...(await directWorkChronology(trx, a.childId)), ...(await neglectProfileChronology(trx, a.childId)), ...(await childVoiceChronology(trx, a.childId))];
    return { child, events: buildChronology({ contacts, referrals, cpPlans, careEpisodes, leadAllocations, significantNotes, caseSupervisions, visitsAndMeetings: [...visitsAndMeetings, ...reviews, ...assessments, ...enquiries], missingEpisodes, lifeAfterCare: [...birthdayChecks, ...goals], adoption, permanence: [...permanence, ...deprivationOfLiberty], protectionPlans, documents, frontDoor, directWork }, range) };
  });
}
