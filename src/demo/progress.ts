import { SingleBar } from 'cli-progress';
import { onRowsLoaded } from './insert.ts';

/** Rows the demo generator bulk-loads at scale 1 (seed 1), to size the progress bar; a larger scale grows about in proportion. */
const BULK_ROWS_AT_SCALE_1 = 180_000;

export interface SeedProgress {
  /** Stops reporting (once; later calls answer the same): the rows loaded and the seconds since it began. */
  finish(): { rows: number; seconds: number };
}

type ErrorStream = { write(text: string): unknown; isTTY?: boolean };

/**
 * A progress bar of the rows the demo generator loads, on standard error when
 * that is a terminal (nothing otherwise, so logs and pipes stay clean).
 */
export function startSeedProgress(stderr: ErrorStream, scale: number): SeedProgress {
  const started = performance.now();
  let rows = 0;
  const bar = stderr.isTTY
    ? new SingleBar({
        stream: stderr as NodeJS.WriteStream,
        format: 'Loading the demo council {bar} {percentage}% | {value} of about {total} rows | {table}',
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
      })
    : undefined;
  bar?.start(Math.max(1000, Math.round(BULK_ROWS_AT_SCALE_1 * scale)), 0, { table: '' });
  const stop = onRowsLoaded((table, batch) => {
    rows += batch.length;
    if (bar) {
      if (rows > bar.getTotal()) bar.setTotal(rows);
      bar.update(rows, { table });
    }
  });
  let finished: { rows: number; seconds: number } | undefined;
  return {
    finish() {
      if (!finished) {
        stop();
        bar?.stop();
        finished = { rows, seconds: (performance.now() - started) / 1000 };
      }
      return finished;
    },
  };
}

/** The closing line: how many rows, how long, and rows per second. */
export function loadedLine(rows: number, seconds: number): string {
  const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
  return `Loaded ${rows.toLocaleString('en-GB')} rows in ${seconds.toFixed(1)} s: ${rate.toLocaleString('en-GB')} rows per second (generation and load together).`;
}
