import { createAdminApiHandler } from '../../functions/handlers/admin-api.ts';
import { createAnswersApiHandler } from '../../functions/handlers/answers-api.ts';
import { createCampaignsApiHandler } from '../../functions/handlers/campaigns-api.ts';
import { createCaseApiHandler } from '../../functions/handlers/case-api.ts';
import { createContactsApiHandler } from '../../functions/handlers/contacts-api.ts';
import { createDeliveriesApiHandler } from '../../functions/handlers/deliveries-api.ts';
import { createHealthHandler } from '../../functions/handlers/health.ts';
import { createHomeVisitsApiHandler } from '../../functions/handlers/home-visits-api.ts';
import { createMetaWebhooksHandler } from '../../functions/handlers/meta-webhooks.ts';
import { createPublicAnswersHandler } from '../../functions/handlers/public-answers.ts';
import { createPublicApplicationsHandler } from '../../functions/handlers/public-applications.ts';
import { createPublicBranchesHandler } from '../../functions/handlers/public-branches.ts';
import { createPublicDocumentsHandler } from '../../functions/handlers/public-documents.ts';
import { createPublicFilesHandler } from '../../functions/handlers/public-files.ts';
import { createPublicSocietyProfileHandler } from '../../functions/handlers/public-society-profile.ts';
import { createPublicStatusHandler } from '../../functions/handlers/public-status.ts';
import { createPublicSurveysHandler } from '../../functions/handlers/public-surveys.ts';
import { createQuarantineApiHandler } from '../../functions/handlers/quarantine-api.ts';
import { createReportsApiHandler } from '../../functions/handlers/reports-api.ts';
import { createSmsAggregatorWebhookHandler } from '../../functions/handlers/sms-aggregator-webhook.ts';
import { createSocietyProfileApiHandler } from '../../functions/handlers/society-profile-api.ts';
import { createStaffApiHandler } from '../../functions/handlers/staff-api.ts';
import { createStaffContactLogHandler } from '../../functions/handlers/staff-contact-log.ts';
import { createStaffSupportRequestHandler } from '../../functions/handlers/staff-support-request.ts';
import { createSupportRequestFormHandler } from '../../functions/handlers/support-request-form.ts';
import { createSurveySlipApiHandler } from '../../functions/handlers/survey-slip-api.ts';
import { createTelegramWebhookHandler } from '../../functions/handlers/telegram-webhook.ts';
import { createWebFormContactHandler } from '../../functions/handlers/web-form-contact.ts';
import type { AppDependencies } from '../../functions/lib/dependencies.ts';
import type { HttpHandler } from '../../functions/lib/http-handler.ts';
import type { HttpFunctionName } from '../../functions/routes.ts';

/** The same handler factories Lambda runs, bound to the local dependencies. */
export function localHttpFunctions(deps: AppDependencies): Record<HttpFunctionName, HttpHandler> {
  const getDeps = () => deps;
  return {
    health: createHealthHandler(getDeps),
    webFormContact: createWebFormContactHandler(getDeps),
    staffApi: createStaffApiHandler(getDeps),
    staffContactLog: createStaffContactLogHandler(getDeps),
    publicDocuments: createPublicDocumentsHandler(getDeps),
    reportsApi: createReportsApiHandler(getDeps),
    adminApi: createAdminApiHandler(getDeps),
    telegramWebhook: createTelegramWebhookHandler(getDeps),
    smsAggregatorWebhook: createSmsAggregatorWebhookHandler(getDeps),
    metaWebhooks: createMetaWebhooksHandler(getDeps),
    caseApi: createCaseApiHandler(getDeps),
    homeVisitsApi: createHomeVisitsApiHandler(getDeps),
    deliveriesApi: createDeliveriesApiHandler(getDeps),
    surveySlipApi: createSurveySlipApiHandler(getDeps),
    publicSurveys: createPublicSurveysHandler(getDeps),
    publicApplications: createPublicApplicationsHandler(getDeps),
    supportRequestForm: createSupportRequestFormHandler(getDeps),
    staffSupportRequest: createStaffSupportRequestHandler(getDeps),
    publicStatus: createPublicStatusHandler(getDeps),
    campaignsApi: createCampaignsApiHandler(getDeps),
    quarantineApi: createQuarantineApiHandler(getDeps),
    publicFiles: createPublicFilesHandler(getDeps),
    answersApi: createAnswersApiHandler(getDeps),
    contactsApi: createContactsApiHandler(getDeps),
    publicAnswers: createPublicAnswersHandler(getDeps),
    societyProfileApi: createSocietyProfileApiHandler(getDeps),
    publicSocietyProfile: createPublicSocietyProfileHandler(getDeps),
    publicBranches: createPublicBranchesHandler(getDeps),
  };
}
