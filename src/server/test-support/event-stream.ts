import type { Readable } from 'node:stream';

/** One Server-Sent Event as a client receives it; `comment` for a line starting with `:` (a heartbeat). */
export interface ReceivedEvent {
  readonly event: string;
  readonly data: string;
  readonly comment?: string;
}

/**
 * Reads a text/event-stream as a browser's EventSource would (blocks separated by a blank line,
 * `event:` and `data:` fields, `:` comments), and lets a test wait for the next event it cares about.
 */
export class EventStreamReader {
  private buffer = '';
  private readonly received: ReceivedEvent[] = [];
  private waiting: (() => void)[] = [];
  ended = false;

  constructor(private readonly body: Readable) {
    body.setEncoding('utf8');
    body.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        this.received.push(parseBlock(block));
      }
      this.wake();
    });
    body.on('end', () => {
      this.ended = true;
      this.wake();
    });
    body.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  /** Everything received so far. */
  get events(): readonly ReceivedEvent[] {
    return this.received;
  }

  /** Waits until an event matching `wanted` has arrived (searching from `from`), or fails after `timeoutMs`. */
  async next(wanted: (event: ReceivedEvent) => boolean, timeoutMs = 5000, from = 0): Promise<ReceivedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find(wanted);
      if (found) return found;
      if (this.ended) throw new Error(`the stream ended; received ${JSON.stringify(this.received)}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching event within ${timeoutMs} ms; received ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.body.destroy();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

function parseBlock(block: string): ReceivedEvent {
  let event = 'message';
  const data: string[] = [];
  let comment: string | undefined;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) comment = line.slice(1).trim();
    else if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  return {
    event: comment !== undefined && data.length === 0 ? 'comment' : event,
    data: data.join('\n'),
    ...(comment !== undefined ? { comment } : {}),
  };
}
