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
  /** `subjectId`: whose message it is (null for none), so a copy kept here can be found again. */
  send(to: string, subject: string, text: string, subjectId?: string | null): Promise<void>;
  /** Removes every copy this sender keeps of a person's messages (only the file drop keeps any). */
  forget?(subjectId: string): number;
  /** The people whose messages this sender keeps copies of. */
  keptSubjects?(): string[];
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

/** A copy's name ends with the subject's random id (never an address): `<time>-<random>.<id>.txt`. */
const DROP_NAME = /^[\w-]+\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.txt$/;

/**
 * Writes each message as a file. The file holds the address and the text, so it is personal
 * data: its name carries the subject's id, and erasure removes that person's files.
 */
export class FileDropSender implements MessageSender {
  constructor(
    readonly channel: 'email' | 'sms',
    private readonly dir: string,
  ) {}

  async send(to: string, subject: string, text: string, subjectId?: string | null): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const owner = subjectId ? `.${subjectId.toLowerCase()}` : '';
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}${owner}.txt`;
    fs.writeFileSync(path.join(this.dir, name), `To: ${to}\nSubject: ${subject}\n\n${text}\n`, {
      mode: 0o600,
    });
  }

  private files(): { name: string; subjectId: string }[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    return names.flatMap((name) => {
      const m = DROP_NAME.exec(name);
      return m?.[1] ? [{ name, subjectId: m[1] }] : [];
    });
  }

  forget(subjectId: string): number {
    const id = subjectId.toLowerCase();
    let removed = 0;
    for (const f of this.files()) {
      if (f.subjectId !== id) continue;
      fs.rmSync(path.join(this.dir, f.name), { force: true });
      removed++;
    }
    return removed;
  }

  keptSubjects(): string[] {
    return [...new Set(this.files().map((f) => f.subjectId))];
  }
}
