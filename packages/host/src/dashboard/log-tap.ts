import { EventEmitter } from 'node:events';
import type { LogEntry } from '../types';

export interface TappedLog extends LogEntry {
  at: string;
}

/**
 * Made before the host and passed as its `log` option, so actor logs reach the dashboard's stream
 * (the host takes its sink at construction). Keeps the last lines for a page that opens later, and
 * still forwards each line (by default to stderr, as the host would).
 */
export class LogTap extends EventEmitter {
  readonly recent: TappedLog[] = [];
  readonly #forward?: (entry: LogEntry) => void;
  readonly #keep: number;

  constructor(options: { forward?: (entry: LogEntry) => void; keep?: number } = {}) {
    super();
    this.#forward = options.forward;
    this.#keep = options.keep ?? 200;
  }

  /** Pass as HostOptions.log. */
  readonly sink = (entry: LogEntry): void => {
    this.#forward?.(entry);
    this.push(entry);
  };

  push(entry: LogEntry): void {
    const line: TappedLog = { ...entry, at: new Date().toISOString() };
    this.recent.push(line);
    if (this.recent.length > this.#keep) this.recent.splice(0, this.recent.length - this.#keep);
    this.emit('line', line);
  }
}
