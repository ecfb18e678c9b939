// Shared test factories: organizations with real keys, a co-issued credential with status entries, and
// a status-list "server". Real libraries throughout; nothing is mocked.
import {
  buildOpenBadgeCredential,
  embedEndorsements,
  generateIssuerKeyPair,
  issueStatusListCredential,
  signCredential,
  signEndorsement,
  statusEntry,
  StatusList,
  type IssuerKeyPair,
  type JsonObject,
  type OpenBadgeInput,
  type ProfileInput,
  type StatusPurpose,
  type VerifyOptions,
} from '../../src/index.js';

export const LIST_BASE = 'https://kindred.example/api/status-lists';
export const YEAR_MS = 365 * 86_400_000;

export interface Org {
  key: IssuerKeyPair;
  profile: ProfileInput;
}

export async function makeOrg(name: string, url: string): Promise<Org> {
  const key = await generateIssuerKeyPair();
  return { key, profile: { id: key.did, name, url } };
}

export async function makeOrgs(): Promise<{ city: Org; university: Org }> {
  return {
    city: await makeOrg(
      'City of Riverside Peer Support Program',
      'https://peers.riverside.example',
    ),
    university: await makeOrg('Riverside University', 'https://www.riverside-university.example'),
  };
}

/** One organization's two lists, served from memory and re-signed after each change. */
export class StatusLists {
  readonly lists = { revocation: StatusList.create(), suspension: StatusList.create() };
  private readonly served = new Map<string, JsonObject>();

  constructor(private readonly org: Org) {}

  url(purpose: StatusPurpose): string {
    return `${LIST_BASE}/${this.org.key.did.slice(-8)}-${purpose}`;
  }

  async publish(options: { validFrom?: Date; validForMs?: number } = {}): Promise<void> {
    for (const purpose of ['revocation', 'suspension'] as const) {
      const input = {
        id: this.url(purpose),
        issuer: this.org.key.did,
        purpose,
        list: this.lists[purpose],
        ...options,
      };
      this.served.set(this.url(purpose), await issueStatusListCredential(input, this.org.key));
    }
  }

  async set(purpose: StatusPurpose, index: number, on: boolean): Promise<void> {
    if (on) this.lists[purpose].set(index);
    else this.lists[purpose].clear(index);
    await this.publish();
  }

  entries(revocationIndex: number, suspensionIndex: number) {
    return [
      statusEntry(this.url('revocation'), revocationIndex, 'revocation'),
      statusEntry(this.url('suspension'), suspensionIndex, 'suspension'),
    ];
  }

  options(extra: Partial<VerifyOptions> = {}): VerifyOptions {
    return { getStatusList: async (url) => this.served.get(url), ...extra };
  }
}

export function sampleInput(
  city: Org,
  university: Org | undefined,
  overrides: Partial<OpenBadgeInput> = {},
): OpenBadgeInput {
  const validFrom = new Date(Date.now() - 60_000);
  return {
    issuer: city.profile,
    validFrom,
    validUntil: new Date(validFrom.getTime() + 2 * YEAR_MS),
    holder: { name: 'Ana Pérez', email: 'Ana.Perez@example.org' },
    achievement: {
      id: 'https://kindred.example/programs/accredited-peer-supporter',
      name: 'Accredited Peer Supporter',
      description: 'Completed the full peer support curriculum with supervisor sign-off.',
      criteriaNarrative:
        'Complete four courses and be signed off as proficient in 17 competencies.',
      alignment: [
        {
          targetName: 'Roles and boundaries',
          targetUrl: 'https://kindred.example/framework#PEER.1',
          targetCode: 'PEER.1',
          targetFramework: 'Kindred peer support competencies',
        },
        {
          targetName: 'Safety awareness',
          targetUrl: 'https://kindred.example/framework#DEESC.1',
          targetCode: 'DEESC.1',
          targetFramework: 'Kindred peer support competencies',
        },
      ],
      creditsAvailable: university ? 3 : undefined,
      creator: university?.profile,
    },
    creditsEarned: university ? 3 : undefined,
    result: [{ value: 'passed', status: 'Completed' }],
    evidence: [
      {
        name: 'Supervisor sign-off',
        description: 'Observed in real peer work at the proficient level.',
      },
    ],
    ...overrides,
  };
}

/** A co-issued credential: endorsed by the university, then signed by the city, with status entries. */
export async function issueCoIssued(
  city: Org,
  university: Org,
  lists: StatusLists,
  overrides: Partial<OpenBadgeInput> = {},
): Promise<JsonObject> {
  const unsigned = buildOpenBadgeCredential(
    sampleInput(city, university, { credentialStatus: lists.entries(7, 11), ...overrides }),
  );
  const endorsement = await signEndorsement(
    {
      credentialId: unsigned.id,
      endorser: university.profile,
      comment: 'Riverside University accredits this program for 3.0 CEUs.',
      validFrom: new Date(Date.now() - 60_000),
    },
    university.key,
  );
  return signCredential(embedEndorsements(unsigned, [endorsement]), city.key);
}
