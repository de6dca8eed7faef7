import type { FastifyInstance, FastifyRequest } from 'fastify';
import { nodeTimers, type Timers } from '../scheduler/scheduler.ts';
import { DatabaseUnavailable } from './errors.ts';

/**
 * Admission control in front of the database. The embedded database serves one
 * query at a time: when fifty requests each send their dozen queries at once,
 * the queries interleave and every request finishes late, some past the
 * client's time-out. Letting a few requests in at a time, the rest waiting in
 * arrival order, lets each run its queries back to back: the same work, but
 * most requests finish early instead of all finishing late. A request that
 * waits longer than the bounded wait is answered 503 with Retry-After, through
 * the error handler's usual 503 path.
 *
 * Per process on purpose: it protects this process's own database connection
 * (or pool), so nothing is shared with other instances.
 */

/** How the queue waits: Node's timers, or a test's own (the scheduler's, one-off only). */
export type AdmissionTimers = Pick<Timers, 'after'>;

/** A request waited longer than the bounded wait: the service is too busy to take it now. */
export class AdmissionTimedOut extends DatabaseUnavailable {}

/** One request's place: in the queue, then holding a slot, then done. */
export interface AdmissionTicket {
  /** Resolves when the request may go on; rejects with AdmissionTimedOut when the wait runs out. */
  readonly admitted: Promise<void>;
  /** Gives the slot back, or leaves the queue; safe to call more than once, at any stage. */
  release(): void;
}

export interface AdmissionOptions {
  /** Requests let in at once (at least 1). */
  concurrency: number;
  /** The longest a request waits in the queue before it is answered 503. */
  maxWaitMs: number;
  timers?: AdmissionTimers;
}

interface Waiter {
  admit(): void;
  cancelTimer: () => void;
}

export class AdmissionQueue {
  readonly concurrency: number;
  readonly maxWaitMs: number;
  private readonly timers: AdmissionTimers;
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(options: AdmissionOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new RangeError('concurrency must be a whole number of at least 1');
    if (!(options.maxWaitMs >= 0)) throw new RangeError('maxWaitMs must be 0 or more');
    this.concurrency = options.concurrency;
    this.maxWaitMs = options.maxWaitMs;
    this.timers = options.timers ?? nodeTimers;
  }

  /** Requests holding a slot now. */
  get inFlight(): number {
    return this.running;
  }

  /** Requests waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Takes a slot now if one is free, or joins the back of the queue. */
  acquire(): AdmissionTicket {
    let state: 'waiting' | 'running' | 'done' = 'waiting';
    let waiter: Waiter | undefined;
    const release = () => {
      if (state === 'running') {
        state = 'done';
        this.running -= 1;
        this.admitNext();
      } else if (state === 'waiting') {
        state = 'done';
        if (waiter) this.leave(waiter);
      }
    };
    if (this.running < this.concurrency && this.waiting.length === 0) {
      this.running += 1;
      state = 'running';
      return { admitted: Promise.resolve(), release };
    }
    const admitted = new Promise<void>((resolve, reject) => {
      const w: Waiter = {
        admit: () => {
          w.cancelTimer();
          state = 'running';
          resolve();
        },
        cancelTimer: () => {},
      };
      w.cancelTimer = this.timers.after(this.maxWaitMs, () => {
        if (state !== 'waiting') return;
        state = 'done';
        this.leave(w);
        reject(new AdmissionTimedOut());
      });
      waiter = w;
      this.waiting.push(w);
    });
    // A ticket released while waiting never settles; one timed out rejects, and
    // the caller may not be listening any more (the client went away).
    admitted.catch(() => {});
    return { admitted, release };
  }

  private leave(waiter: Waiter): void {
    waiter.cancelTimer();
    const at = this.waiting.indexOf(waiter);
    if (at >= 0) this.waiting.splice(at, 1);
  }

  private admitNext(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.running += 1;
      next.admit();
    }
  }
}

export interface AdmissionPluginOptions extends AdmissionOptions {
  /** Requests that never wait: static assets and the health endpoint. */
  bypass?: (request: FastifyRequest) => boolean;
}

/** Static assets touch no database; the health endpoint must answer a load balancer at once. */
export function defaultBypass(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0]!;
  return path.startsWith('/assets/') || path === '/health';
}

/**
 * Registers the queue as the first onRequest hook of `app` (register it before
 * the hooks that read the session, so those reads queue too). The slot is held
 * until the response is finished or its connection closed (the client went
 * away, or a time-out destroyed the socket), so none is ever lost.
 */
export function registerAdmission(app: FastifyInstance, options: AdmissionPluginOptions): AdmissionQueue {
  const queue = new AdmissionQueue(options);
  const bypass = options.bypass ?? defaultBypass;
  app.addHook('onRequest', async (request, reply) => {
    if (bypass(request)) return;
    const ticket = queue.acquire();
    if (reply.raw.destroyed || reply.raw.writableFinished) {
      ticket.release();
      return;
    }
    reply.raw.once('close', ticket.release);
    await ticket.admitted;
  });
  return queue;
}
