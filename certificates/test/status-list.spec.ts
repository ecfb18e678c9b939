import {
  buildStatusListCredential,
  issueStatusListCredential,
  randomFreeIndex,
  readStatusBit,
  STATUS_LIST_LENGTH,
  statusEntry,
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
