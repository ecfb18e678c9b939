// @kindred/certificates: issue and verify Open Badges 3.0 credentials (W3C VC 2.0, Data Integrity
// eddsa-rdfc-2022, did:key issuers), their status lists, and their PDFs. No HTTP, no database.

export * from './dates.js';
export * from './document-loader.js';
export * from './did-web.js';
export * from './keys.js';
export * from './identity.js';
export * from './credential.js';
export * from './language.js';
export * from './status-list.js';
export * from './verify.js';
export * from './pdf.js';
export * from './programs.js';
export * from './eligibility.js';
export * from './pathways.js';
export * from './pathway-engine.js';
export {
  asList,
  canonicalJson,
  digestOf,
  xsdDate,
  type JsonObject,
  type JsonValue,
} from './json.js';
export { CRYPTOSUITE, issuerIdOf } from './sign.js';
export * from './presentation.js';
export {
  installFastContextClone,
  uninstallFastContextClone,
  fastContextCloneInstalled,
} from './jsonld-contexts.js';
export * from './signing-pool.js';
