import {
  buildOpenBadgeCredential,
  CachedVerifier,
  embedEndorsements,
  signCredential,
  signEndorsement,
  verifyCredential,
  type Check,
  type JsonObject,
  type VerificationResult,
} from '../src/index.js';
import {
  issueCoIssued,
  makeOrg,
  makeOrgs,
  sampleInput,
  StatusLists,
  YEAR_MS,
  type Org,
} from './support/factory.js';

let city: Org;
let university: Org;
let lists: StatusLists;
let signed: JsonObject;
let known: Set<string>;

beforeAll(async () => {
  ({ city, university } = await makeOrgs());
  lists = new StatusLists(city);
  await lists.publish();
  signed = await issueCoIssued(city, university, lists);
  known = new Set([city.key.did, university.key.did]);
});

const check = (r: VerificationResult, id: Check['id']) => r.checks.find((c) => c.id === id)!;

describe('verifyCredential', () => {
  it('finds a freshly issued co-issued credential valid and lists every check', async () => {
    const r = await verifyCredential(signed, lists.options({ knownIssuers: known }));
    expect(r.verdict).toBe('valid');
    expect(r.checks.map((c) => c.id)).toEqual([
      'signature',
      'endorsements',
      'status',
      'dates',
      'issuer',
      'data_model',
    ]);
    expect(r.checks.every((c) => c.passed)).toBe(true);
    expect(check(r, 'status').network).toBe(true);
    expect(r.checks.filter((c) => c.id !== 'status').every((c) => !c.network)).toBe(true);
    expect(check(r, 'endorsements').detail).toMatch(/Passed: endorsement by Riverside University/);
    expect(r.endorsements).toEqual([
      expect.objectContaining({ endorser: university.key.did, passed: true }),
    ]);
  });

  it('reports revoked, then suspended, then valid again when the suspension is lifted', async () => {
    await lists.set('revocation', 7, true);
    expect((await verifyCredential(signed, lists.options())).verdict).toBe('revoked');
    await lists.set('revocation', 7, false);
    await lists.set('suspension', 11, true);
    const suspended = await verifyCredential(signed, lists.options());
    expect(suspended.verdict).toBe('suspended');
    expect(check(suspended, 'status').detail).toMatch(/has suspended it/);
    await lists.set('suspension', 11, false);
    expect((await verifyCredential(signed, lists.options())).verdict).toBe('valid');
  });

  it('ignores bits that belong to other credentials', async () => {
    await lists.set('revocation', 8, true);
    expect((await verifyCredential(signed, lists.options())).verdict).toBe('valid');
    await lists.set('revocation', 8, false);
  });

  it('reports expired after validUntil, and not yet valid before validFrom', async () => {
    const later = await verifyCredential(
      signed,
      lists.options({ now: new Date(Date.now() + 3 * YEAR_MS) }),
    );
    expect(later.verdict).toBe('expired');
    expect(check(later, 'dates').detail).toMatch(/expired on/);
    const future = await signCredential(
      buildOpenBadgeCredential(
        sampleInput(city, undefined, { validFrom: new Date(Date.now() + 86_400_000) }),
      ),
      city.key,
    );
    expect((await verifyCredential(future, lists.options())).verdict).toBe('not_yet_valid');
  });

  it('reports a credential signed with past dates as expired', async () => {
    const input = sampleInput(city, undefined, {
      validFrom: new Date(Date.now() - 3 * YEAR_MS),
      validUntil: new Date(Date.now() - YEAR_MS),
    });
    const old = await signCredential(buildOpenBadgeCredential(input), city.key);
    expect((await verifyCredential(old, lists.options())).verdict).toBe('expired');
  });

  it('reports an unknown issuer, and an unknown endorser', async () => {
    const r = await verifyCredential(
      signed,
      lists.options({ knownIssuers: new Set([university.key.did]) }),
    );
    expect(r.verdict).toBe('unknown_issuer');
    expect(check(r, 'issuer').detail).toMatch(/not in Kindred’s registry/);
    const noUni = await verifyCredential(
      signed,
      lists.options({ knownIssuers: new Set([city.key.did]) }),
    );
    expect(noUni.verdict).toBe('unknown_issuer');
    expect(check(noUni, 'issuer').detail).toMatch(/endorser “Riverside University”/);
  });

  it('says what it could not check when a status list is unavailable, stale, or from someone else', async () => {
    const missing = await verifyCredential(signed, { getStatusList: async () => undefined });
    expect(missing.verdict).toBe('invalid');
    expect(check(missing, 'status').detail).toMatch(/could not be retrieved/);

    const stale = new StatusLists(city);
    await stale.publish({
      validFrom: new Date(Date.now() - 10 * 86_400_000),
      validForMs: 86_400_000,
    });
    const staleCred = await issueCoIssued(city, university, stale);
    expect(check(await verifyCredential(staleCred, stale.options()), 'status').detail).toMatch(
      /has not republished it/,
    );

    const mallory = await makeOrg('Mallory', 'https://mallory.example');
    const foreign = new StatusLists(mallory);
    await foreign.publish();
    const foreignCred = await issueCoIssued(city, university, foreign);
    const r = await verifyCredential(foreignCred, foreign.options());
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'status').detail).toMatch(/not issued by the certificate’s issuer/);
  });

  it('rejects an endorsement that is about another credential, even when the issuer signed it', async () => {
    const unsigned = buildOpenBadgeCredential(sampleInput(city, university));
    const endorsement = await signEndorsement(
      {
        credentialId: unsigned.id,
        endorser: university.profile,
        comment: 'ok',
        validFrom: new Date(Date.now() - 1000),
      },
      university.key,
    );
    const other = buildOpenBadgeCredential(sampleInput(city, university));
    const moved = await signCredential({ ...other, endorsement: [endorsement] }, city.key);
    const r = await verifyCredential(moved, lists.options());
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'endorsements').detail).toMatch(/about a different credential/);
  });

  it('reports an unknown JSON-LD context by its URL without fetching it', async () => {
    const strange = {
      ...signed,
      '@context': [...(signed['@context'] as string[]), 'https://contexts.example/unknown.json'],
    };
    const r = await verifyCredential(strange, lists.options());
    expect(r.verdict).not.toBe('valid');
    expect(check(r, 'data_model').detail).toContain('https://contexts.example/unknown.json');
  });

  it('applies the VC 2.0 data model rules itself', async () => {
    const cases: [JsonObject, RegExp][] = [
      [
        { ...signed, credentialSchema: [{ id: 'https://schema.example/s.json' }] },
        /credentialSchema entry must have a type/,
      ],
      [{ ...signed, evidence: [{ name: 'no type' }] }, /evidence entry must have a type/],
      [{ ...signed, termsOfUse: { id: 'https://t.example' } }, /termsOfUse entry must have a type/],
      [
        { ...signed, refreshService: { type: 'X', id: 'not a url' } },
        /refreshService.id must be a URL/,
      ],
      [{ ...signed, id: 'not a url' }, /id must be a URL/],
      [{ ...signed, validUntil: '2020-01-01T00:00:00Z' }, /is after validUntil/],
    ];
    for (const [vc, message] of cases) {
      const r = await verifyCredential(vc, lists.options());
      expect(r.verdict).not.toBe('valid');
      expect(check(r, 'data_model').detail).toMatch(message);
    }
    expect((await verifyCredential('a string', lists.options())).verdict).toBe('invalid');
  });

  it('reports a signature check failure for an unsigned credential', async () => {
    const { proof: _proof, ...unsigned } = signed;
    const r = await verifyCredential(unsigned, lists.options());
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'signature').detail).toMatch(/not signed/);
  });
});

describe('CachedVerifier', () => {
  it('caches proofs by content but re-checks status and dates every time', async () => {
    const verifier = new CachedVerifier();
    const options = lists.options({ knownIssuers: known });
    expect((await verifier.verify(signed, options)).verdict).toBe('valid');
    const reordered = JSON.parse(
      JSON.stringify(Object.fromEntries(Object.entries(signed).reverse())),
    );
    expect((await verifier.verify(reordered, options)).verdict).toBe('valid');
    expect(verifier.size).toBe(1);
    await lists.set('revocation', 7, true);
    expect((await verifier.verify(signed, options)).verdict).toBe('revoked');
    await lists.set('revocation', 7, false);
    expect(
      (await verifier.verify(signed, { ...options, now: new Date(Date.now() + 3 * YEAR_MS) }))
        .verdict,
    ).toBe('expired');
    expect((await verifier.verify(signed, { ...options, knownIssuers: new Set() })).verdict).toBe(
      'unknown_issuer',
    );
    const tampered = { ...signed, name: 'Something else' };
    expect((await verifier.verify(tampered, options)).verdict).toBe('tampered');
    expect(verifier.size).toBe(2);
  });

  it('shares one verification between concurrent requests for the same credential', async () => {
    const verifier = new CachedVerifier({ maxEntries: 2 });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => verifier.verify(signed, lists.options())),
    );
    expect(results.every((r) => r.verdict === 'valid')).toBe(true);
    expect(verifier.size).toBe(1);
  });
});

describe('a credential without a co-issuer or status', () => {
  it('is valid and says it carries no endorsements and cannot be revoked', async () => {
    const plain = await signCredential(
      buildOpenBadgeCredential(sampleInput(city, undefined)),
      city.key,
    );
    const r = await verifyCredential(plain, { getStatusList: async () => undefined });
    expect(r.verdict).toBe('valid');
    expect(check(r, 'endorsements').detail).toMatch(/no endorsements/);
    expect(check(r, 'status')).toMatchObject({ passed: true, network: false });
  });

  it('rejects an endorsement not signed by its endorser', async () => {
    const unsigned = buildOpenBadgeCredential(sampleInput(city, university));
    const forged = await signEndorsement(
      {
        credentialId: unsigned.id,
        endorser: university.profile,
        comment: 'ok',
        validFrom: new Date(Date.now() - 1000),
      },
      university.key,
    );
    (forged.credentialSubject as JsonObject).endorsementComment = 'Accredited for 30 CEUs';
    const r = await verifyCredential(
      await signCredential(embedEndorsements(unsigned, [forged]), city.key),
      { getStatusList: async () => undefined },
    );
    expect(r.verdict).toBe('invalid');
    expect(check(r, 'signature').passed).toBe(true);
    expect(check(r, 'endorsements').detail).toMatch(
      /Failed: endorsement by Riverside University.*does not match/,
    );
  });
});
