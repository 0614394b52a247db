/** QR codes as a matrix of dark modules, for drawing as vector rectangles (no image). */
import { create } from 'qrcode';

/** A QR code's modules: `dark(row, column)`, `size` modules a side (quiet zone not included). */
export interface QrMatrix {
  size: number;
  dark(row: number, column: number): boolean;
}

/** The QR code of `text`, error correction M (a printed code survives small stains and folds). */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, column) => Boolean(modules.get(row, column)) };
}

/** The dark runs of each row, [row, first column, length]: one rectangle per run instead of per module. */
export function darkRuns(matrix: QrMatrix): [row: number, column: number, length: number][] {
  const runs: [number, number, number][] = [];
  for (let row = 0; row < matrix.size; row++) {
    let start = -1;
    for (let column = 0; column <= matrix.size; column++) {
      const dark = column < matrix.size && matrix.dark(row, column);
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        runs.push([row, start, column - start]);
        start = -1;
      }
    }
  }
  return runs;
}
