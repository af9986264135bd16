import { NOTIFICATION_KIND, type NotificationKind } from '../../../shared/vocabulary';

/** Something new for the signed-in member: its kind and the conversation it concerns. */
export interface LiveNotice {
  readonly kind: NotificationKind;
  readonly conversationId: string | null;
}

/** A notice, or `resync`: events may have been missed (after a reconnection), so fetch again. */
export type LiveSignal = LiveNotice | 'resync';
type LiveListener = (signal: LiveSignal) => void;

export const STREAM_URL = '/api/notifications/stream';
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;

const listeners = new Set<LiveListener>();
let source: EventSource | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryMs = RETRY_FIRST_MS;
let connectedBefore = false;

function emit(signal: LiveSignal): void {
  for (const listener of [...listeners]) listener(signal);
}

function parseNotice(data: unknown): LiveNotice | undefined {
  try {
    const value = JSON.parse(String(data)) as { kind?: unknown; conversationId?: unknown };
    if (typeof value.kind !== 'string' || !NOTIFICATION_KIND.has(value.kind)) return undefined;
    return {
      kind: value.kind as NotificationKind,
      conversationId: typeof value.conversationId === 'string' ? value.conversationId : null,
    };
  } catch {
    return undefined;
  }
}

function connect(): void {
  retryTimer = undefined;
  const stream = new EventSource(STREAM_URL);
  source = stream;
  stream.addEventListener('ready', () => {
    retryMs = RETRY_FIRST_MS;
    // Connected again after a break: whatever happened meanwhile was not heard.
    if (connectedBefore) emit('resync');
    connectedBefore = true;
  });
  stream.addEventListener('notification', (event) => {
    const notice = parseNotice((event as MessageEvent).data);
    emit(notice ?? 'resync');
  });
  stream.addEventListener('resync', () => emit('resync'));
  stream.addEventListener('error', () => {
    // While CONNECTING the browser retries by itself; once CLOSED (an error answer, e.g. after a
    // restart of the server) it gives up, so try again later, waiting longer each time.
    if (stream.readyState !== EventSource.CLOSED || source !== stream) return;
    source = undefined;
    retryTimer = setTimeout(connect, retryMs);
    retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
  });
}

function disconnect(): void {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  source?.close();
  source = undefined;
  connectedBefore = false;
  retryMs = RETRY_FIRST_MS;
}

/**
 * Listens to the member's live notifications. One stream serves the whole tab: it opens with the
 * first listener and closes when the last one leaves. Answers the function that stops listening.
 */
export function listenLive(listener: LiveListener): () => void {
  listeners.add(listener);
  if (!source && retryTimer === undefined) connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) disconnect();
  };
}
