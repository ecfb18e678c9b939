import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { signEndorsement, type EndorsementInput } from './credential.js';
import type { JsonObject } from './json.js';
import { exportKeyPair, type IssuerKeyPair, type KeyPairJson } from './keys.js';
import { renderCertificatePdf, type CertificatePdfInput } from './pdf.js';
import { signCredential, type Signed } from './sign.js';

export interface SigningPoolOptions {
  /** worker threads; 0 signs on the caller's thread. Default: one per core, at most 4. */
  threads?: number;
  /** the worker script (tests that run this package from source point at the built one) */
  workerFile?: URL;
}

export const defaultSigningThreads = () => Math.min(4, availableParallelism());

/**
 * Signing, endorsing and rendering certificates in worker threads (piscina), so a batch uses every core and the
 * thread that answers HTTP is never busy canonicalizing JSON-LD. The results are the same bytes the library
 * makes on the caller's thread (Ed25519 is deterministic; a test compares them). Workers start on first use and
 * stop when idle.
 */
export class SigningPool {
  readonly threads: number;
  private readonly pool?: Piscina;
  private readonly exported = new WeakMap<IssuerKeyPair, KeyPairJson>();

  constructor(options: SigningPoolOptions = {}) {
    this.threads = Math.max(0, Math.floor(options.threads ?? defaultSigningThreads()));
    if (this.threads === 0) return;
    const file = options.workerFile ?? new URL('./signing-worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(file)))
      throw new Error(
        `the signing worker ${fileURLToPath(file)} is missing: build @kindred/certificates`,
      );
    this.pool = new Piscina({
      filename: file.href,
      minThreads: 0,
      maxThreads: this.threads,
      idleTimeout: 60_000,
    });
  }

  async signCredential<T extends JsonObject>(
    unsigned: T,
    key: IssuerKeyPair,
    options: { created?: Date } = {},
  ): Promise<Signed<T>> {
    if (!this.pool) return signCredential(unsigned, key, options);
    return (await this.pool.run(
      { unsigned, key: this.secretOf(key), created: options.created },
      { name: 'credential' },
    )) as Signed<T>;
  }

  async signEndorsement(input: EndorsementInput, key: IssuerKeyPair): Promise<Signed<JsonObject>> {
    if (!this.pool) return signEndorsement(input, key);
    return (await this.pool.run(
      { input, key: this.secretOf(key) },
      { name: 'endorsement' },
    )) as Signed<JsonObject>;
  }

  async renderPdf(input: CertificatePdfInput): Promise<Buffer> {
    if (!this.pool) return renderCertificatePdf(input);
    const bytes = (await this.pool.run({ input }, { name: 'pdf' })) as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** tasks the workers finished (0 without threads) */
  get completed(): number {
    return this.pool?.completed ?? 0;
  }

  async destroy(): Promise<void> {
    await this.pool?.destroy();
  }

  /** The key with its private half, as the worker imports it (exported once per key). */
  private secretOf(key: IssuerKeyPair): KeyPairJson {
    let json = this.exported.get(key);
    if (!json) {
      json = exportKeyPair(key, { includeSecret: true });
      this.exported.set(key, json);
    }
    return json;
  }
}
