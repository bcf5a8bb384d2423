import { Logger } from '@aws-lambda-powertools/logger';

/** One logger for every function; values that identify a beneficiary never go into it. */
export const logger = new Logger({
  serviceName: 'sanad',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});
