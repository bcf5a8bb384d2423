/**
 * The HTTP surface: which function serves which API Gateway route key, and who may call it. The CDK stack makes
 * the HTTP API from this list and the local server routes requests with the same list.
 */
export type RouteAuth = 'public' | 'staff';

/** What a function may touch; the CDK stack grants exactly this and nothing more. */
export interface FunctionAccess {
  table: 'read' | 'readwrite';
  buckets?: readonly ('rawMail' | 'attachments')[];
  topics?: readonly 'ticketEvents'[];
  sendEmail?: boolean;
  /** Emails staff their own notices (SES, from the deployment's sender address). */
  notifyStaff?: boolean;
  sendSms?: boolean;
  /** Names of provider secrets it reads (Meta app secret, Telegram token, …). */
  secrets?: readonly string[];
  /** Posts to connected inbox clients through the WebSocket API. */
  websocket?: boolean;
  /**
   * Serves the public (forms, webhooks, inbound mail and texts): its table writes exclude the staff-only
   * partitions below. A public HTTP route is always so; event functions fed by the public say so here.
   */
  publicInput?: boolean;
  /** Work queues it sends jobs to (received files to fetch). */
  queues?: readonly 'mediaFetch'[];
  /** Creates and changes staff sign-in accounts (Cognito's admin calls on the user pool). */
  staffAccounts?: boolean;
  /** Answers beneficiaries on their channels: its handler names the senders (`functions/platform/aws-senders.ts`). */
  replies?: boolean;
}

/**
 * Partition key prefixes of staff, configuration and rule items (staff users and logins, queues, rules, SLA
 * policies, calendar, templates, documents), staff sessions and reports. A function serving the public may read
 * what it needs of them but never write them: the CDK stack puts this list in a `dynamodb:LeadingKeys` condition.
 */
export const STAFF_ONLY_KEY_PREFIXES = ['CONFIG#', 'LOGIN#', 'LIVE#', 'REPORT#'] as const;

/** What a function that answers beneficiaries needs: every channel's sender and its credentials. */
export const REPLYING: FunctionAccess = {
  table: 'readwrite',
  topics: ['ticketEvents'],
  sendEmail: true,
  sendSms: true,
  replies: true,
  secrets: [
    'telegram-bot-token',
    'whatsapp-access-token',
    'whatsapp-phone-number-id',
    'meta-page-access-token',
    // Files sent by SMS go as signed links.
    'file-link-secret',
  ],
};

/** What taking in a support request needs: its documents kept, the acknowledgement texted. */
const SUPPORT_REQUEST_INTAKE: FunctionAccess = {
  table: 'readwrite',
  buckets: ['attachments'],
  topics: ['ticketEvents'],
  sendSms: true,
  replies: true,
  // The acknowledgement carries a signed link to the status page.
  secrets: ['file-link-secret'],
};

export interface HttpFunctionSpec {
  /** Lambda entry file, relative to the repository root. */
  entry: string;
  auth: RouteAuth;
  routes: readonly string[];
  access: FunctionAccess;
}

export const HTTP_FUNCTIONS = {
  health: {
    entry: 'functions/handlers/health.ts',
    auth: 'public',
    routes: ['GET /health'],
    access: { table: 'read' },
  },
  webFormContact: {
    entry: 'functions/handlers/web-form-contact.ts',
    auth: 'public',
    routes: ['POST /public/contact'],
    access: { table: 'readwrite', topics: ['ticketEvents'] },
  },
  staffApi: {
    entry: 'functions/handlers/staff-api.ts',
    auth: 'staff',
    routes: [
      'GET /api/me',
      'GET /api/queues',
      'GET /api/tickets',
      'GET /api/tickets/{id}',
      'PATCH /api/tickets/{id}',
      'POST /api/tickets/{id}/messages',
      'GET /api/contacts/{id}',
      'GET /api/canned-answers',
      'GET /api/staff',
      'GET /api/tickets/{id}/messages/{messageId}/attachments/{index}',
      'GET /api/notifications',
      'POST /api/notifications/{notificationId}/read',
    ],
    access: { ...REPLYING, buckets: ['attachments'] },
  },
  staffContactLog: {
    entry: 'functions/handlers/staff-contact-log.ts',
    auth: 'staff',
    routes: ['POST /api/tickets'],
    // A recorded contact is acknowledged on the beneficiary's channel, and a scanned letter kept.
    access: { ...REPLYING, buckets: ['attachments'] },
  },
  contactsApi: {
    entry: 'functions/handlers/contacts-api.ts',
    auth: 'staff',
    routes: ['POST /api/contacts/{id}/merge', 'POST /api/contacts/{id}/split'],
    access: { table: 'readwrite' },
  },
  publicDocuments: {
    entry: 'functions/handlers/public-documents.ts',
    auth: 'public',
    routes: ['GET /public/documents/{slug}'],
    access: { table: 'read', buckets: ['attachments'] },
  },
  reportsApi: {
    entry: 'functions/handlers/reports-api.ts',
    auth: 'staff',
    routes: ['GET /api/reports/overview', 'GET /api/reports/agents', 'GET /api/reports/export/{report}'],
    access: { table: 'read' },
  },
  adminApi: {
    entry: 'functions/handlers/admin-api.ts',
    auth: 'staff',
    routes: [
      'GET /api/branches',
      'PUT /api/branches/{branchId}',
      'PUT /api/canned-answers/{answerId}',
      'DELETE /api/canned-answers/{answerId}',
      'GET /api/canned-answers/{answerId}/versions',
      'GET /api/whatsapp-templates',
      'PUT /api/whatsapp-templates/{name}/{language}',
      'DELETE /api/whatsapp-templates/{name}/{language}',
      'GET /api/macros',
      'PUT /api/macros/{macroId}',
      'DELETE /api/macros/{macroId}',
      'GET /api/rules',
      'PUT /api/rules',
      'GET /api/rules/versions',
      'POST /api/rules/dry-run',
      'POST /api/rules/dry-run/recent',
      'GET /api/sla-policies',
      'PUT /api/sla-policies/{policyId}',
      'DELETE /api/sla-policies/{policyId}',
      'GET /api/business-calendar',
      'PUT /api/business-calendar',
      'PUT /api/staff/{userId}/availability',
      'GET /api/message-templates',
      'PUT /api/message-templates/{templateId}',
      'DELETE /api/message-templates/{templateId}',
      'POST /api/queues',
      'PUT /api/queues/{queueId}',
      'POST /api/staff',
      'PUT /api/staff/{userId}',
      'GET /api/audit',
    ],
    // Disabling a member gives their open tickets back to their queues: ticket changes, published.
    access: { table: 'readwrite', staffAccounts: true, topics: ['ticketEvents'] },
  },
  telegramWebhook: {
    entry: 'functions/handlers/telegram-webhook.ts',
    auth: 'public',
    routes: ['POST /webhooks/telegram'],
    // The bot token: a survey answered with a digit is thanked, a bare /start greeted, on Telegram.
    access: {
      table: 'readwrite',
      topics: ['ticketEvents'],
      secrets: ['telegram-webhook-secret', 'telegram-bot-token'],
      queues: ['mediaFetch'],
      replies: true,
    },
  },
  smsAggregatorWebhook: {
    entry: 'functions/handlers/sms-aggregator-webhook.ts',
    auth: 'public',
    routes: ['POST /webhooks/sms/aggregator'],
    // Sends SMS: a survey answered with a digit is thanked, a question may get its automatic answer.
    access: {
      table: 'readwrite',
      topics: ['ticketEvents'],
      sendSms: true,
      replies: true,
      secrets: ['sms-aggregator-webhook-secret', 'file-link-secret'],
    },
  },
  metaWebhooks: {
    entry: 'functions/handlers/meta-webhooks.ts',
    auth: 'public',
    routes: [
      'GET /webhooks/whatsapp',
      'POST /webhooks/whatsapp',
      'GET /webhooks/messenger',
      'POST /webhooks/messenger',
      'GET /webhooks/instagram',
      'POST /webhooks/instagram',
    ],
    // The senders' tokens: a survey answered with a digit is thanked on the same channel.
    access: {
      queues: ['mediaFetch'],
      table: 'readwrite',
      topics: ['ticketEvents'],
      replies: true,
      secrets: [
        'meta-app-secret',
        'meta-verify-token',
        'whatsapp-access-token',
        'whatsapp-phone-number-id',
        'meta-page-access-token',
      ],
    },
  },
  publicSurveys: {
    entry: 'functions/handlers/public-surveys.ts',
    auth: 'public',
    // GET /s/{code}: a printed survey slip's short link (on this function: the stack is near its resource limit).
    routes: ['GET /public/surveys/{token}/state', 'POST /public/surveys/{token}', 'GET /s/{code}'],
    access: { table: 'readwrite', topics: ['ticketEvents'] },
  },
  publicApplications: {
    entry: 'functions/handlers/public-applications.ts',
    auth: 'public',
    routes: ['GET /public/applications/{token}/state', 'POST /public/applications/{token}'],
    // The files join the case's ticket; the drain is not involved (nothing is sent).
    access: { table: 'readwrite', buckets: ['attachments'], topics: ['ticketEvents'] },
  },
  caseApi: {
    entry: 'functions/handlers/case-api.ts',
    auth: 'staff',
    routes: ['POST /api/tickets/{id}/case/{action}'],
    access: REPLYING,
  },
  homeVisitsApi: {
    entry: 'functions/handlers/home-visits-api.ts',
    auth: 'staff',
    routes: ['POST /api/tickets/{id}/visits', 'POST /api/tickets/{id}/visits/{visitId}/report'],
    // Tells the beneficiary the visit's date; keeps the visit's photos.
    access: { ...REPLYING, buckets: ['attachments'] },
  },
  deliveriesApi: {
    entry: 'functions/handlers/deliveries-api.ts',
    auth: 'staff',
    routes: ['POST /api/tickets/{id}/deliveries', 'POST /api/tickets/{id}/deliveries/{deliveryId}/delivered'],
    // Tells the beneficiary what was delivered.
    access: REPLYING,
  },
  surveySlipApi: {
    entry: 'functions/handlers/survey-slip-api.ts',
    auth: 'staff',
    routes: ['POST /api/tickets/{id}/survey-slip'],
    // Texts the slip's survey link when the walk-in gave a phone.
    access: REPLYING,
  },
  supportRequestForm: {
    entry: 'functions/handlers/support-request-form.ts',
    auth: 'public',
    routes: [
      'POST /public/support-requests',
      'POST /public/support-requests/{reference}/confirm-phone',
      'POST /public/support-requests/{reference}/confirm-phone/code',
    ],
    access: SUPPORT_REQUEST_INTAKE,
  },
  staffSupportRequest: {
    entry: 'functions/handlers/staff-support-request.ts',
    auth: 'staff',
    routes: ['POST /api/support-requests'],
    access: SUPPORT_REQUEST_INTAKE,
  },
  campaignsApi: {
    entry: 'functions/handlers/campaigns-api.ts',
    auth: 'staff',
    routes: ['GET /api/campaigns', 'POST /api/campaigns'],
    // Only records the announcement's messages; the outbox drain sends them.
    access: { table: 'readwrite' },
  },
  quarantineApi: {
    entry: 'functions/handlers/quarantine-api.ts',
    auth: 'staff',
    routes: ['GET /api/quarantine'],
    access: { table: 'read' },
  },
  publicStatus: {
    entry: 'functions/handlers/public-status.ts',
    auth: 'public',
    routes: ['POST /public/status/code', 'POST /public/status'],
    // Checks the signed link the page was opened with.
    access: { table: 'readwrite', sendSms: true, replies: true, secrets: ['file-link-secret'] },
  },
  publicFiles: {
    entry: 'functions/handlers/public-files.ts',
    auth: 'public',
    routes: ['GET /public/files/{token}'],
    access: { table: 'read', buckets: ['attachments'], secrets: ['file-link-secret'] },
  },
  answersApi: {
    entry: 'functions/handlers/answers-api.ts',
    auth: 'staff',
    routes: [
      'GET /api/answers',
      'POST /api/answers',
      'PUT /api/answers/{id}',
      'DELETE /api/answers/{id}',
      'GET /api/documents',
      'PUT /api/documents/{slug}',
    ],
    // The society's documents are PDFs in the attachments bucket.
    access: { table: 'readwrite', buckets: ['attachments'] },
  },
  publicAnswers: {
    entry: 'functions/handlers/public-answers.ts',
    auth: 'public',
    routes: ['GET /public/answers'],
    access: { table: 'read' },
  },
  societyProfileApi: {
    entry: 'functions/handlers/society-profile-api.ts',
    auth: 'staff',
    routes: ['GET /api/society-profile', 'PUT /api/society-profile'],
    access: { table: 'readwrite' },
  },
  publicSocietyProfile: {
    entry: 'functions/handlers/public-society-profile.ts',
    auth: 'public',
    routes: ['GET /public/society-profile'],
    access: { table: 'read' },
  },
  publicBranches: {
    entry: 'functions/handlers/public-branches.ts',
    auth: 'public',
    routes: ['GET /public/branches'],
    access: { table: 'read' },
  },
} as const satisfies Record<string, HttpFunctionSpec>;

export type HttpFunctionName = keyof typeof HTTP_FUNCTIONS;
