// Indicators as runes: the plan's proposed indicators, the person's decisions on them, and the two exports.
import { csvFileName } from '../csv/index.ts';
import * as repo from '../db/repository.ts';
import { saveBlob } from '../files/save-blob.ts';
import {
  applyDecisions,
  confirmDecision,
  extractPlanQuantities,
  proposePairs,
  rejectDecision,
  restoreDecision,
  serializePairsCsv,
  serializeQuantitiesCsv,
  type Indicator,
  type IndicatorDecision,
  type IndicatorPair,
  type PlacedQuantity,
} from '../indicators/index.ts';
import { clock } from '../model/clock.ts';
import { hashText } from '../model/plan.ts';
import type { PlanDocument } from '../model/types.ts';
import type { AppState } from './app.svelte.ts';
import { trackWrite } from './pending-writes.ts';

export class IndicatorsState {
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  /** A decision that could not be stored: the message says so, nothing else changes. */
  saveFailed = $state(false);
  doc = $state.raw<PlanDocument | null>(null);
  quantities = $state.raw<PlacedQuantity[]>([]);
  proposals = $state.raw<IndicatorPair[]>([]);
  decisions = $state.raw<IndicatorDecision[]>([]);
  indicators: Indicator[] = $derived(applyDecisions(this.proposals, this.decisions));

  #app: AppState;

  constructor(app: AppState) {
    this.#app = app;
  }

  /** Reads the plan as it is stored now and the decisions taken on it, and proposes again. */
  async load(): Promise<void> {
    const planId = this.#app.planId;
    this.status = 'loading';
    try {
      const doc = planId ? await repo.loadPlanDocument(this.#app.db, planId) : undefined;
      if (!doc) {
        this.status = 'failed';
        return;
      }
      const records = await repo.listIndicatorRecords(this.#app.db, doc.plan.id);
      this.doc = doc;
      this.quantities = extractPlanQuantities(doc);
      this.proposals = proposePairs(doc, undefined, this.quantities);
      this.decisions = records.map((record) => restoreDecision(record.value)).filter((d) => d !== undefined);
      this.status = 'ready';
    } catch (error) {
      console.error('indicators: load failed', error);
      this.status = 'failed';
    }
  }

  /** Confirms a proposal, as it is or corrected (planned, achieved, unit). */
  async confirm(indicator: Indicator, correction: { planned?: number; achieved?: number; unit?: string } = {}): Promise<void> {
    await this.#store(indicator, confirmDecision(indicator, clock().now(), this.#app.signature, correction));
  }

  /** Rejects a proposal: it leaves the dashboard and is not proposed again while its words stay. */
  async reject(indicator: Indicator): Promise<void> {
    await this.#store(indicator, rejectDecision(indicator, clock().now(), this.#app.signature));
  }

  /** Forgets the decision on an indicator: it is a proposal again. */
  async reopen(indicator: Indicator): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    await this.#write(async () => {
      await repo.deleteIndicatorRecord(this.#app.db, recordId(doc.plan.id, indicator.key));
      this.decisions = this.decisions.filter((d) => d.key !== indicator.key);
    });
  }

  /** "Esporta indicatori": the quantities file and the pairs file, in the plan export's conventions. */
  async exportCsv(): Promise<File[]> {
    const doc = this.doc;
    if (!doc) return [];
    const delimiter = await repo.readSetting(this.#app.db, 'csvDelimiter');
    const date = clock().now();
    const name = (suffix: string): string =>
      csvFileName({ planName: doc.plan.name, areaTitle: suffix, date, author: this.#app.signature });
    const files = [
      new File([serializeQuantitiesCsv(doc, this.quantities, delimiter)], name('indicatori-quantita'), { type: 'text/csv;charset=utf-8' }),
      new File([serializePairsCsv(doc, this.indicators, delimiter)], name('indicatori-coppie'), { type: 'text/csv;charset=utf-8' }),
    ];
    for (const file of files) saveBlob(file, file.name);
    return files;
  }

  async #store(indicator: Indicator, decision: IndicatorDecision): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    await this.#write(async () => {
      await repo.saveIndicatorRecord(this.#app.db, {
        id: recordId(doc.plan.id, indicator.key),
        planId: doc.plan.id,
        areaId: indicator.areaId,
        rowId: indicator.rowId,
        value: decision,
      });
      this.decisions = [...this.decisions.filter((d) => d.key !== decision.key), decision];
    });
  }

  async #write(work: () => Promise<void>): Promise<void> {
    this.saveFailed = false;
    try {
      await trackWrite(work());
    } catch (error) {
      console.error('indicators: write failed', error);
      this.saveFailed = true;
    }
  }
}

/** One record per plan and proposal key: deciding again replaces the earlier decision. */
function recordId(planId: string, key: string): string {
  return `${planId}:${hashText(key)}`;
}
