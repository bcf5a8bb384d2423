import { HTTP_FUNCTIONS } from '../../functions/routes.ts';

/** Every route behind a staff token, as `METHOD /path/{param}`. */
export const STAFF_ROUTES = Object.values(HTTP_FUNCTIONS)
  .filter((spec) => spec.auth === 'staff')
  .flatMap((spec) => [...spec.routes]);

/** Parameter values that name something real in the demo data, where the test names nothing else. */
const DEMO_PARAMS: Record<string, string> = {
  messageId: '01NOMESSAGE0000000000000000',
  index: '0',
  policyId: 'standard',
  userId: 'u-committee',
  branchId: 'riyadh',
  answerId: 'greeting',
  name: 'follow_up',
  language: 'ar',
  macroId: 'acknowledge',
};

/** The method and a concrete path of a route: its parameters from `params`, the demo data, or `x`. */
export function routePath(route: string, params: Record<string, string>): { method: string; path: string } {
  const [method = 'GET', template = '/'] = route.split(' ');
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? DEMO_PARAMS[name] ?? 'x');
  return { method, path };
}
