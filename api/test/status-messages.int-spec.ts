import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import {
  documentLoader,
  generateIssuerKeyPair,
  signPresentation,
  type JsonObject,
} from '@kindred/certificates';
import { createTestApp, type Agent, type TestApp } from './support/app.js';
import { people } from './support/certificates.js';
import { KeyringService } from '../src/certificates/keyring.service.js';

// Bitstring Status List entries of more than one bit (issue 14, "Status lists"): a `message` entry with
// statusSize, statusMessage and statusReference is issued on request, its value is set through the VC-API
// status route, and every verifier (the API, presentations, an independent library) reads the same message.

let t: TestApp;
let coordinator: Agent;
let orgId: string;
let token: string;
let did: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ coordinator, orgId } = await people(t));
  token = (
    await coordinator.agent
      .post(`/api/organizations/${orgId}/api-clients`)
      .set('x-csrf-token', coordinator.csrf)
      .send({ name: 'status messages' })
      .expect(201)
  ).body.token;
  did = (await t.app.get(KeyringService).activeKey(orgId)).key.did;
});
afterAll(() => t.close());

const V2 = 'https://www.w3.org/ns/credentials/v2';
const MESSAGES = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'pending review' },
  { status: '0x2', message: 'renewal due' },
  { status: '0x3', message: 'undefined' },
];
const REFERENCE = 'https://kindred.example/status-messages';
const messageEntry = (extra: object = {}) => ({
  type: 'BitstringStatusListEntry',
  statusPurpose: 'message',
  statusSize: 2,
  statusMessage: MESSAGES,
  statusReference: REFERENCE,
  ...extra,
});
const withMessage = (entry: object = messageEntry()) => [
  { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' },
  { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' },
  entry,
];

const credential = (extra: object = {}) => ({
  '@context': [V2],
  type: ['VerifiableCredential'],
  issuer: did,
  credentialSubject: { id: 'did:example:volunteer-14' },
  ...extra,
});
const issue = (body: object, app: TestApp = t) =>
  app.http().post('/api/credentials/issue').set('authorization', `Bearer ${token}`).send(body);
const setStatus = (body: object) =>
  t.http().post('/api/credentials/status').set('authorization', `Bearer ${token}`).send(body);
const verify = (signed: object, app: TestApp = t) =>
  app.http().post('/api/credentials/verify').send({ verifiableCredential: signed });
const statusCheck = (body: { checks: { id: string }[] }) =>
  body.checks.find((c) => c.id === 'status') as unknown as {
    passed: boolean;
    detail: string;
    statusMessages?: { status: string; message: string; valid: boolean }[];
  };
const entries = (signed: JsonObject) => signed.credentialStatus as Record<string, any>[];

/** The message entry's value read with @digitalbazaar's decoder from the list as served, its proof checked by vc.verifyCredential. */
async function independentValue(entry: Record<string, any>): Promise<number> {
  const list = (await t.http().get(new URL(entry.statusListCredential).pathname).expect(200))
    .body as JsonObject;
  const checked = await vc.verifyCredential({
    credential: list,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
  });
  expect(checked.verified).toBe(true);
  expect(list.credentialSubject).toMatchObject({
    type: 'BitstringStatusList',
    statusPurpose: 'message',
  });
  const bits = await decodeList({
    encodedList: (list.credentialSubject as { encodedList: string }).encodedList,
  });
  // 131,072 entries of statusSize bits: the spec's minimum counts entries, not bits
  expect(bits.length).toBe(131_072 * entry.statusSize);
  const index = Number(entry.statusListIndex);
  let value = 0;
  for (let b = 0; b < entry.statusSize; b++)
    value = value * 2 + (bits.getStatus(index * entry.statusSize + b) ? 1 : 0);
  return value;
}

describe('a message status entry', () => {
  let signed: JsonObject;

  beforeAll(async () => {
    signed = (
      await issue({
        credential: credential(),
        options: { credentialStatus: withMessage() },
      }).expect(201)
    ).body.verifiableCredential;
  });

  it('is issued as asked, after the revocation and suspension entries, on a list of its size', async () => {
    const [revocation, suspension, message] = entries(signed);
    expect(revocation).toMatchObject({ statusPurpose: 'revocation' });
    expect(revocation.statusSize).toBeUndefined();
    expect(suspension).toMatchObject({ statusPurpose: 'suspension' });
    expect(message).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusSize: 2,
      statusMessage: MESSAGES,
      statusReference: REFERENCE,
    });
    expect(message.statusListCredential).not.toBe(revocation.statusListCredential);
    const [row] = await t.db.query(
      `SELECT l.purpose, l.status_size, m.value FROM credential_status_messages m
         JOIN status_lists l ON l.id = m.list_id WHERE l.url = $1 AND m.list_index = $2`,
      [message.statusListCredential, Number(message.statusListIndex)],
    );
    expect(row).toEqual({ purpose: 'message', status_size: 2, value: 0 });
    expect(await independentValue(message)).toBe(0);
  });

  it('verifies with its message; a new value set through the status route round-trips', async () => {
    const before = await verify(signed).expect(200);
    expect(before.body.verdict).toBe('valid');
    expect(statusCheck(before.body).statusMessages).toEqual([
      {
        purpose: 'message',
        status: '0x0',
        message: 'valid',
        valid: true,
        statusReference: [REFERENCE],
      },
    ]);

    await setStatus({
      credentialId: signed.id,
      credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'message' }],
      status: '0x2',
      reason: 'renewal reminder sent',
    }).expect(200);
    const after = await verify(signed).expect(200);
    // a message is information, not a revocation: the credential stays valid
    expect(after.body.verdict).toBe('valid');
    const check = statusCheck(after.body);
    expect(check.passed).toBe(true);
    expect(check.statusMessages).toEqual([
      expect.objectContaining({ status: '0x2', message: 'renewal due', valid: false }),
    ]);
    expect(check.detail).toMatch(/^Not revoked .* Not suspended/);
    expect(await independentValue(entries(signed)[2])).toBe(2);

    // as a number too, and audited under the client with both messages
    await setStatus({
      credentialId: signed.id,
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'message' },
      status: 1,
    }).expect(200);
    expect(await independentValue(entries(signed)[2])).toBe(1);
    const audit = await t.db.query(
      `SELECT details FROM audit_log WHERE subject = $1 AND action = 'credential.status_message' ORDER BY seq`,
      [signed.id],
    );
    expect(
      audit.map((a: { details: any }) => [a.details.from.message, a.details.to.message]),
    ).toEqual([
      ['valid', 'renewal due'],
      ['renewal due', 'pending review'],
    ]);
    // revocation and suspension are untouched by a message
    expect((await verify(signed).expect(200)).body.verdict).toBe('valid');
  });

  it('reads the same in a presentation', async () => {
    const holder = await generateIssuerKeyPair();
    const { challenge } = (
      await t.http().post('/api/presentations/challenges').send({}).expect(201)
    ).body;
    const vp = await signPresentation([signed], holder, { challenge });
    const res = await t
      .http()
      .post('/api/presentations/verify')
      .send({ verifiablePresentation: vp, options: { challenge } })
      .expect(200);
    expect(statusCheck(res.body.credentialResults[0]).statusMessages).toEqual([
      expect.objectContaining({ status: '0x1', message: 'pending review' }),
    ]);
  });

  it('refuses a value the credential does not define, naming the field', async () => {
    for (const status of ['0x3', 4, '0x10', 'renewal due', true]) {
      const res = await setStatus({
        credentialId: signed.id,
        credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'message' }],
        status,
      }).expect(422);
      expect(res.body.problemDetails[0].detail).toMatch(/^status must be one of the values/);
    }
    expect(await independentValue(entries(signed)[2])).toBe(1);
  });

  it('is refused where the credential has no message entry', async () => {
    const plain = (await issue({ credential: credential() }).expect(201)).body.verifiableCredential;
    const res = await setStatus({
      credentialId: plain.id,
      credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'message' }],
      status: 1,
    }).expect(409);
    expect(res.body.problemDetails[0].detail).toMatch(/no message status entry/);
  });
});

describe('malformed message entries', () => {
  const cases: [string, object, RegExp][] = [
    ['no statusSize', messageEntry({ statusSize: undefined }), /\[2\]\.statusSize is required/],
    [
      'statusSize 0',
      messageEntry({ statusSize: 0 }),
      /\[2\]\.statusSize must be an integer from 1 to 8/,
    ],
    ['statusSize 9', messageEntry({ statusSize: 9 }), /statusSize must be an integer from 1 to 8/],
    ['statusSize "2"', messageEntry({ statusSize: '2' }), /statusSize must be an integer/],
    [
      'no statusMessage',
      messageEntry({ statusMessage: undefined }),
      /\[2\]\.statusMessage is required/,
    ],
    [
      'statusMessage of statusSize elements (not 2^statusSize)',
      messageEntry({ statusMessage: MESSAGES.slice(0, 2) }),
      /\[2\]\.statusMessage must have 4 elements/,
    ],
    [
      'a status that is not 0x hex',
      messageEntry({
        statusMessage: [MESSAGES[0], { status: '1', message: 'x' }, ...MESSAGES.slice(2)],
      }),
      /\[2\]\.statusMessage\[1\]\.status must be a hexadecimal value/,
    ],
    [
      'a repeated status',
      messageEntry({ statusMessage: [MESSAGES[0], MESSAGES[0], ...MESSAGES.slice(2)] }),
      /\[2\]\.statusMessage\[1\]\.status repeats/,
    ],
    [
      'a message that is not text',
      messageEntry({ statusMessage: [MESSAGES[0], { status: '0x1' }, ...MESSAGES.slice(2)] }),
      /\[2\]\.statusMessage\[1\]\.message must be a non-empty string/,
    ],
    [
      'a statusReference that is not a URL',
      messageEntry({ statusReference: 'see our website' }),
      /\[2\]\.statusReference must be a URL/,
    ],
    [
      'statusSize on a revocation entry',
      { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusSize: 2 },
      /\[2\]: Kindred's revocation lists are one bit/,
    ],
  ];

  it.each(cases)(
    'refuses %s with 422 naming the field, and issues nothing',
    async (_, entry, detail) => {
      const id = `urn:uuid:${crypto.randomUUID()}`;
      const res = await issue({
        credential: credential({ id }),
        options: { credentialStatus: withMessage(entry) },
      }).expect(422);
      expect(res.body.problemDetails.map((p: { detail: string }) => p.detail).join(' ')).toMatch(
        detail,
      );
      // nothing half-written: the same id issues afterwards
      await issue({ credential: credential({ id }) }).expect(201);
    },
  );

  it('refuses two message entries and a bad purpose', async () => {
    const two = await issue({
      credential: credential(),
      options: {
        credentialStatus: [
          messageEntry(),
          messageEntry({ statusSize: 1, statusMessage: MESSAGES.slice(0, 2) }),
        ],
      },
    }).expect(422);
    expect(two.body.problemDetails[0].detail).toMatch(
      /\[1\]: a credential can have one message entry/,
    );
    const refresh = await issue({
      credential: credential(),
      options: { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'refresh' } },
    }).expect(400);
    expect(refresh.body.problemDetails[0].detail).toMatch(/^options\.credentialStatus must be/);
  });

  it('refuses a caller’s own malformed entry in the credential, naming it', async () => {
    const res = await issue({
      credential: credential({
        credentialStatus: {
          id: 'https://status.example/8#5',
          type: 'BitstringStatusListEntry',
          statusPurpose: 'message',
          statusListIndex: '5',
          statusListCredential: 'https://status.example/8',
          statusSize: 2,
          statusMessage: MESSAGES.slice(0, 3),
        },
      }),
    }).expect(400);
    expect(res.body.problemDetails[0].detail).toMatch(
      /credentialStatus\.statusMessage must have 4 elements/,
    );
  });
});

describe('status-list URLs under an https PUBLIC_URL', () => {
  let https: TestApp;
  beforeAll(async () => {
    https = await createTestApp({ PUBLIC_URL: 'https://kindred.example' });
  });
  afterAll(() => https.close());

  it('are https at that origin, lists already made at another origin included; older credentials still verify', async () => {
    // made (or re-homed) at http://localhost:3999 by this file's own app first
    const older = (
      await issue({
        credential: credential(),
        options: { credentialStatus: withMessage() },
      }).expect(201)
    ).body.verifiableCredential;
    expect(entries(older)[0].statusListCredential).toMatch(/^http:\/\/localhost:3999\//);

    const signed = (
      await issue(
        { credential: credential(), options: { credentialStatus: withMessage() } },
        https,
      ).expect(201)
    ).body.verifiableCredential;
    for (const entry of entries(signed)) {
      expect(entry.statusListCredential).toMatch(
        /^https:\/\/kindred\.example\/api\/status-lists\//,
      );
      expect(entry.id).toMatch(/^https:\/\/kindred\.example\//);
      const list = (
        await https.http().get(new URL(entry.statusListCredential).pathname).expect(200)
      ).body;
      expect(list.id).toBe(entry.statusListCredential);
    }
    expect((await verify(signed, https).expect(200)).body.verdict).toBe('valid');
    expect((await verify(older, https).expect(200)).body.verdict).toBe('valid');
    // the older credential's message entry is still found on its (re-homed) list
    await setStatus({
      credentialId: older.id,
      credentialStatus: [{ type: 'BitstringStatusListEntry', statusPurpose: 'message' }],
      status: '0x2',
    }).expect(200);
    const read = await verify(older, https).expect(200);
    expect(statusCheck(read.body).statusMessages?.[0]).toMatchObject({ message: 'renewal due' });
  });
});
