// Indicators as runes: the plan's proposed indicators, the person's decisions on them, and the two exports.
import { csvFileName } from '../csv/index.ts';
import * as repo from '../db/repository.ts';
import { saveBlob } from '../files/save-blob.ts';
import {
  applyDecisions,
  applyKindDecisions,
  confirmDecision,
  extractPlanQuantities,
  kindDecision,
  kindKey,
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
import { whenSeedComplete } from './seed-rest.ts';

export class IndicatorsState {
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  /** A decision that could not be stored: the message says so, nothing else changes. */
  saveFailed = $state(false);
  doc = $state.raw<PlanDocument | null>(null);
  /** Every quantity as the words and columns say it, before anyone decided. */
  quantities = $state.raw<PlacedQuantity[]>([]);
  decisions = $state.raw<IndicatorDecision[]>([]);
  /** The quantities with the kinds people gave the uncertain ones ("È un obiettivo"), rejected ones left out. */
  decidedQuantities: PlacedQuantity[] = $derived(applyKindDecisions(this.quantities, this.decisions));
  proposals: IndicatorPair[] = $derived(this.doc ? proposePairs(this.doc, undefined, this.decidedQuantities) : []);
  indicators: Indicator[] = $derived(applyDecisions(this.proposals, this.decisions));

  #app: AppState;

  constructor(app: AppState) {
    this.#app = app;
  }

  /** Reads the plan as it is stored now and the decisions taken on it, and proposes again. */
  async load(): Promise<void> {
    const planId = this.#app.nav.planId;
    this.status = 'loading';
    try {
      await whenSeedComplete(this.#app.db);
      const doc = planId ? await repo.loadPlanDocument(this.#app.db, planId) : undefined;
      if (!doc) {
        this.status = 'failed';
        return;
      }
      const records = await repo.listIndicatorRecords(this.#app.db, doc.plan.id);
      this.decisions = records.map((record) => restoreDecision(record.value)).filter((d) => d !== undefined);
      this.quantities = extractPlanQuantities(doc);
      this.doc = doc;
      this.status = 'ready';
    } catch (error) {
      console.error('indicators: load failed', error);
      this.status = 'failed';
    }
  }

  /** Confirms a proposal, as it is or corrected (planned, achieved, unit). */
  async confirm(indicator: Indicator, correction: { planned?: number; achieved?: number; unit?: string } = {}): Promise<void> {
    await this.#store(indicator, confirmDecision(indicator, clock().now(), this.#app.device.signature, correction));
  }

  /** Rejects a proposal: it leaves the dashboard and is not proposed again while its words stay. */
  async reject(indicator: Indicator): Promise<void> {
    await this.#store(indicator, rejectDecision(indicator, clock().now(), this.#app.device.signature));
  }

  /** "È un obiettivo" / "È un risultato": settles the kind of a quantity whose words did not say. */
  async decideKind(indicator: Indicator, kind: 'target' | 'result'): Promise<void> {
    await this.#store(indicator, kindDecision(indicator, kind, clock().now(), this.#app.device.signature));
  }

  /** The kind a person gave the quantities of an indicator, if any ("Deciso: obiettivo"). */
  decidedKindOf(indicator: Indicator): 'target' | 'result' | undefined {
    const keys = new Set([kindKey(indicator.planned), ...(indicator.achieved ? [kindKey(indicator.achieved)] : [])]);
    return this.decisions.find((d) => keys.has(d.key))?.kind;
  }

  /** Forgets the decisions on an indicator (and on the kind of its quantities): it is a proposal again. One write. */
  async reopen(indicator: Indicator): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    const keys = new Set([indicator.key, kindKey(indicator.planned), ...(indicator.achieved ? [kindKey(indicator.achieved)] : [])]);
    const forgotten = this.decisions.filter((d) => keys.has(d.key)).map((d) => d.key);
    if (forgotten.length === 0) return;
    await this.#write(async () => {
      await repo.deleteIndicatorRecords(this.#app.db, forgotten.map((key) => recordId(doc.plan.id, key)));
      this.decisions = this.decisions.filter((d) => !keys.has(d.key));
    });
  }

  /** "Esporta indicatori": the quantities file and the pairs file, in the plan export's conventions. */
  async exportCsv(): Promise<File[]> {
    const doc = this.doc;
    if (!doc) return [];
    const delimiter = await repo.readSetting(this.#app.db, 'csvDelimiter');
    const date = clock().now();
    const name = (suffix: string): string =>
      csvFileName({ planName: doc.plan.name, areaTitle: suffix, date, author: this.#app.device.signature });
    const files = [
      new File([serializeQuantitiesCsv(doc, this.decidedQuantities, delimiter)], name('indicatori-quantita'), { type: 'text/csv;charset=utf-8' }),
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
        id: recordId(doc.plan.id, decision.key),
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
