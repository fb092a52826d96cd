import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from './dispatch.ts';
import type { Notification } from './types.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signPayload, verifySignature } from './webhook.ts';

const notification: Notification = {
  event: 'alert.fired',
  title: 'Alert: MRR fell 6%',
  text: 'mrr changed by -60 (-6.0%) from 2024-02 to 2024-03 <see dashboard>',
  data: { ruleId: 'mrr-drop', value: -0.06 },
};

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let http: Server;
let httpUrl = '';
const received: Received[] = [];

let smtp: SMTPServer;
let smtpPort = 0;
const mails: { from: string; to: string[]; raw: string }[] = [];

beforeAll(async () => {
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = req.url === '/fail' ? 500 : 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('signatures', () => {
  it('verifies its own signature and rejects tampering and stale timestamps', () => {
    const sig = signPayload('s3cret', 1_700_000_000, '{"a":1}');
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret', 1_700_000_000, '{"a":1}', sig, 1_700_000_010)).toBe(true);
    expect(verifySignature('s3cret', 1_700_000_000, '{"a":2}', sig, 1_700_000_010)).toBe(false);
    expect(verifySignature('other', 1_700_000_000, '{"a":1}', sig, 1_700_000_010)).toBe(false);
    expect(verifySignature('s3cret', 1_700_000_000, '{"a":1}', sig, 1_700_001_000)).toBe(false);
  });
});

describe('deliver', () => {
  it('posts a signed webhook the receiver can verify', async () => {
    received.length = 0;
    const [result] = await deliver(
      [{ type: 'webhook', url: `${httpUrl}/hook`, secret: 'whsec_test' }],
      notification,
    );
    expect(result).toEqual({ channel: `webhook ${httpUrl}`, ok: true });
    const req = received[0]!;
    expect(req.path).toBe('/hook');
    const signature = String(req.headers[SIGNATURE_HEADER]);
    const timestamp = Number(req.headers[TIMESTAMP_HEADER]);
    expect(verifySignature('whsec_test', timestamp, req.body, signature)).toBe(true);
    expect(verifySignature('wrong', timestamp, req.body, signature)).toBe(false);
    expect(JSON.parse(req.body)).toEqual({
      event: 'alert.fired',
      title: notification.title,
      text: notification.text,
      data: notification.data,
    });
  });

  it('posts a Slack-format message with escaped text', async () => {
    received.length = 0;
    await deliver([{ type: 'slack', url: `${httpUrl}/slack` }], notification);
    const body = JSON.parse(received[0]!.body) as {
      text: string;
      blocks: { text: { text: string } }[];
    };
    expect(body.text).toBe(notification.title);
    expect(body.blocks[1]!.text.text).toContain('&lt;see dashboard&gt;');
  });

  it('reports a failing channel without stopping the others', async () => {
    received.length = 0;
    const results = await deliver(
      [
        { type: 'slack', url: `${httpUrl}/fail` },
        { type: 'slack', url: `${httpUrl}/ok` },
        { type: 'email', to: ['x@example.com'] },
      ],
      notification,
      { smtp: null },
    );
    expect(results.map((r) => r.ok)).toEqual([false, true, false]);
    expect(results[0]!.error).toContain('HTTP 500');
    expect(results[2]!.error).toContain('NORTHSTAR_SMTP_URL');
  });

  it('sends an email through a real SMTP server', async () => {
    mails.length = 0;
    const [result] = await deliver(
      [{ type: 'email', to: ['founder@example.com', 'cfo@example.com'] }],
      { ...notification, html: '<p>MRR fell</p>' },
      {
        smtp: {
          url: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
          from: 'Northstar <alerts@example.com>',
        },
      },
    );
    expect(result!.ok, result!.error).toBe(true);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.from).toBe('alerts@example.com');
    expect(mail.to).toEqual(['founder@example.com', 'cfo@example.com']);
    expect(mail.raw).toContain('Subject: Alert: MRR fell 6%');
    expect(mail.raw).toContain('mrr changed by -60');
    expect(mail.raw).toContain('<p>MRR fell</p>');
  });
});
