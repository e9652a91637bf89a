// Saving as runes: every write is tracked, shown as "saving" until IndexedDB commits, and kept for a retry if
// it fails (the text stays on screen). The message says what to do; the raw error goes to the console only.
import { isQuotaError } from '../db/repository.ts';
import { trackWrite } from './pending-writes.ts';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

/** A write that failed: kept so the user can retry it, never dropped. */
export interface FailedWrite {
  message: string;
  retry: () => Promise<void>;
}

export interface SavingMessages {
  quotaFull: string;
  saveFailed: string;
}

export class Saving {
  status = $state<SaveStatus>('idle');
  failedWrite = $state<FailedWrite | null>(null);
  private readonly messages: () => SavingMessages;

  constructor(messages: () => SavingMessages) {
    this.messages = messages;
  }

  /** Runs a write; its value once committed, or undefined after a failure (kept for "Riprova"). */
  async run<T>(write: () => Promise<T>): Promise<{ value: T } | undefined> {
    this.status = 'saving';
    try {
      const value = await trackWrite(write());
      this.failedWrite = null;
      this.status = 'saved';
      return { value };
    } catch (error) {
      this.reportFailure(error, async () => {
        await this.run(write);
      });
      return undefined;
    }
  }

  reportFailure(error: unknown, retry: () => Promise<void>): void {
    console.error(error);
    const messages = this.messages();
    this.failedWrite = { message: isQuotaError(error) ? messages.quotaFull : messages.saveFailed, retry };
    this.status = 'error';
  }

  async retry(): Promise<void> {
    const failed = this.failedWrite;
    if (failed) await failed.retry();
  }
}
