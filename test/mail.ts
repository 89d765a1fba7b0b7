import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { MessageSender } from '../src/modules/notifications/senders.ts';

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export const startSmtp = async (): Promise<{ url: string; messages: string[]; close(): Promise<void> }> => {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => {
        data += c.toString('utf8');
      });
      stream.on('end', () => {
        messages.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** Keeps messages in memory, for tests that read a one-time code. */
export class MemorySender implements MessageSender {
  readonly sent: { to: string; subject: string; text: string }[] = [];
  constructor(readonly channel: 'email' | 'sms') {}
  async send(to: string, subject: string, text: string): Promise<void> {
    this.sent.push({ to, subject, text });
  }
  /** The code in the most recent message that carries one (for a request of that kind, if given). */
  lastCode(kind?: string): string | undefined {
    for (let i = this.sent.length - 1; i >= 0; i--) {
      const text = this.sent[i]?.text ?? '';
      if (kind && !text.includes(`(${kind})`)) continue;
      const code = /Koden din er (\d{6})/.exec(text)?.[1];
      if (code) return code;
    }
    return undefined;
  }
}

/** The text of a received message with quoted-printable undone (long lines and non-ASCII arrive encoded). */
export const mailText = (raw: string): string =>
  Buffer.from(
    raw
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

/** An SMS gateway speaking our JSON-over-HTTP protocol that keeps what it receives; it fails the first `failFirst` calls on purpose. */
export const startSmsGateway = async (options: { failFirst?: number } = {}) => {
  const received: { auth: string | undefined; body: { to: string; text: string } }[] = [];
  let calls = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      calls++;
      if (calls <= (options.failFirst ?? 0)) {
        res.writeHead(500).end('try later');
        return;
      }
      received.push({ auth: req.headers.authorization, body: JSON.parse(body) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};
