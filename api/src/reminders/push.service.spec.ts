import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import webpush from 'web-push';
import type { AppConfig } from '../config/config.js';
import { PushService } from './push.service.js';

// The endpoint of a push subscription comes from a browser, that is from anyone signed in. Without a
// test's own agent, PushService must not connect to a private or local address: a TCP server on the
// loopback counts connections, and none may arrive, whether the endpoint names it by IP or by name.
describe('push to a private address', () => {
  let server: Server;
  let connections = 0;
  let port: number;
  beforeAll(async () => {
    server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const keys = () => {
    const { publicKey } = webpush.generateVAPIDKeys();
    return { p256dh: publicKey, auth: Buffer.alloc(16, 7).toString('base64url') };
  };
  const service = () =>
    new PushService({
      vapid: { ...webpush.generateVAPIDKeys(), subject: 'mailto:test@example.org' },
    } as AppConfig);
  const message = { title: 't', body: 'b', url: '/learn', tag: 'x', skip: 's' };

  it.each(['127.0.0.1', 'localhost'])('refuses %s and never connects', async (host) => {
    const result = await service().send(
      { endpoint: `https://${host}:${port}/push/x`, ...keys() },
      message,
      60,
    );
    expect(result).toBe('failed');
    expect(connections).toBe(0);
  });
});
