import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { smsOptOutCommand } from '../../shared/domain/sms-opt-out.ts';
import { receiveBeneficiaryMessage } from '../../shared/use-cases/receive-beneficiary-message.ts';
import { recordSmsOptOutWord } from '../../shared/use-cases/sms-opt-out.ts';
import { smsToInbound, UnreadableSmsError } from '../channels/sms/parse.ts';
import type { AppDependencies } from '../lib/dependencies.ts';
import { logger } from '../lib/observability.ts';
import { lambdaDependencies } from '../platform/aws.ts';
import { awsSenders } from '../platform/aws-senders.ts';

/**
 * Two-way SMS from the SNS topic. An unreadable record is dead-lettered (kept whole) and the rest go on; a store
 * failure throws, so Lambda retries the event and finally sends it to the function's dead-letter destination.
 */
export const createSmsInboundHandler = (getDeps: () => AppDependencies) =>
  middy<SNSEvent, void>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const deps = getDeps();
      for (const record of event.Records) {
        const receivedAt = new Date(record.Sns.Timestamp ?? deps.clock.now());
        let inbound: ReturnType<typeof smsToInbound>;
        try {
          inbound = smsToInbound(
            record.Sns.Message,
            Number.isNaN(receivedAt.getTime()) ? deps.clock.now() : receivedAt,
          );
        } catch (error) {
          if (!(error instanceof UnreadableSmsError)) throw error;
          logger.warn('Unreadable SMS record dead-lettered', {
            reason: error.message,
            snsMessageId: record.Sns.MessageId,
          });
          await deps.deadLetters.send({
            source: 'sms-inbound',
            reason: error.message,
            payload: record.Sns.Message,
            at: deps.clock.now().toISOString(),
          });
          continue;
        }
        // STOP / إيقاف and START / اشتراك are answered here: recorded, never a ticket.
        const command = smsOptOutCommand(inbound.text);
        if (command) {
          const optOut = await recordSmsOptOutWord(deps, inbound, command);
          logger.info('SMS opt-out word', { ...optOut });
          continue;
        }
        const result = await receiveBeneficiaryMessage(deps, inbound);
        logger.info('SMS ingested', { outcome: result.outcome, ticketId: result.ticketId });
      }
    });

export const handler = createSmsInboundHandler(lambdaDependencies(awsSenders));
