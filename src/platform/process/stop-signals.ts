import { constants } from 'node:os';

export const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export interface StopSignalOptions {
  /** Stops taking work, finishes what is in flight and closes what is open. */
  stop(signal: StopSignal): Promise<void>;
  exit(code: number): void;
  log?(message: string): void;
  /** Where the signals come from (the process, or a stand-in in tests). */
  source?: { on(signal: StopSignal, listener: () => void): unknown };
}

/**
 * SIGTERM (what a container or service manager sends) and SIGINT (Ctrl-C)
 * stop the server the same way: the first one stops it cleanly and exits 0
 * (1 if stopping failed); a second one, for a stop that hangs, exits at once
 * with the signal's conventional code (128 + its number).
 */
export function onStopSignals(options: StopSignalOptions): void {
  const log = options.log ?? ((message: string) => console.log(message));
  const source = options.source ?? process;
  let stopping = false;
  for (const signal of STOP_SIGNALS) {
    source.on(signal, () => {
      if (stopping) {
        log(`${signal} again: stopping now, without waiting.`);
        options.exit(128 + constants.signals[signal]);
        return;
      }
      stopping = true;
      log(`${signal}: stopping…`);
      options.stop(signal).then(
        () => options.exit(0),
        (error: unknown) => {
          console.error('Stopping failed:', error);
          options.exit(1);
        },
      );
    });
  }
}

/**
 * npm runs a script through a shell. Sent SIGTERM (as a container or a
 * service manager stops `npm start`), npm passes the signal to that shell,
 * which dies without passing it on, and the server ran on with nobody to
 * stop it. So a server started by npm stops, as if sent SIGTERM itself, when
 * the process that started it goes away. (Started directly, it gets the
 * signal itself and is not watched: `nohup node …` must outlive its shell.)
 */
export function stopWhenParentGoes(options: { everyMs?: number } = {}): void {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(watch);
      process.kill(process.pid, 'SIGTERM');
    }
  }, options.everyMs ?? 500);
  watch.unref();
}
