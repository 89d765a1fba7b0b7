import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

/**
 * Where messages go. E-mail goes to SMTP when ELVAKT_SMTP_URL is set; SMS to an HTTP
 * gateway when ELVAKT_SMS_URL is set. Without them (the embedded default and the demo)
 * messages are written as files into DATA_DIR/mail and DATA_DIR/sms, so nothing is sent
 * anywhere by accident and a developer can read them.
 */
export interface MessageSender {
  readonly channel: 'email' | 'sms';
  send(to: string, subject: string, text: string): Promise<void>;
}

export class SmtpSender implements MessageSender {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(to: string, subject: string, text: string): Promise<void> {
    await this.transport.sendMail({ from: this.from, to, subject, text });
  }
}

/**
 * A JSON-over-HTTP SMS gateway: `POST {url}` with `{ "to": "+47…", "text": "…" }` and a
 * bearer token; any 2xx is delivered. Timeouts and non-2xx answers throw, and the outbox
 * retries with backoff.
 */
export class HttpSmsSender implements MessageSender {
  readonly channel = 'sms' as const;

  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(to: string, _subject: string, text: string): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ to, text }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  }
}

export class FileDropSender implements MessageSender {
  constructor(
    readonly channel: 'email' | 'sms',
    private readonly dir: string,
  ) {}

  async send(to: string, subject: string, text: string): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.txt`;
    fs.writeFileSync(path.join(this.dir, name), `To: ${to}\nSubject: ${subject}\n\n${text}\n`, {
      mode: 0o600,
    });
  }
}
