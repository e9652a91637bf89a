// The app's state as runes: what is loaded (the plan and area on screen, the language, the notice) and the
// command modules the components dispatch to, each one job; every write's undo step goes through `changes`.
import * as repo from '../db/repository.ts';
import type { QuadroDatabase } from '../db/repository.ts';
import { seedDefaultPlan } from './seed-rest.ts';
import { loadStrings, strings, type Lang } from '../i18n/index.ts';
import { readRoute, type Route } from './route.ts';
import { Navigation, type CellSelection } from './navigation.svelte.ts';
import { Saving, type CellConflict, type FailedWrite, type SaveStatus } from './saving.svelte.ts';
import { History } from './history.svelte.ts';
import { Changes } from './changes.svelte.ts';
import { CellCommands } from './cell-commands.ts';
import { StructureCommands } from './structure-commands.ts';
import { PlanCommands } from './plan-commands.ts';
import { PendingCommands } from './pending-commands.ts';
import { EditorDrafts } from './drafts.svelte.ts';
import { DeviceSettings } from './device-settings.svelte.ts';

export type { CellConflict, CellSelection, FailedWrite, SaveStatus };
export { TEXT_SCALES } from './device-settings.svelte.ts';

/**
 * The app's state for the components. It holds what is loaded and composes the parts, which the
 * components use directly: where the user is (`nav`), saving (`saving`), the undo lists (`history`)
 * and the one way into them (`changes`: every write, undo and redo), the commands on cells (`cells`),
 * on areas, rows and columns (`structure`), on plans (`plans`), on what is not saved (`pending`),
 * the large editor's drafts (`drafts`) and this device's preferences (`device`).
 */
export class AppState {
  db: QuadroDatabase;
  readonly nav: Navigation;
  readonly saving: Saving;
  readonly history = new History();
  readonly changes: Changes;
  readonly cells: CellCommands;
  readonly structure: StructureCommands;
  readonly plans: PlanCommands;
  readonly pending: PendingCommands;
  readonly drafts: EditorDrafts;
  /** This device's preferences: the author's name (changes are signed with it), the text size, folded tall rows. */
  readonly device: DeviceSettings;
  ready = $state(false);
  lang = $state<Lang>('it');
  notice = $state<string | null>(null);
  /**
   * A cell to bring into view (selected, scrolled to, its area opened): set after an undo or redo,
   * taken by the app shell, which hands it to the grid the way a search hit is.
   */
  revealRequest = $state.raw<{ planId: string; areaId: string; rowId: string; columnId: string } | null>(null);
  /** Set by the area view: true while the grid's in-cell editor is open (its keys belong to it then). */
  isGridEditing: () => boolean = () => false;

  t = $derived(strings(this.lang));

  constructor(db: QuadroDatabase) {
    this.db = db;
    this.nav = new Navigation(db);
    this.device = new DeviceSettings(db);
    this.saving = new Saving(
      db,
      () => ({ quotaFull: this.t.quotaFull, saveFailed: this.t.saveFailedRetry, recordGone: this.t.recordGone }),
      () => this.device.signature,
    );
    this.drafts = new EditorDrafts(db);
    this.changes = new Changes(this);
    this.cells = new CellCommands(this);
    this.structure = new StructureCommands(this);
    this.plans = new PlanCommands(this);
    this.pending = new PendingCommands(this);
  }

  /** Stops listening to other tabs (the page is going away, or a test is done). */
  dispose(): void {
    this.changes.dispose();
  }

  /** Another tab wrote: show its change and take its batch into the undo history, without a reload. */
  async refreshFromOtherTab(): Promise<void> {
    await this.nav.refreshPlans();
    if (!this.nav.plans.some((plan) => plan.id === this.nav.planId)) {
      await this.plans.open(this.nav.plans[0]?.id ?? null, undefined, 'replace');
      return;
    }
    await this.nav.refreshAreas();
    await this.nav.reloadArea();
    await this.changes.load();
  }

  /** First start seeds the bundled 2012 plan; every start opens the plan and area of the URL. */
  async start(route: Route = readRoute(location.pathname)): Promise<void> {
    await seedDefaultPlan(this.db);
    const [lang] = await Promise.all([repo.readSetting(this.db, 'lang'), this.device.load()]);
    // English is a chunk of its own (Italian is in the first one): the words switch once it is here.
    // If it cannot be loaded, the app starts in Italian and tries again at the next start.
    await this.showIn(lang);
    await this.nav.refreshPlans();
    const planExists = route.planId !== undefined && this.nav.plans.some((plan) => plan.id === route.planId);
    if (route.planId !== undefined && !planExists) this.notice = this.t.notFound;
    await this.plans.open(planExists ? (route.planId as string) : (this.nav.plans[0]?.id ?? null), route.areaId, 'replace');
    this.ready = true;
  }

  /** Issue 22: whether the plan syncs with a server (the sync code itself loads only then, or when its panel opens). */
  isSyncOn(planId: string): Promise<boolean> {
    return repo.isSyncOn(this.db, planId);
  }

  /** After undo, redo or import anything may have changed: plans, areas, rows. */
  async refreshAfterStructuralChange(): Promise<void> {
    await this.nav.refreshPlans();
    const planId = this.nav.plans.some((plan) => plan.id === this.nav.planId) ? this.nav.planId : (this.nav.plans[0]?.id ?? null);
    const areaId = this.nav.areaId ?? undefined;
    await this.plans.open(planId, areaId, 'replace');
  }

  // The language (the words on screen are the app's own state; the other device preferences are in `device`).

  /** The user's choice of language, remembered on this device. Its table loads first (offline: from the service worker's cache). */
  async setLang(lang: Lang): Promise<void> {
    // The table first, then the choice saved, then the words shown: a reload right after the switch
    // (or the tab discarded) starts in the language the screen already showed.
    try {
      await loadStrings(lang);
    } catch {
      this.notice = this.t.languageNotLoaded;
      return;
    }
    await repo.saveSetting(this.db, 'lang', lang);
    await this.showIn(lang);
  }

  /** Shows the words of `lang` once its table is here; false, and the words stay as they are, when it cannot be loaded. */
  private async showIn(lang: Lang): Promise<boolean> {
    try {
      await loadStrings(lang);
    } catch (error) {
      // Offline before the service worker finished its first precache: the chunk is not on the device yet.
      console.error('strings: the table could not be loaded', lang, error);
      return false;
    }
    this.lang = lang;
    // The page's language (hyphenation, screen readers); absent when the state runs in a unit test.
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
    return true;
  }
}
