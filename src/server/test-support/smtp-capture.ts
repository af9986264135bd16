import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly language: string | undefined;
  /** Every header as sent, by lower-case name (e.g. `list-unsubscribe`). */
  readonly headers: ReadonlyMap<string, string>;
}

/** A real SMTP server, in-process, that keeps every message it receives for the tests to read. */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData: (stream, _session, callback) => {
      simpleParser(stream).then(async (parsed) => {
        // A slow mail server, for tests that need mail in flight when something fails.
        if (this.options.delayMs) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
        const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
        this.messages.push({
          to: to ?? '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          language: parsed.headers.get('content-language')?.toString(),
          headers: new Map(
            parsed.headerLines.map((line) => [line.key, line.line.slice(line.line.indexOf(':') + 1).trim()]),
          ),
        });
        callback();
      }, callback);
    },
  });
  url = '';

  constructor(private readonly options: { delayMs?: number } = {}) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Waits for the next message to `to` that arrives after the ones already read. */
  async nextTo(to: string, after = 0, timeoutMs = 10_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(after).find((message) => message.to === to);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No mail to ${to} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The token of the first link in a mail (`...#token=...`). */
export function tokenFromMail(mail: CapturedMail): string {
  const match = /#token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`No link with a token in: ${mail.text}`);
  return match[1];
}
