/** Failed attempts at one event, counted where they outlive the process, so a poison event is set aside. */
export interface RecordAttempts {
  /** Counts one more failed attempt of the consumer at the record; answers the attempts so far. */
  failed(consumer: string, recordId: string): Promise<number>;
}
