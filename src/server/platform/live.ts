import { EventEmitter } from 'node:events';
import type { NotificationKind } from '../../shared/vocabulary';

/** Something members should see at once: a new notification for each of `userIds`. */
export interface LiveEvent {
  readonly userIds: readonly string[];
  readonly kind: NotificationKind;
  readonly conversationId: string | null;
}

/** What a listener hears: an event, or word that the channel was down and events may have been missed. */
export type LiveSignal = { readonly type: 'event'; readonly event: LiveEvent } | { readonly type: 'reconnected' };

/**
 * Carries live events between the instances of the app: within the process on SQLite (one process
 * serves a database file), through PostgreSQL's LISTEN/NOTIFY otherwise (see the dialects), so a
 * member connected to one instance hears of a message sent through another.
 */
export interface LiveChannel {
  /** Sends to every instance, this one included. Call it after the write it announces has committed. */
  publish(event: LiveEvent): Promise<void>;
  listen(listener: (signal: LiveSignal) => void): void;
  close(): Promise<void>;
}

/** The channel of a single process. */
export function localLiveChannel(): LiveChannel {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(event) {
      emitter.emit('signal', { type: 'event', event } satisfies LiveSignal);
    },
    listen(listener) {
      emitter.on('signal', listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/** Receives a member's signals while one of their streams is open. */
export type LiveSubscriber = (signal: LiveSignal) => void;

/**
 * This process's open streams, by member: hands each event from the channel to the streams of the
 * members it names, and a `reconnected` signal to every stream (they then fetch what they missed).
 */
export class LiveHub {
  private readonly subscribers = new Map<string, Set<LiveSubscriber>>();
  /** How to end each open stream, for `disconnectAll`. */
  private readonly enders = new Set<() => void>();

  constructor(readonly channel: LiveChannel) {
    channel.listen((signal) => {
      if (signal.type === 'reconnected') {
        for (const set of this.subscribers.values()) for (const subscriber of set) subscriber(signal);
        return;
      }
      for (const userId of signal.event.userIds)
        for (const subscriber of this.subscribers.get(userId) ?? []) subscriber(signal);
    });
  }

  /**
   * Starts handing the member's signals to `subscriber`; returns the function that stops it. `end`
   * closes the stream, when the app closes.
   */
  subscribe(userId: string, subscriber: LiveSubscriber, end?: () => void): () => void {
    let set = this.subscribers.get(userId);
    if (!set) {
      set = new Set();
      this.subscribers.set(userId, set);
    }
    set.add(subscriber);
    if (end) this.enders.add(end);
    return () => {
      if (end) this.enders.delete(end);
      set.delete(subscriber);
      if (set.size === 0 && this.subscribers.get(userId) === set) this.subscribers.delete(userId);
    };
  }

  /** Open streams in this process (for the health of a deployment and the benchmark). */
  get streamCount(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  /** Ends every stream's subscription; called when the app closes. */
  disconnectAll(): void {
    const enders = [...this.enders];
    this.enders.clear();
    for (const end of enders) end();
    this.subscribers.clear();
  }
}
