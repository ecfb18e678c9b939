// A worker of the signing pool (signing-pool.ts): the CPU-heavy steps of issuance, off the caller's thread.
import { signEndorsement, type EndorsementInput } from './credential.js';
import type { JsonObject } from './json.js';
import { importKeyPair, type IssuerKeyPair, type KeyPairJson } from './keys.js';
import { renderCertificatePdf, type CertificatePdfInput } from './pdf.js';
import { signCredential } from './sign.js';

// Keys arrive with each task (a worker may be new); importing one is cached by its verification method.
const keys = new Map<string, Promise<IssuerKeyPair>>();

function keyOf(json: KeyPairJson): Promise<IssuerKeyPair> {
  let key = keys.get(json.id);
  if (!key) {
    key = importKeyPair(json);
    keys.set(json.id, key);
    key.catch(() => keys.delete(json.id));
  }
  return key;
}

export async function credential(task: {
  unsigned: JsonObject;
  key: KeyPairJson;
  created?: Date;
}): Promise<JsonObject> {
  return signCredential(task.unsigned, await keyOf(task.key), { created: task.created });
}

export async function endorsement(task: {
  input: EndorsementInput;
  key: KeyPairJson;
}): Promise<JsonObject> {
  return signEndorsement(task.input, await keyOf(task.key));
}

export async function pdf(task: { input: CertificatePdfInput }): Promise<Uint8Array> {
  return renderCertificatePdf(task.input);
}
