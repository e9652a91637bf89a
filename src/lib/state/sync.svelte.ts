// Team sync as runes (issue 22): the plan's connection, when it syncs (opening, coming online, every few minutes, "Sincronizza ora"), its state in words, its questions.
import type { AppState } from './app.svelte.ts';
import type { QuadroProblem } from '../model/errors.ts';
import { formatTime, type Lang } from '../i18n/index.ts';
import { syncStrings } from '../i18n/sync-strings.ts';
import { clock } from '../model/clock.ts';
import {
  countPending,
  forgetSync,
  listSyncConflicts,
  markSynced,
  readSyncPassword,
  readSyncPlan,
  resolveSyncConflicts,
  saveSyncConnection,
  type StoredSyncConflict,
  type SyncChoice,
} from '../db/sync-store.ts';
import { CouchClient, SyncError } from '../sync/http.ts';
import { checkServer, createDatabase, planOnServer, syncPlan } from '../sync/engine.ts';
import { checkDatabaseName, checkServerUrl, originNotAllowedProblem, otherPlanProblem } from '../sync/protocol.ts';
import { isOriginAllowed } from '../sync/origins.ts';
import { trackWrite } from './pending-writes.ts';
import { describeProblem } from '../i18n/problems/describe.ts';
import { whenSeedComplete } from './seed-rest.ts';

/** While a plan is open, it syncs this often (and when the device comes online, and on demand). */
export const SYNC_INTERVAL_MS = 5 * 60 * 1000;

/** `offline`: the device has no network; what is waiting is said, not as an error. */
export type SyncPhase = 'off' | 'idle' | 'syncing' | 'offline' | 'error';

export interface SyncForm {
  url: string;
  database: string;
  user: string;
  password: string;
}

/** The sync of the plan on screen: one per app; follows the plan that is open. */
export class SyncState {
  phase = $state<SyncPhase>('off');
  /** The connection (without the password), or null when sync is off for this plan. */
  config = $state<{ url: string; database: string; user: string } | null>(null);
  lastSyncAt = $state<string | null>(null);
  pending = $state(0);
  problem = $state<QuadroProblem | null>(null);
  conflicts = $state.raw<StoredSyncConflict[]>([]);
  /** The last check found the database missing and the user is a server admin: "Crea il database" is offered. */
  mayCreate = $state(false);
  panelOpen = $state(false);

  private planId: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly ononline = (): void => void this.syncNow();
  private readonly allowed: readonly string[];

  constructor(
    private readonly app: AppState,
    allowedOrigins: readonly string[] = __SYNC_ORIGINS__,
  ) {
    this.allowed = allowedOrigins;
    window.addEventListener('online', this.ononline);
  }

  /** The state in words: "Sincronizzato alle 10:42 · 3 modifiche da inviare · 1 domanda", "Sincronizzazione…", or the problem. */
  summary(lang: Lang): string {
    const t = syncStrings(lang);
    if (this.phase === 'syncing') return t.syncRunning;
    if (this.phase === 'error' && this.problem) return describeProblem(this.problem, lang);
    const parts = [this.lastSyncAt ? t.syncedAt(formatTime(lang, this.lastSyncAt)) : t.syncNever];
    if (this.pending > 0) parts.push(t.syncPending(this.pending));
    if (this.conflicts.length > 0) parts.push(t.syncQuestions(this.conflicts.length));
    if (this.phase === 'offline') parts.push(t.syncWaitingNetwork);
    return parts.join(' · ');
  }

  /** Whether this build of Quadro may sync at all (QUADRO_SYNC_ORIGINS was set). */
  get available(): boolean {
    return this.allowed.length > 0;
  }

  dispose(): void {
    window.removeEventListener('online', this.ononline);
    this.stopTimer();
  }

  /** Follows the plan on screen: reads its connection and, if sync is on, syncs now and every few minutes. */
  follow(planId: string | null): Promise<void> {
    if (planId !== this.planId) {
      this.planId = planId;
      this.following = this.load(planId);
    }
    return this.following;
  }

  private following: Promise<void> = Promise.resolve();

  /** Opens the panel once the open plan's connection is read (so the form shows it). */
  async openPanel(): Promise<void> {
    await this.following;
    this.panelOpen = true;
  }

  private async load(planId: string | null): Promise<void> {
    this.stopTimer();
    this.problem = null;
    this.mayCreate = false;
    const state = planId ? await readSyncPlan(this.app.db, planId) : undefined;
    if (planId !== this.planId) return;
    if (!state) {
      this.phase = 'off';
      this.config = null;
      this.conflicts = [];
      this.lastSyncAt = null;
      return;
    }
    this.config = { url: state.url, database: state.database, user: state.user };
    this.lastSyncAt = state.lastSyncAt;
    this.phase = 'idle';
    await this.refresh();
    this.timer = setInterval(() => void this.syncNow(), SYNC_INTERVAL_MS);
    void this.syncNow();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The counts the bar shows: changes waiting to go up, open questions. */
  async refresh(): Promise<void> {
    const planId = this.planId;
    if (!planId || !this.config) return;
    const [pending, conflicts] = await Promise.all([countPending(this.app.db, planId), listSyncConflicts(this.app.db, planId)]);
    if (planId !== this.planId) return;
    this.pending = pending;
    this.conflicts = conflicts;
  }

  private client(config: { url: string; database: string; user: string }, password: string): CouchClient {
    return new CouchClient({ url: config.url, database: config.database, user: config.user, password });
  }

  /**
   * Checks the form, the server and the user, then turns sync on for the plan and syncs. A problem
   * is said in words (and sync stays as it was); a missing database offers "Crea il database" to a
   * server admin.
   */
  async connect(form: SyncForm): Promise<boolean> {
    const planId = this.planId;
    if (!planId) return false;
    this.problem = null;
    this.mayCreate = false;
    const address = checkServerUrl(form.url);
    if (!address.ok) return this.fail(address.problem);
    if (!isOriginAllowed(address.origin, this.allowed)) return this.fail(originNotAllowedProblem(address.origin));
    const badName = checkDatabaseName(form.database);
    if (badName) return this.fail(badName);
    const config = { url: address.url, database: form.database.trim(), user: form.user.trim() };
    // The panel never shows the stored password: an empty field means "the one you have".
    const same = this.config && this.config.url === config.url && this.config.database === config.database && this.config.user === config.user;
    const password = form.password === '' && same ? ((await readSyncPassword(this.app.db, planId)) ?? '') : form.password;
    const client = this.client(config, password);
    this.phase = 'syncing';
    try {
      const session = await checkServer(client);
      const answer = await client.send('GET', `/${encodeURIComponent(config.database)}`);
      if (answer.status === 404) {
        this.mayCreate = session.roles.includes('_admin');
        throw client.errorOf(answer);
      }
      if (answer.status >= 300) throw client.errorOf(answer);
      // A database holds one plan: another plan there is said before anything is saved (and can be downloaded).
      const there = await planOnServer(client);
      if (there && there.planId !== planId) throw new SyncError(otherPlanProblem(there.name));
    } catch (error) {
      // Said in the panel; the bar keeps the plan's state (nothing was turned on or changed).
      const phase = this.config ? 'idle' : 'off';
      this.fail(error);
      this.phase = phase;
      return false;
    }
    await saveSyncConnection(this.app.db, planId, { ...config, password }, () => crypto.randomUUID());
    this.config = config;
    this.phase = 'idle';
    this.stopTimer();
    this.timer = setInterval(() => void this.syncNow(), SYNC_INTERVAL_MS);
    await this.syncNow();
    return this.problem === null;
  }

  /** The database holds another plan (`sync.other-plan`): it can be brought to this tablet as a plan of its own. */
  get mayDownload(): boolean {
    return this.problem?.code === 'sync.other-plan';
  }

  /**
   * "Scarica il piano dal server": the database's plan becomes a plan of this tablet, with the
   * server's ids (so the team's devices share it), synced with that database from then on.
   */
  async downloadPlan(form: SyncForm): Promise<boolean> {
    const address = checkServerUrl(form.url);
    if (!address.ok) return this.fail(address.problem);
    const config = { url: address.url, database: form.database.trim(), user: form.user.trim() };
    const client = this.client(config, form.password);
    let found: { planId: string; name: string } | null;
    try {
      await checkServer(client);
      found = await planOnServer(client);
    } catch (error) {
      return this.fail(error);
    }
    if (!found) return false;
    await saveSyncConnection(this.app.db, found.planId, { ...config, password: form.password }, () => crypto.randomUUID());
    this.planId = found.planId;
    this.config = config;
    this.problem = null;
    this.phase = 'idle';
    await this.syncNow();
    await this.app.nav.refreshPlans();
    await this.app.plans.open(found.planId);
    this.following = Promise.resolve();
    return this.problem === null;
  }

  /** "Crea il database" (server admins only), then connect with the same form. */
  async createDatabase(form: SyncForm): Promise<boolean> {
    const address = checkServerUrl(form.url);
    if (!address.ok) return this.fail(address.problem);
    try {
      await createDatabase(this.client({ url: address.url, database: form.database.trim(), user: form.user.trim() }, form.password));
    } catch (error) {
      return this.fail(error);
    }
    this.mayCreate = false;
    return this.connect(form);
  }

  /** "Disconnetti": forgets the password and everything agreed with the server; the plan stays. */
  async disconnect(): Promise<void> {
    const planId = this.planId;
    if (!planId) return;
    this.stopTimer();
    await this.running;
    await forgetSync(this.app.db, planId);
    this.config = null;
    this.phase = 'off';
    this.problem = null;
    this.conflicts = [];
    this.pending = 0;
    this.lastSyncAt = null;
  }

  /** "Sincronizza ora" (and the timer, and coming online): one sync at a time; a request during one runs once more after it. */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = trackWrite(this.runOnce()).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.syncNow();
      }
    });
    return this.running;
  }

  private async runOnce(): Promise<void> {
    const planId = this.planId;
    const config = this.config;
    if (!planId || !config) return;
    // The first start's bundled plan may still be writing its other areas' rows: the whole plan is read below.
    await whenSeedComplete(this.app.db);
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      this.problem = null;
      this.phase = 'offline';
      await this.refresh();
      return;
    }
    const password = (await readSyncPassword(this.app.db, planId)) ?? '';
    this.phase = 'syncing';
    try {
      const run = () => syncPlan(this.app.db, planId, this.client(config, password), () => clock().now());
      // Two tabs of one device sync one at a time (Web Locks), so they do not send the same changes twice.
      const report = typeof navigator !== 'undefined' && navigator.locks ? await navigator.locks.request(`quadro-sync-${planId}`, run) : await run();
      const at = clock().now();
      await markSynced(this.app.db, planId, at);
      if (planId !== this.planId) return;
      this.lastSyncAt = at;
      this.problem = null;
      this.phase = 'idle';
      for (const batchId of report.batchIds) this.app.changes.record(batchId, 'sync', 'server');
      if (report.batchIds.length > 0) await this.app.refreshAfterStructuralChange();
    } catch (error) {
      this.fail(error);
      if (!(error instanceof SyncError)) console.error(error);
    } finally {
      await this.refresh();
    }
  }

  /** The user's answers to the open questions, as one batch (one undo step), then a sync sends them. */
  async resolve(answers: { id: string; choice: SyncChoice }[]): Promise<void> {
    const planId = this.planId;
    if (!planId || answers.length === 0) return;
    const result = await resolveSyncConflicts(this.app.db, planId, answers, { by: this.app.device.signature }, clock().now());
    if (result.batchId) this.app.changes.record(result.batchId, 'edit');
    await this.app.refreshAfterStructuralChange();
    await this.refresh();
    await this.syncNow();
  }

  private fail(error: unknown): false {
    if (error instanceof SyncError) this.problem = error.problem;
    else if (error && typeof error === 'object' && 'code' in error && 'params' in error) this.problem = error as QuadroProblem;
    else throw error;
    this.phase = 'error';
    return false;
  }
}
