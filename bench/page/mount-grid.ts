// The app's MatrixGrid mounted on the bench page the way AreaView mounts it, with no-op callbacks
// except the one a figure listens to: one place for the props every grid figure gives it.
import { mount, unmount } from 'svelte';
import MatrixGrid from '../../src/components/MatrixGrid.svelte';
import type { CellEdit } from '../../src/lib/db/repository.ts';
import type { Column, Row } from '../../src/lib/model/types.ts';

export const BENCH_LICENSE_KEY = 'non-commercial-and-evaluation';

export function mountMatrixGrid(
  stage: HTMLElement,
  columns: Column[],
  rows: Row[],
  oncellschange: (edits: CellEdit[]) => Promise<unknown> | void = () => {},
) {
  const target = document.createElement('div');
  stage.append(target);
  const grid = mount(MatrixGrid, {
    target,
    props: {
      columns,
      rows,
      revision: 0,
      licenseKey: BENCH_LICENSE_KEY,
      label: 'bench',
      oncellschange,
      onselection: () => {},
      onopeneditor: () => {},
      oncolumnresize: () => {},
    },
  });
  return {
    grid,
    destroy: () => {
      unmount(grid);
      target.remove();
    },
  };
}
