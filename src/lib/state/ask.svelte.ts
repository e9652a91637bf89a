// Asks the user something in the app's own dialog (a tablet-friendly replacement for prompt/confirm).
// The confirming button always names the action ("Elimina il piano"), never a bare "OK".

export interface AskRequest {
  kind: 'text' | 'confirm' | 'info' | 'choice';
  /** For 'choice': one button per option; the answer is the option's value. */
  options?: { value: string; label: string; detail?: string }[];
  title: string;
  message?: string;
  initial?: string;
  danger?: boolean;
  /** The confirming button's label; the dialog falls back to a generic one. */
  okLabel?: string;
  /** The other button's label ("Annulla" = cancel, "Più tardi", "Continua a scrivere"). */
  cancelLabel?: string;
  resolve: (value: string | null) => void;
}

export interface AskLabels {
  /** Why it is asked (again): e.g. what was wrong with the name given. */
  message?: string;
  okLabel?: string;
  cancelLabel?: string;
  danger?: boolean;
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

  /** Resolves with the trimmed text, or null if cancelled or left empty. `labels.message` says why it is asked (again). */
  async text(title: string, initial = '', labels: AskLabels = {}): Promise<string | null> {
    const value = await this.open({ kind: 'text', title, initial, ...labels });
    return value === null || value.trim() === '' ? null : value.trim();
  }

  /** True when the user chose the action; Esc and the other button answer false. */
  async confirm(message: string, title: string, labels: AskLabels = {}): Promise<boolean> {
    return (await this.open({ kind: 'confirm', title, message, danger: true, ...labels })) !== null;
  }

  /** One of a few options (each its own button), or null if cancelled. */
  async choose(title: string, options: { value: string; label: string; detail?: string }[], cancelLabel?: string): Promise<string | null> {
    return this.open({ kind: 'choice', title, options, ...(cancelLabel ? { cancelLabel } : {}) });
  }

  /** Shows a text in full (a long title) with one button that closes it. */
  async info(title: string, message: string, closeLabel: string): Promise<void> {
    await this.open({ kind: 'info', title, message, okLabel: closeLabel });
  }

  answer(value: string | null): void {
    const request = this.current;
    this.current = null;
    request?.resolve(value);
  }
}

export const ask = new Ask();
