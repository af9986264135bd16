import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from './config';
import { randomToken } from './crypto';
import { defineJob } from './jobs';
import { Type } from 'typebox';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly language: string;
  /** Extra headers, e.g. List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A mail composed already, waiting to be sent: the outbox of work that must compose a mail once
 * (a digest) and send it at least once. Enqueue it in the transaction that records the composing.
 */
export const PREPARED_MAIL_JOB = defineJob(
  'prepared-mail',
  Type.Object({
    to: Type.String({ minLength: 1 }),
    subject: Type.String(),
    text: Type.String(),
    language: Type.String(),
    headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
);

/**
 * Sends e-mail through SMTP when SMTP_URL is set. Otherwise each message is written to MAIL_DIR as
 * an .eml file and its path is logged, so someone running the app on a laptop can still open the
 * links. Log lines never carry the message itself: it may hold a sign-in link.
 */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly config: MailConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    this.transport = config.smtpUrl
      ? nodemailer.createTransport(config.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.transport.sendMail({
      from: this.config.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      headers: { 'Content-Language': mail.language, ...mail.headers },
    });
    if (this.config.smtpUrl) {
      this.log.info({ messageId: info.messageId }, 'mail sent');
      return;
    }
    mkdirSync(this.config.mailDir, { recursive: true });
    const file = join(this.config.mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomToken(4)}.eml`);
    writeFileSync(file, (info as unknown as { message: Buffer }).message);
    this.log.info({ file }, 'mail written to a file (no SMTP_URL is set)');
  }
}
