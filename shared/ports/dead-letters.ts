/**
 * Events that could not be processed: kept whole with the reason, so nothing is lost and someone can replay
 * them. SQS in AWS (with an alarm on it), a folder and a list in `npm start`.
 */
export interface DeadLetter {
  /** What produced it, e.g. `email-inbound`, `webhook-whatsapp`. */
  source: string;
  reason: string;
  /** The original payload (or a reference to where it is stored), never altered. */
  payload: string;
  at: string;
}

export interface DeadLetters {
  send(letter: DeadLetter): Promise<void>;
}
