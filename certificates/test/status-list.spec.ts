import {
  buildStatusListCredential,
  issueStatusListCredential,
  randomFreeIndex,
  readStatusBit,
  STATUS_LIST_LENGTH,
  statusEntry,
  statusMessageProblems,
  StatusList,
  verifyCredential,
} from '../src/index.js';
import { makeOrg } from './support/factory.js';

describe('StatusList', () => {
  it('has 131,072 entries, all clear, and sets and clears single bits', async () => {
    const list = StatusList.create();
    expect(list.length).toBe(STATUS_LIST_LENGTH);
    list.set(0);
    list.set(131_071);
    list.set(5000);
    list.clear(5000);
    const decoded = await StatusList.decode(await list.encode());
    expect(decoded.length).toBe(STATUS_LIST_LENGTH);
    expect([0, 1, 5000, 131_071].map((i) => decoded.get(i))).toEqual([true, false, false, true]);
  });

  it('holds entries of statusSize bits, the first bit the most significant', async () => {
    const list = StatusList.create(STATUS_LIST_LENGTH, 3);
    expect(list.length).toBe(3 * STATUS_LIST_LENGTH);
    expect(list.entries(3)).toBe(STATUS_LIST_LENGTH);
    list.setValue(0, 3, 5);
    list.setValue(131_071, 3, 7);
    list.setValue(9, 3, 6);
    list.setValue(9, 3, 1);
    const decoded = await StatusList.decode(await list.encode());
    expect([0, 1, 9, 131_071].map((i) => decoded.value(i, 3))).toEqual([5, 0, 1, 7]);
    // 5 = 101: bits 0..2 of the bitstring
    expect([0, 1, 2].map((b) => decoded.get(b))).toEqual([true, false, true]);
    expect(() => list.setValue(1, 3, 8)).toThrow(/does not fit in 3 bits/);
    expect(() => list.value(STATUS_LIST_LENGTH, 3)).toThrow(RangeError);
  });

  it('checks statusSize, statusMessage and statusReference against the spec, naming each field', () => {
    const messages = (n: number) =>
      Array.from({ length: n }, (_, k) => ({ status: `0x${k.toString(16)}`, message: `m${k}` }));
    expect(statusMessageProblems({ statusSize: 2, statusMessage: messages(4) }, 'e')).toEqual([]);
    expect(statusMessageProblems({ statusMessage: messages(2) }, 'e')).toEqual([]);
    expect(statusMessageProblems({ statusSize: 2 }, 'e')).toEqual([
      'e.statusMessage must be present when statusSize is greater than 1.',
    ]);
    expect(statusMessageProblems({ statusSize: 2, statusMessage: messages(2) }, 'e')).toEqual([
      'e.statusMessage must have 4 elements (2 to the power of statusSize 2), not 2.',
    ]);
    expect(statusMessageProblems({ statusSize: 0 }, 'e')[0]).toMatch(/^e\.statusSize must be/);
    expect(
      statusMessageProblems(
        { statusSize: 1, statusMessage: messages(2), statusReference: [1] },
        'e',
      ),
    ).toEqual(['e.statusReference must be a URL or an array of URLs.']);
  });

  it('refuses lists shorter than the spec minimum and indexes outside the list', () => {
    expect(() => StatusList.create(1024)).toThrow(/at least 131072/);
    expect(() => StatusList.create().set(STATUS_LIST_LENGTH)).toThrow(RangeError);
    expect(() => statusEntry('https://x.example/l', -1, 'revocation')).toThrow(RangeError);
  });

  it('is published as a signed BitstringStatusListCredential with validUntil and ttl', async () => {
    const org = await makeOrg('City', 'https://city.example');
    const list = StatusList.create();
    list.set(42);
    const validFrom = new Date('2026-01-01T00:00:00Z');
    const unsigned = await buildStatusListCredential({
      id: 'https://k.example/lists/1',
      issuer: org.key.did,
      purpose: 'revocation',
      list,
      validFrom,
      ttlMs: 60_000,
    });
    expect(unsigned).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      validFrom: '2026-01-01T00:00:00Z',
      validUntil: '2026-01-08T00:00:00Z',
      credentialSubject: {
        id: 'https://k.example/lists/1#list',
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        ttl: 60_000,
      },
    });
    const signed = await issueStatusListCredential(
      { id: 'https://k.example/lists/1', issuer: org.key.did, purpose: 'revocation', list },
      org.key,
    );
    expect(await readStatusBit(signed, 42)).toBe(true);
    expect(await readStatusBit(signed, 43)).toBe(false);
    const result = await verifyCredential(signed, { getStatusList: async () => undefined });
    expect(result.checks.find((c) => c.id === 'signature')?.passed).toBe(true);
  });
});

describe('statusEntry', () => {
  it('points at one bit of a list', () => {
    expect(statusEntry('https://k.example/lists/1', 9, 'suspension')).toEqual({
      id: 'https://k.example/lists/1#9',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'suspension',
      statusListIndex: '9',
      statusListCredential: 'https://k.example/lists/1',
    });
  });

  // The spec (Bitstring Status List v1.0, BitstringStatusListEntry): "the number of status messages MUST equal
  // the number of possible values" — 2^statusSize, its own example has statusSize 2 with 0x0.. messages. The
  // W3C suite's tests/10-data_model.js (lines 202-203 and 225-226 at 5cdc562) compare it with statusSize
  // itself; Kindred follows the spec (README, W3C section).
  it.each([1, 2, 3])(
    'carries statusSize %i with 2^statusSize messages 0x0.. and statusReference',
    (size) => {
      const statusMessage = Array.from({ length: 2 ** size }, (_, k) => ({
        status: `0x${k.toString(16)}`,
        message: `value ${k}`,
      }));
      const entry = statusEntry('https://k.example/lists/m', 7, 'message', {
        statusSize: size,
        statusMessage,
        statusReference: 'https://k.example/status-dictionary/',
      });
      expect(entry).toEqual({
        id: 'https://k.example/lists/m#7',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'message',
        statusListIndex: '7',
        statusListCredential: 'https://k.example/lists/m',
        statusSize: size,
        statusMessage,
        statusReference: 'https://k.example/status-dictionary/',
      });
      expect((entry.statusMessage as unknown[]).length).toBe(2 ** size);
      expect(entry.statusMessage).not.toBe(statusMessage); // a copy: later edits don't change signed entries
      expect(statusMessageProblems(entry, 'credentialStatus')).toEqual([]);
      // the count the W3C suite expects (statusSize itself) is refused at every size, 1 included (2 ≠ 1)
      expect(
        statusMessageProblems(
          { ...entry, statusMessage: statusMessage.slice(0, size) },
          'credentialStatus',
        ),
      ).toContain(
        `credentialStatus.statusMessage must have ${2 ** size} elements (2 to the power of statusSize ${size}), not ${size}.`,
      );
    },
  );

  it('leaves statusReference out when none is given', () => {
    const entry = statusEntry('https://k.example/lists/m', 0, 'message', {
      statusSize: 1,
      statusMessage: [
        { status: '0x0', message: 'valid' },
        { status: '0x1', message: 'renewal due' },
      ],
    });
    expect(entry).not.toHaveProperty('statusReference');
    expect(entry.statusSize).toBe(1);
  });
});

describe('randomFreeIndex', () => {
  it('never returns a used index and spreads over the whole list', () => {
    const used = new Set<number>();
    for (let i = 0; i < 2000; i++) used.add(randomFreeIndex(used));
    expect(used.size).toBe(2000);
    expect(Math.max(...used)).toBeGreaterThan(STATUS_LIST_LENGTH / 2);
  });

  it('finds the last free index of a nearly full list, and fails on a full one', () => {
    const used = new Set(Array.from({ length: 99 }, (_, i) => i).filter((i) => i !== 37));
    expect(randomFreeIndex(used, 99)).toBe(37);
    used.add(37);
    expect(() => randomFreeIndex(used, 99)).toThrow(/full/);
  });
});
