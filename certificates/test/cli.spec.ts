import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../src/cli.js';
import { renderCertificatePdf, type JsonObject } from '../src/index.js';
import { issueCoIssued, makeOrgs, StatusLists } from './support/factory.js';

let dir: string;
let lists: StatusLists;
let signed: JsonObject;

beforeAll(async () => {
  const { city, university } = await makeOrgs();
  lists = new StatusLists(city);
  await lists.publish();
  signed = await issueCoIssued(city, university, lists);
  dir = mkdtempSync(join(tmpdir(), 'kindred-cli-'));
  writeFileSync(join(dir, 'cert.json'), JSON.stringify(signed));
  const pdf = await renderCertificatePdf({
    holderName: 'Ana Pérez',
    achievementName: 'Accredited Peer Supporter',
    issuerName: 'City',
    validFrom: new Date(),
    certificateId: String(signed.id),
    verifyUrl: 'https://kindred.example/verify/x',
    credentialJson: signed,
  });
  writeFileSync(join(dir, 'cert.pdf'), pdf);
});

function io(): CliIo & { lines: string[]; fetched: string[] } {
  const lines: string[] = [];
  const fetched: string[] = [];
  const options = lists.options();
  return {
    lines,
    fetched,
    cwd: dir,
    out: (l) => lines.push(l),
    fetch: async (url) => {
      fetched.push(url);
      const list = await options.getStatusList(url);
      return { ok: Boolean(list), status: list ? 200 : 404, json: async () => list };
    },
  };
}

describe('pnpm verify', () => {
  it.each(['cert.json', 'cert.pdf'])(
    'verifies %s and says only the status check needed the network',
    async (file) => {
      const cli = io();
      expect(await runCli([file], cli)).toBe(0);
      expect(cli.lines[0]).toBe('Verdict: VALID');
      expect(cli.lines.find((l) => l.includes(' status '))).toMatch(
        /^✓ status\s+passed\s+\[network\]/,
      );
      expect(cli.lines.find((l) => l.includes(' signature '))).toMatch(/\[offline\]/);
      expect(cli.lines.at(-1)).toMatch(/Needed the network: the status check only/);
      expect(cli.fetched).toHaveLength(2);
    },
  );

  it('offline, fetches nothing, says what the file proved and that revocation is unknown, never INVALID', async () => {
    const cli = io();
    expect(await runCli(['cert.json', '--offline'], cli)).toBe(3);
    expect(cli.fetched).toEqual([]);
    expect(cli.lines[0]).toBe(
      'Verdict: VALID AS FAR AS THE FILE PROVES; REVOCATION UNKNOWN (offline)',
    );
    expect(cli.lines[1]).toMatch(/^Proven from the file: signed by its issuer, unchanged/);
    expect(cli.lines.find((l) => l.includes(' signature '))).toMatch(/^✓/);
    // "not checked" is drawn as –, not as a failure
    expect(cli.lines.find((l) => /^[✓✗–] status /.test(l))).toMatch(/^– status\s+not checked/);
    expect(cli.lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(cli.lines.at(-1)).toMatch(/^Offline: .*revocation and suspension are unknown/);
  });

  it('reports a revoked certificate and a tampered file', async () => {
    await lists.set('revocation', 7, true);
    const cli = io();
    expect(await runCli(['cert.json'], cli)).toBe(1);
    expect(cli.lines[0]).toBe('Verdict: REVOKED');
    // no raw status-list addresses: whose lists were read, by host
    expect(cli.lines.join('\n')).not.toMatch(/https?:\/\//);
    expect(cli.lines.at(-1)).toMatch(/fetched 2 status lists from /);
    await lists.set('revocation', 7, false);
    writeFileSync(
      join(dir, 'tampered.json'),
      JSON.stringify({ ...signed, name: 'Something else' }),
    );
    const tampered = io();
    expect(await runCli(['tampered.json'], tampered)).toBe(1);
    expect(tampered.lines[0]).toBe('Verdict: TAMPERED');
    // what a tampered file says (its endorsements, dates, issuer) is not checked, never "passed"
    for (const id of ['endorsements', 'status', 'dates', 'issuer'])
      expect(tampered.lines.find((l) => new RegExp(`^[✓✗–] ${id} `).test(l))).toMatch(
        new RegExp(`^– ${id}\\s+not checked`),
      );
  });

  it('a revoked certificate: when, by whom and the category come from the issuer’s record, asked with the file', async () => {
    await lists.set('revocation', 7, true);
    const base = io();
    const asked: { url: string; body: unknown }[] = [];
    const cli: CliIo & { lines: string[] } = { ...base };
    cli.fetch = async (url, init) => {
      if (!init) return base.fetch(url);
      asked.push({ url, body: JSON.parse(init.body) });
      return {
        ok: false,
        status: 400,
        json: async () => ({
          verdict: 'revoked',
          revocation: {
            revokedAt: '2026-12-02T10:00:00.000Z',
            revokedBy: 'Riverside Peer Support Network',
            category: 'issued_in_error',
          },
        }),
      };
    };
    try {
      expect(await runCli(['cert.json'], cli)).toBe(1);
    } finally {
      await lists.set('revocation', 7, false);
    }
    expect(asked).toHaveLength(1);
    expect(new URL(asked[0].url).pathname).toBe('/api/credentials/verify');
    expect(asked[0].body).toEqual({ verifiableCredential: signed });
    expect(cli.lines[1]).toBe(
      'Revoked on 2 Dec 2026 by Riverside Peer Support Network. Reason: issued in error.',
    );
    expect(cli.lines.join('\n')).not.toMatch(/Valid until|https?:\/\//);
  });

  it('explains bad usage and unreadable files', async () => {
    const cli = io();
    expect(await runCli([], cli)).toBe(2);
    expect(cli.lines[0]).toMatch(/usage/);
    writeFileSync(join(dir, 'bad.json'), 'not json');
    expect(await runCli(['bad.json'], cli)).toBe(2);
    expect(cli.lines.at(-1)).toMatch(/Cannot read a credential from bad.json/);
  });
});
