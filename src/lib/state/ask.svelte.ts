// Asks the user something in the app's own dialog (a tablet-friendly replacement for prompt/confirm).

export interface AskRequest {
  kind: 'text' | 'confirm';
  title: string;
  message?: string;
  initial?: string;
  danger?: boolean;
  resolve: (value: string | null) => void;
}

class Ask {
  current = $state<AskRequest | null>(null);

  private open(request: Omit<AskRequest, 'resolve'>): Promise<string | null> {
    // A new question replaces an unanswered one, which counts as cancelled.
    this.current?.resolve(null);
    return new Promise((resolve) => {
      this.current = { ...request, resolve };
    });
  }

  /** Resolves with the trimmed text, or null if cancelled or left empty. `message` says why it is asked again. */
  async text(title: string, initial = '', message?: string): Promise<string | null> {
    const value = await this.open({ kind: 'text', title, initial, ...(message ? { message } : {}) });
    return value === null || value.trim() === '' ? null : value.trim();
  }

  async confirm(message: string, title: string): Promise<boolean> {
    return (await this.open({ kind: 'confirm', title, message, danger: true })) !== null;
  }

  answer(value: string | null): void {
    const request = this.current;
    this.current = null;
    request?.resolve(value);
  }
}

export const ask = new Ask();
