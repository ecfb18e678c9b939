import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  buildOpenBadgeCredential,
  loadPrograms,
  programAchievement,
  programText,
  signCredential,
  textIn,
  textOnlyIn,
  verifyCredential,
  type JsonObject,
  type Program,
} from '../src/index.js';
import { independentLoader } from './support/independent-loader.js';
import { makeOrgs, sampleInput, StatusLists, type Org } from './support/factory.js';

// Credentials name their program in English and Spanish (VC 2.0 "Language and base direction": an array of
// language value objects). What is signed must carry the language tags, verify with the bundled contexts
// only, and be read back in the reader's language.

const PROGRAMS_DIR = fileURLToPath(new URL('../programs/', import.meta.url));
const fromVc = createRequire(createRequire(import.meta.url).resolve('@digitalbazaar/vc'));
const jsonld = fromVc('jsonld') as { canonize(input: object, options: object): Promise<string> };

/** @digitalbazaar/vc's own verifier with an independent loader (bundled contexts, no network). */
const libraryVerify = (credential: object) =>
  vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: independentLoader,
    checkStatus: async () => ({ verified: true }),
  });

let city: Org;
let lists: StatusLists;
let foundations: Program;
let signed: JsonObject;

beforeAll(async () => {
  ({ city } = await makeOrgs());
  lists = new StatusLists(city);
  await lists.publish();
  foundations = loadPrograms(PROGRAMS_DIR).programs.find((p) => p.slug === 'foundations')!;
  const achievement = programAchievement(foundations, {
    id: 'https://kindred.example/programs/foundations',
    frameworkUrl: 'https://kindred.example/competencies',
    frameworkName: 'Kindred peer support competencies',
  });
  signed = await signCredential(
    buildOpenBadgeCredential(
      sampleInput(city, undefined, { achievement, credentialStatus: lists.entries(3, 5) }),
    ),
    city.key,
  );
});

describe('a credential for a translated program', () => {
  it('names the program and the achievement in English and Spanish, English first', () => {
    const es = foundations.translations.es;
    const name = [
      { '@value': foundations.name, '@language': 'en' },
      { '@value': es.name, '@language': 'es' },
    ];
    expect(signed.name).toEqual(name);
    const achievement = (signed.credentialSubject as JsonObject).achievement as JsonObject;
    expect(achievement.name).toEqual(name);
    expect(achievement.description).toEqual([
      { '@value': foundations.description, '@language': 'en' },
      { '@value': es.description, '@language': 'es' },
    ]);
  });

  it('signs the language tags: the canonical N-Quads hold both names as language-tagged strings', async () => {
    const { proof: _, ...unsigned } = signed;
    const nquads = await jsonld.canonize(unsigned, {
      algorithm: 'RDFC-1.0',
      format: 'application/n-quads',
      documentLoader: independentLoader,
      safe: true,
    });
    const es = foundations.translations.es.name;
    expect(nquads).toContain(`<https://schema.org/name> "${foundations.name}"@en`);
    expect(nquads).toContain(`<https://schema.org/name> "${es}"@es`);
  });

  it('verifies with @digitalbazaar/vc directly and with Kindred’s verifier', async () => {
    const independent = await libraryVerify(signed);
    expect(independent.error).toBeUndefined();
    expect(independent.verified).toBe(true);
    const ours = await verifyCredential(signed, lists.options());
    expect(ours.verdict).toBe('valid');
  });

  it('is tampered when the Spanish name or its language tag changes', async () => {
    const renamed = structuredClone(signed);
    (renamed.name as JsonObject[])[1]['@value'] = 'Otro programa';
    const retagged = structuredClone(signed);
    (retagged.name as JsonObject[])[1]['@language'] = 'pt';
    for (const doc of [renamed, retagged]) {
      expect((await libraryVerify(doc)).verified).toBe(false);
      expect((await verifyCredential(doc, lists.options())).verdict).toBe('tampered');
    }
  });

  it('keeps a plain English string for a program without translations', () => {
    const english = { ...foundations, translations: {} };
    expect(programText(english, 'name')).toBe(foundations.name);
    const a = buildOpenBadgeCredential(
      sampleInput(city, undefined, {
        achievement: programAchievement(english, {
          id: 'https://kindred.example/programs/foundations',
          frameworkUrl: 'https://kindred.example/competencies',
          frameworkName: 'Kindred',
        }),
      }),
    );
    expect(a.name).toBe(foundations.name);
  });
});

describe('reading a text in the reader’s language', () => {
  const both = [
    { '@value': 'Foundations', '@language': 'en' },
    { '@value': 'Fundamentos', '@language': 'es' },
  ];

  it('picks the reader’s language, matching a region either way, else English', () => {
    expect(textIn(both, 'es')).toBe('Fundamentos');
    expect(textIn(both, 'es-US')).toBe('Fundamentos');
    expect(textIn([{ '@value': 'Fundamentos', '@language': 'es-US' }], 'es')).toBe('Fundamentos');
    expect(textIn(both, 'en')).toBe('Foundations');
    expect(textIn(both, 'fr')).toBe('Foundations');
    expect(textIn([...both].reverse(), 'fr')).toBe('Foundations');
  });

  it('reads a plain string (credentials issued before) and one value object; nothing from other values', () => {
    expect(textIn('Foundations', 'es')).toBe('Foundations');
    expect(textIn({ '@value': 'Fundamentos', '@language': 'es' }, 'en')).toBe('Fundamentos');
    expect(textIn(['Foundations', { '@value': 'Fundamentos', '@language': 'es' }], 'fr')).toBe(
      'Foundations',
    );
    for (const v of [undefined, null, 3, {}, [], [{ value: 'x' }]])
      expect(textIn(v, 'en')).toBe(undefined);
  });

  it('says when a value has no text in a language (so a translation can stand in)', () => {
    expect(textOnlyIn(both, 'es')).toBe('Fundamentos');
    expect(textOnlyIn('Foundations', 'es')).toBe(undefined);
    expect(textOnlyIn(both, 'fr')).toBe(undefined);
  });
});
