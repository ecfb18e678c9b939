import { verifyCredential, type JsonObject, type JsonValue } from '../src/index.js';
import { issueCoIssued, makeOrgs, StatusLists } from './support/factory.js';

type Path = (string | number)[];
interface Tampering {
  label: string;
  apply(vc: JsonObject): void;
}

function leaves(value: JsonValue, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leaves(v as JsonValue, [...path, k]));
  return [path];
}

function keys(value: JsonValue, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keys(v, [...path, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      [...path, k],
      ...keys(v as JsonValue, [...path, k]),
    ]);
  return [];
}

function parentOf(vc: JsonObject, path: Path): Record<string | number, JsonValue> {
  return path
    .slice(0, -1)
    .reduce<JsonValue>((node, k) => (node as Record<string | number, JsonValue>)[k], vc) as Record<
    string | number,
    JsonValue
  >;
}

function changed(value: JsonValue): JsonValue {
  if (typeof value === 'string') return value.slice(0, -1) + (value.endsWith('x') ? 'y' : 'x');
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  return 'tampered';
}

const name = (path: Path) => path.join('.');

function tamperings(vc: JsonObject): Tampering[] {
  const edits = leaves(vc).map((path) => ({
    label: `change ${name(path)}`,
    apply: (c: JsonObject) => {
      const parent = parentOf(c, path);
      parent[path[path.length - 1]] = changed(parent[path[path.length - 1]]);
    },
  }));
  const drops = keys(vc).map((path) => ({
    label: `drop ${name(path)}`,
    apply: (c: JsonObject) => {
      Reflect.deleteProperty(parentOf(c, path), path[path.length - 1]);
    },
  }));
  return [...edits, ...drops];
}

/** Up to `n` items spread evenly over the list, so every part of the credential is represented. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]);
}

describe('single-field tampering', () => {
  it('is detected in 100 generated variants of a co-issued credential and its endorsement', async () => {
    const { city, university } = await makeOrgs();
    const lists = new StatusLists(city);
    await lists.publish();
    const signed = await issueCoIssued(city, university, lists);
    const options = lists.options({ knownIssuers: new Set([city.key.did, university.key.did]) });
    expect((await verifyCredential(signed, options)).verdict).toBe('valid');

    const all = tamperings(signed);
    const inEndorsement = all.filter((t) => / endorsement\./.test(t.label));
    const elsewhere = all.filter((t) => !/ endorsement\./.test(t.label));
    const chosen = [...spread(inEndorsement, 40), ...spread(elsewhere, 60)];
    expect(chosen).toHaveLength(100);

    const undetected: string[] = [];
    for (const t of chosen) {
      const copy = structuredClone(signed);
      t.apply(copy);
      const result = await verifyCredential(copy, options);
      if (result.verdict === 'valid') undetected.push(t.label);
    }
    expect(undetected).toEqual([]);
  });
});

describe('what the signature does not cover', () => {
  // eddsa-rdfc-2022 signs the RDF graph. The endorsement's issuer states the university's name and url
  // about the same did as the achievement's creator does, so dropping them from the creator leaves the
  // graph, and the signature, unchanged. Nothing is lost: the statement is still in the credential.
  it('lets a JSON value be dropped when the same statement remains elsewhere in the graph', async () => {
    const { city, university } = await makeOrgs();
    const lists = new StatusLists(city);
    await lists.publish();
    const signed = await issueCoIssued(city, university, lists);
    const trimmed = structuredClone(signed) as {
      credentialSubject: { achievement: { creator: Record<string, unknown> } };
    };
    delete trimmed.credentialSubject.achievement.creator.name;
    expect((await verifyCredential(trimmed, lists.options())).verdict).toBe('valid');
  });
});
