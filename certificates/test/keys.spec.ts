import {
  decryptSecret,
  encryptSecret,
  exportKeyPair,
  generateIssuerKeyPair,
  generateKek,
  importKeyPair,
  sealKeyPair,
  unsealKeyPair,
} from '../src/index.js';

describe('issuer keys', () => {
  it('are Ed25519 did:keys whose verification method is the key itself', async () => {
    const key = await generateIssuerKeyPair();
    expect(key.did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
    expect(key.verificationMethod).toBe(`${key.did}#${key.did.slice('did:key:'.length)}`);
    expect(key.canSign).toBe(true);
  });

  it('export and import as Multikey JSON, with or without the secret half', async () => {
    const key = await generateIssuerKeyPair();
    const publicJson = exportKeyPair(key);
    expect(publicJson).toEqual({
      '@context': 'https://w3id.org/security/multikey/v1',
      id: key.verificationMethod,
      type: 'Multikey',
      controller: key.did,
      publicKeyMultibase: key.publicKeyMultibase,
    });
    expect((await importKeyPair(publicJson)).canSign).toBe(false);
    const full = JSON.parse(JSON.stringify(exportKeyPair(key, { includeSecret: true })));
    expect(full.secretKeyMultibase).toMatch(/^z/);
    const imported = await importKeyPair(full);
    expect(imported.did).toBe(key.did);
    expect(imported.canSign).toBe(true);
  });

  it('refuse JSON whose ids are not its own did:key', async () => {
    const key = await generateIssuerKeyPair();
    const other = await generateIssuerKeyPair();
    await expect(importKeyPair({ ...exportKeyPair(key), controller: other.did })).rejects.toThrow(
      /do not match/,
    );
  });
});

describe('encryption at rest', () => {
  it('round-trips with the right key-encryption key', () => {
    const kek = generateKek();
    const sealed = encryptSecret('{"secret":"value"}', kek, 'did:key:z6Mkx');
    expect(sealed).toMatch(/^kindred-aes-256-gcm\.v1\./);
    expect(sealed).not.toContain('value');
    expect(decryptSecret(sealed, kek, 'did:key:z6Mkx')).toBe('{"secret":"value"}');
    expect(encryptSecret('same', kek)).not.toBe(encryptSecret('same', kek));
  });

  it('fails with a wrong KEK, the wrong associated data, or altered ciphertext', () => {
    const kek = generateKek();
    const sealed = encryptSecret('private', kek, 'a');
    expect(() => decryptSecret(sealed, generateKek(), 'a')).toThrow(/wrong key-encryption key/);
    expect(() => decryptSecret(sealed, kek, 'b')).toThrow(/wrong key-encryption key/);
    const altered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => decryptSecret(altered, kek, 'a')).toThrow();
    expect(() => decryptSecret('garbage', kek)).toThrow(/not a sealed secret/);
    expect(() => encryptSecret('x', Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('seals a key pair bound to its did and unseals it only with the same KEK and did', async () => {
    const key = await generateIssuerKeyPair();
    const other = await generateIssuerKeyPair();
    const kek = generateKek();
    const sealed = sealKeyPair(key, kek);
    expect(sealed).not.toContain(exportKeyPair(key, { includeSecret: true }).secretKeyMultibase);
    const unsealed = await unsealKeyPair(sealed, kek, key.did);
    expect(exportKeyPair(unsealed, { includeSecret: true })).toEqual(
      exportKeyPair(key, { includeSecret: true }),
    );
    await expect(unsealKeyPair(sealed, generateKek(), key.did)).rejects.toThrow(
      /wrong key-encryption key/,
    );
    await expect(unsealKeyPair(sealed, kek, other.did)).rejects.toThrow(/wrong key-encryption key/);
  });
});
