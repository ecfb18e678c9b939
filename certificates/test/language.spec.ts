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

// A translated program's credential signs its texts in English, one String each, as Open Badges 3.0 types
// `name` and `description` (the credential declares that JSON schema; VC 2.0 language-value lists would fail
// it). The reader's language is found when it is shown: the API names it from the program's translations.
// Credentials that do carry language values (other issuers, VC 2.0) are still read in the reader's language.

const PROGRAMS_DIR = fileURLToPath(new URL('../programs/', import.meta.url));

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
  it('signs the name, the achievement and the evidence as Open Badges Strings, in English', () => {
    expect(foundations.translations.es.name).toBeTruthy();
    expect(signed.name).toBe(foundations.name);
    const achievement = (signed.credentialSubject as JsonObject).achievement as JsonObject;
    expect(achievement.name).toBe(foundations.name);
    expect(achievement.description).toBe(foundations.description);
    expect(programText(foundations, 'name')).toBe(foundations.name);
  });

  it('verifies with @digitalbazaar/vc directly and with Kindred’s verifier', async () => {
    const independent = await libraryVerify(signed);
    expect(independent.error).toBeUndefined();
    expect(independent.verified).toBe(true);
    const ours = await verifyCredential(signed, lists.options());
    expect(ours.verdict).toBe('valid');
  });

  it('is tampered when its name changes', async () => {
    const renamed = structuredClone(signed);
    renamed.name = 'Otro programa';
    expect((await libraryVerify(renamed)).verified).toBe(false);
    expect((await verifyCredential(renamed, lists.options())).verdict).toBe('tampered');
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
