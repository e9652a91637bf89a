// The plans as the user handles them: switch, create (empty, same structure, next year), rename, duplicate,
// delete, restore the original 2012 plan. Each write is one undo step (through `app.changes`).
import * as repo from '../db/repository.ts';
import { loadDefaultPlan } from '../seed/default-plan.ts';
import { clock } from '../model/clock.ts';
import { latestYearOf, planStructure, rollPlanForward, rolledName, type NewPlanKind } from './new-plan.ts';
import { askValidTitle } from './titles.ts';
import type { AppState } from './app.svelte.ts';
import { whenSeedComplete } from './seed-rest.ts';

export class PlanCommands {
  constructor(private readonly app: AppState) {}

  private get by(): { by: string } {
    return { by: this.app.device.signature };
  }

  private title(text: string, dialogTitle: string): Promise<string | null> {
    return askValidTitle(text, 'plan', dialogTitle, this.app.lang);
  }

  /** Opens a plan (and an area of it): another plan brings its own undo history and its unsaved texts. */
  async open(planId: string | null, areaId?: string, history: 'push' | 'replace' = 'push'): Promise<void> {
    const { app } = this;
    const changedPlan = planId !== app.nav.planId;
    await app.nav.openPlan(planId, areaId, history);
    if (changedPlan) {
      await app.changes.load();
      await app.pending.loadSaved();
    }
  }

  async create(name: string): Promise<void> {
    const { app } = this;
    const checked = await this.title(name, app.t.newPlanName);
    if (checked === null) return;
    const firstArea = { title: app.t.newAreaDefault, columnTitles: [app.t.ambitoColumn] };
    const plan = await app.changes.write(() => repo.createPlan(app.db, checked, this.by, firstArea));
    await app.nav.refreshPlans();
    if (plan) await this.open(plan.id);
  }

  /** A new plan from the current one: its structure with empty cells, or the whole plan a year on. */
  async createFrom(kind: Exclude<NewPlanKind, 'empty'>, name: string): Promise<void> {
    const { app } = this;
    const planId = app.nav.planId;
    const checked = planId ? await this.title(name, app.t.newPlanName) : null;
    if (!planId || checked === null) return;
    name = checked;
    // The first start's bundled plan may still be writing its other areas' rows: the whole plan is read below.
    await whenSeedComplete(app.db);
    const doc = await repo.loadPlanDocument(app.db, planId);
    if (!doc) return;
    const now = clock().now();
    const newId = (): string => crypto.randomUUID();
    const next =
      kind === 'structure'
        ? planStructure(doc, name.trim(), now, app.device.signature, newId)
        : rollPlanForward(doc, name.trim(), now, new Date(now).getUTCFullYear(), newId);
    const plan = await app.changes.write(() => repo.addPlanDocument(app.db, next, this.by));
    await app.nav.refreshPlans();
    if (plan) await this.open(plan.id);
  }

  /** The name suggested for a new plan of a kind. */
  async suggestedName(kind: NewPlanKind): Promise<string> {
    const { app } = this;
    const current = app.nav.plan?.name ?? '';
    if (kind === 'empty' || !app.nav.planId) return app.t.newPlanDefault;
    if (kind === 'structure') return `${current} ${app.t.structureSuffix}`;
    const doc = await repo.loadPlanDocument(app.db, app.nav.planId);
    const year = doc ? latestYearOf(doc) : null;
    const rolled = rolledName(current, year);
    return rolled === current ? `${current} ${app.t.rolledSuffix}` : rolled;
  }

  async rename(name: string): Promise<void> {
    const { app } = this;
    const planId = app.nav.planId;
    const checked = planId ? await this.title(name, app.t.renamePlan) : null;
    if (!planId || checked === null) return;
    await app.changes.write(() => repo.renamePlan(app.db, planId, checked, this.by));
    await app.nav.refreshPlans();
  }

  async duplicate(name: string): Promise<void> {
    const { app } = this;
    const planId = app.nav.planId;
    const checked = planId ? await this.title(name, app.t.duplicatePlan) : null;
    if (!planId || checked === null) return;
    await whenSeedComplete(app.db);
    const plan = await app.changes.write(() => repo.duplicatePlan(app.db, planId, checked, this.by));
    await app.nav.refreshPlans();
    if (plan) await this.open(plan.id);
  }

  async delete(): Promise<void> {
    const { app } = this;
    const planId = app.nav.planId;
    if (!planId) return;
    await app.changes.write(() => repo.deletePlan(app.db, planId, this.by));
    await app.nav.refreshPlans();
    await this.open(app.nav.plans[0]?.id ?? null, undefined, 'replace');
  }

  async restoreOriginal(): Promise<void> {
    const { app } = this;
    const plan = await app.changes.write(() => repo.restoreOriginalPlan(app.db, loadDefaultPlan, app.t.restoredName, this.by));
    await app.nav.refreshPlans();
    if (plan) await this.open(plan.id);
  }
}
