import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.ts';
import * as children from './0002_children.ts';
import * as caseload from './0004_caseload.ts';
import * as varianceActionChildren from './0004a_variance_action_children.ts';
import * as timescales from './0005_timescales.ts';
import * as workforce from './0006_workforce.ts';
import * as staffQualification from './0006a_staff_qualification.ts';
import * as timescaleSettings from './0007_timescale_settings.ts';
import * as dueStore from './0008_due_store.ts';
import * as workerFigures from './0009_worker_figures.ts';
import * as auditChain from './0010_audit_chain.ts';
import * as signInThrottle from './0011_sign_in_throttle.ts';
import * as visitStandIn from './0012_visit_stand_in.ts';
import * as directorEscalation from './0013_director_escalation.ts';
import * as statutoryRecords from './0014_statutory_records.ts';
import * as caseLeads from './0015_case_leads.ts';
import * as missingEpisodes from './0016_missing_episodes.ts';
import * as careLeaverOutcomes from './0017_care_leaver_outcomes.ts';
import * as careSettings from './0019_care_settings.ts';
import * as pathwayGoals from './0020_pathway_goals.ts';
import * as careHealthYears from './0021_care_health_years.ts';
import * as careReviews from './0022_care_reviews.ts';
import * as permanence from './0023_permanence.ts';
import * as adoption from './0024_adoption.ts';
import * as localAccounts from './0026_local_accounts.ts';
import * as frontDoor from './0027_front_door.ts';
import * as assessments from './0028_assessments.ts';
import * as enquiries from './0029_enquiries.ts';
import * as protectionPlans from './0030_protection_plans.ts';
import * as documents from './0031_documents.ts';
import * as restrictedChildrenIndex from './0032_restricted_children_index.ts';
import * as directWork from './0033_direct_work.ts';
import * as neglectProfile from './0034_neglect_profile.ts';
import * as childVoice from './0035_child_voice.ts';
import * as sessionAttachments from './0036_session_attachments.ts';
import * as caseAudits from './0037_case_audits.ts';
import * as observationsFeedback from './0038_observations_feedback.ts';
import * as secondFactor from './0039_second_factor.ts';
import * as notifications from './0040_notifications.ts';
import * as externalIdentities from './0042_external_identities.ts';
import * as notificationRules from './0043_notification_rules.ts';
import * as deprivationOfLiberty from './0044_deprivation_of_liberty.ts';
import * as returnsAdministrator from './0045_returns_administrator.ts';
import * as sharedVersions from './0047_shared_versions.ts';
import * as allocationsTeamStart from './0048_allocations_team_start.ts';
import * as supervisionSettingsVersion from './0049_supervision_settings_version.ts';
import * as workerForecast from './0050_worker_forecast.ts';
import * as dueCouncilDay from './0051_due_council_day.ts';

/** Every migration, in order. Names never change once released. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_children': children,
  '0004_caseload': caseload,
  '0004a_variance_action_children': varianceActionChildren,
  '0005_timescales': timescales,
  '0006_workforce': workforce,
  '0006a_staff_qualification': staffQualification,
  '0007_timescale_settings': timescaleSettings,
  '0008_due_store': dueStore,
  '0009_worker_figures': workerFigures,
  '0010_audit_chain': auditChain,
  '0011_sign_in_throttle': signInThrottle,
  '0012_visit_stand_in': visitStandIn,
  '0013_director_escalation': directorEscalation,
  '0014_statutory_records': statutoryRecords,
  '0015_case_leads': caseLeads,
  '0016_missing_episodes': missingEpisodes,
  '0017_care_leaver_outcomes': careLeaverOutcomes,
  '0019_care_settings': careSettings,
  '0020_pathway_goals': pathwayGoals,
  '0021_care_health_years': careHealthYears,
  '0022_care_reviews': careReviews,
  '0023_permanence': permanence,
  '0024_adoption': adoption,
  '0026_local_accounts': localAccounts,
  '0027_front_door': frontDoor,
  '0028_assessments': assessments,
  '0029_enquiries': enquiries,
  '0030_protection_plans': protectionPlans,
  '0031_documents': documents,
  '0032_restricted_children_index': restrictedChildrenIndex,
  '0033_direct_work': directWork,
  '0034_neglect_profile': neglectProfile,
  '0035_child_voice': childVoice,
  '0036_session_attachments': sessionAttachments,
  '0037_case_audits': caseAudits,
  '0038_observations_feedback': observationsFeedback,
  '0039_second_factor': secondFactor,
  '0040_notifications': notifications,
  '0042_external_identities': externalIdentities,
  '0043_notification_rules': notificationRules,
  '0044_deprivation_of_liberty': deprivationOfLiberty,
  '0045_returns_administrator': returnsAdministrator,
  '0047_shared_versions': sharedVersions,
  '0048_allocations_team_start': allocationsTeamStart,
  '0049_supervision_settings_version': supervisionSettingsVersion,
  '0050_worker_forecast': workerForecast,
  '0051_due_council_day': dueCouncilDay,
};
