import { vi } from 'vitest';

/**
 * Gives the process what the stack gives a deployed function: its table, region, credentials and `more` of its
 * own. The SDK reads AWS_ENDPOINT_URL_DYNAMODB, so the function's own client reaches dynalite at that endpoint.
 */
export function stubLambdaEnvironment(
  table: string,
  dynamoEndpoint: string,
  more: Record<string, string>,
): void {
  vi.stubEnv('TABLE_NAME', table);
  for (const [name, value] of Object.entries(more)) vi.stubEnv(name, value);
  vi.stubEnv('AWS_REGION', 'me-south-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamoEndpoint);
}
