/**
 * The HTTP surface: which function serves which API Gateway route key, and who may call it. The CDK stack makes
 * the HTTP API from this list and the local server routes requests with the same list.
 */
export type RouteAuth = 'public' | 'staff';

export interface HttpFunctionSpec {
  /** Lambda entry file, relative to the repository root. */
  entry: string;
  auth: RouteAuth;
  routes: readonly string[];
}

export const HTTP_FUNCTIONS = {
  health: { entry: 'functions/handlers/health.ts', auth: 'public', routes: ['GET /health'] },
  webFormContact: {
    entry: 'functions/handlers/web-form-contact.ts',
    auth: 'public',
    routes: ['POST /public/contact'],
  },
  staffApi: {
    entry: 'functions/handlers/staff-api.ts',
    auth: 'staff',
    routes: [
      'GET /api/me',
      'GET /api/queues',
      'GET /api/tickets',
      'GET /api/tickets/{id}',
      'POST /api/tickets/{id}/messages',
    ],
  },
} as const satisfies Record<string, HttpFunctionSpec>;

export type HttpFunctionName = keyof typeof HTTP_FUNCTIONS;
