import { say, sayWhen, type Lang } from '../common/i18n.js';
import { LCW_SITE } from './wallet-exchanges.service.js';

/**
 * The page a browser gets at a wallet exchange's interaction URL (`GET /api/exchanges/:token/protocols` with
 * `Accept: text/html`): someone scanned the QR code with the phone's camera, or followed the link, instead of
 * using a wallet. It says what the link is for and opens the Learner Credential Wallet with the same exchange;
 * it never uses the exchange up. A wallet asking for JSON gets the VC-API `protocols` object as before.
 * Self-contained (no script, styles inline), so the API's strict CSP needs only `style-src 'unsafe-inline'`.
 */

/** The Content-Security-Policy of these pages: nothing but their own inline styles. */
export const WALLET_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const STYLE = `
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#f6f7f9}
main{max-width:34rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
ol{padding-left:1.25rem}li{margin:.5rem 0}
.button{display:block;text-align:center;padding:.85rem 1rem;border-radius:.5rem;background:#1f5f8b;color:#fff;font-weight:600;text-decoration:none;margin:1rem 0}
.button:focus-visible,a:focus-visible{outline:3px solid #e0a800;outline-offset:2px}
.secondary{background:#fff;color:#1f5f8b;border:2px solid #1f5f8b}
.note{font-size:.95rem;color:#3c4656}
code{display:block;overflow-wrap:anywhere;font-size:.85rem;background:#fff;border:1px solid #d5d9e0;padding:.5rem;border-radius:.35rem}
nav{text-align:right}nav a{color:#1f5f8b}
`;

function shell(lang: Lang, title: string, otherLanguageHref: string, body: string): string {
  const other: Lang = lang === 'en' ? 'es' : 'en';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)} · Kindred</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<nav><a href="${escape(otherLanguageHref)}" lang="${other}" hreflang="${other}">${escape(say(lang, 'walletPage.otherLanguage'))}</a></nav>
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

export function walletExchangePage(
  lang: Lang,
  x: { deepLink: string; exchangeUrl: string; expiresAt: Date; otherLanguageHref: string },
): string {
  const t = (id: Parameters<typeof say>[1], params?: Record<string, string>) =>
    escape(say(lang, id, params));
  return shell(
    lang,
    say(lang, 'walletPage.title'),
    x.otherLanguageHref,
    `<p>${t('walletPage.lead')}</p>
<ol>
<li>${t('walletPage.step1')}</li>
<li>${t('walletPage.step2')}</li>
</ol>
<a class="button" href="${escape(x.deepLink)}">${t('walletPage.open')}</a>
<a class="button secondary" href="${escape(LCW_SITE)}">${t('walletPage.get')}</a>
<p>${t('walletPage.step3')}</p>
<p class="note">${t('walletPage.once', { time: sayWhen(lang, x.expiresAt) })}</p>
<p class="note">${t('walletPage.other')}</p>
<code>${escape(x.exchangeUrl)}</code>`,
  );
}

/** The same page for an exchange that is used, expired or unknown: what to do instead. */
export function walletExchangeGonePage(
  lang: Lang,
  x: { otherLanguageHref: string; certificatesUrl: string },
): string {
  return shell(
    lang,
    say(lang, 'walletPage.gone'),
    x.otherLanguageHref,
    `<p>${escape(say(lang, 'walletPage.goneLead'))}</p>
<a class="button" href="${escape(x.certificatesUrl)}">${escape(say(lang, 'walletPage.certificates'))}</a>`,
  );
}
