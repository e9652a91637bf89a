// This device's preferences as runes: the author's name, the grid's text size and whether tall rows fold.
// Each is read once at start and saved when the user changes it; the language stays with AppState, whose words depend on it.
import * as repo from '../db/repository.ts';
import type { QuadroDatabase } from '../db/repository.ts';

/** A−/A+ steps, as factors of the default text size (the textScale setting's values). */
export const TEXT_SCALES = repo.TEXT_SCALES;
/** The step a stored size off the list starts from: 100%. */
const DEFAULT_SCALE_INDEX = TEXT_SCALES.indexOf(1);

export class DeviceSettings {
  /** The name edits are signed with ("" until the person gives one). */
  author = $state('');
  /** The grid's text size, one of TEXT_SCALES. */
  textScale = $state(1);
  /** Tall rows show only their first lines. */
  collapseTall = $state(false);

  constructor(private readonly db: QuadroDatabase) {}

  /** Reads the stored preferences (each setting's fallback when none is stored). */
  async load(): Promise<void> {
    const [author, textScale, collapseTall] = await Promise.all([
      repo.readSetting(this.db, 'author'),
      repo.readSetting(this.db, 'textScale'),
      repo.readSetting(this.db, 'collapseTallRows'),
    ]);
    this.author = author;
    this.textScale = textScale;
    this.collapseTall = collapseTall;
  }

  /** The name as edits carry it. */
  get signature(): string {
    return this.author.trim();
  }

  async setAuthor(name: string): Promise<void> {
    this.author = name.trim();
    await repo.saveSetting(this.db, 'author', this.author);
  }

  /** A− (-1) or A+ (+1): one step of text size, never past either end of TEXT_SCALES. */
  async stepTextScale(direction: -1 | 1): Promise<void> {
    const index = TEXT_SCALES.indexOf(this.textScale as (typeof TEXT_SCALES)[number]);
    const next = TEXT_SCALES[Math.min(TEXT_SCALES.length - 1, Math.max(0, (index < 0 ? DEFAULT_SCALE_INDEX : index) + direction))] ?? 1;
    this.textScale = next;
    await repo.saveSetting(this.db, 'textScale', next);
  }

  async setCollapseTall(collapse: boolean): Promise<void> {
    this.collapseTall = collapse;
    await repo.saveSetting(this.db, 'collapseTallRows', collapse);
  }
}
