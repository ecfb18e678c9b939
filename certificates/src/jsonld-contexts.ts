import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Faster JSON-LD active-context cloning for the jsonld.js that @digitalbazaar/vc and the eddsa-rdfc-2022
 * cryptosuite use (one module instance in the process).
 *
 * jsonld 9 deep-clones the whole active context — every term definition, including the large type-scoped
 * contexts of VC 2.0 and Open Badges 3.0 that hang off them — each time expansion enters or leaves a typed
 * node. Profiles of signing and verification put that clone (util.clone + the garbage it makes) at half of
 * all CPU time. A term definition is never changed once created (createTermDefinition builds a new object
 * in the child context and only ever swaps whole definitions), so a child can share its parent's
 * definitions: a new Map over the same definition objects and a copy of the protected-term flags, which is
 * exactly what jsonld mutates in a child. Canonical N-Quads, and so every signature, are unchanged: the
 * tests compare both clones' output on our credentials, and the @digitalbazaar/vc verification tests keep
 * passing.
 *
 * Hooked into the cached initial contexts (every active context descends from one and copies its `clone`).
 * If jsonld's internals are not what this expects, nothing is changed.
 */
interface ActiveContext {
  mappings: Map<string, unknown>;
  protected: Record<string, boolean>;
  clone(this: ActiveContext): ActiveContext;
  getInverse: unknown;
  inverse: unknown;
  previousContext?: ActiveContext;
  revertToPreviousContext: unknown;
  '@base'?: unknown;
  '@language'?: unknown;
  '@vocab'?: unknown;
}

function shareDefinitions(this: ActiveContext): ActiveContext {
  const child = {
    mappings: new Map(this.mappings),
    // eslint-disable-next-line @typescript-eslint/unbound-method -- jsonld calls it as a method of the child
    clone: this.clone,
    inverse: null,
    getInverse: this.getInverse,
    protected: { ...this.protected },
  } as ActiveContext;
  if (this.previousContext) child.previousContext = this.previousContext.clone();
  child.revertToPreviousContext = this.revertToPreviousContext;
  if ('@base' in this) child['@base'] = this['@base'];
  if ('@language' in this) child['@language'] = this['@language'];
  if ('@vocab' in this) child['@vocab'] = this['@vocab'];
  return child;
}

type ContextModule = { getInitialContext(options: { processingMode?: string }): ActiveContext };

function contextModule(): ContextModule | undefined {
  try {
    const require = createRequire(import.meta.url);
    const fromVc = createRequire(require.resolve('@digitalbazaar/vc'));
    const main = fromVc.resolve('jsonld');
    const pkg = fromVc(join(dirname(main), '..', 'package.json')) as { version?: string };
    if (!pkg.version?.startsWith('9.')) return undefined;
    return fromVc(join(dirname(main), 'context.js')) as ContextModule;
  } catch {
    return undefined;
  }
}

let hooked = false;
let sharing = false;

/**
 * Puts one dispatching `clone` on jsonld's cached initial contexts (once); every active context copies it to
 * its children, including the processed contexts jsonld caches across operations, so switching the flag
 * switches every later clone. Returns whether it could hook jsonld.
 */
function hook(): boolean {
  if (hooked) return true;
  const api = contextModule();
  if (!api || typeof api.getInitialContext !== 'function') return false;
  const contexts = [undefined, 'json-ld-1.0', 'json-ld-1.1'].map((processingMode) =>
    api.getInitialContext({ processingMode }),
  );
  const looksRight = contexts.every(
    (c) =>
      c &&
      c.mappings instanceof Map &&
      c.mappings.size === 0 &&
      typeof c.protected === 'object' &&
      typeof c.clone === 'function' &&
      c.clone.name === '_cloneActiveContext',
  );
  if (!looksRight) return false;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .call(this)
  const deepClone = contexts[0].clone; // jsonld's own; it copies `this.clone` (the dispatcher) to the child
  function clone(this: ActiveContext): ActiveContext {
    return sharing ? shareDefinitions.call(this) : deepClone.call(this);
  }
  for (const c of contexts) c.clone = clone;
  hooked = true;
  return true;
}

/** Active contexts share term definitions from now on; returns whether that is in effect. Idempotent. */
export function installFastContextClone(): boolean {
  sharing = hook();
  return sharing;
}

/** jsonld's own deep clone again (the benchmark's stock baseline; tests compare both). */
export function uninstallFastContextClone(): void {
  sharing = false;
}

export const fastContextCloneInstalled = () => sharing;
