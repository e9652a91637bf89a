// Tells the other tabs of this device that a plan changed, so they refresh instead of writing over it.

const CHANNEL = 'quadro-changes';

export interface PlanChanged {
  planId: string;
  batchId: string;
}

/** Sends and receives "plan changed" messages; a no-op where BroadcastChannel is missing. */
export class TabSync {
  private readonly channel: BroadcastChannel | null;

  constructor(onChange: (message: PlanChanged) => void) {
    this.channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
    this.channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = event.data as Partial<PlanChanged> | null;
      if (data && typeof data.planId === 'string' && typeof data.batchId === 'string') onChange({ planId: data.planId, batchId: data.batchId });
    });
  }

  announce(message: PlanChanged): void {
    this.channel?.postMessage(message);
  }

  close(): void {
    this.channel?.close();
  }
}
