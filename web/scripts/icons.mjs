// Writes the app's PNG icons (web manifest, home screen) from static/icons/icon.svg:
//   node web/scripts/icons.mjs
// The PNGs are committed; run this again only when the SVG changes. It renders with Debian's Chromium
// through playwright-core (already in the workspace for the browser tests) rather than adding an image
// library such as sharp, whose prebuilt binaries this project's machines cannot download.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../tests/package.json', import.meta.url));
const { chromium } = require('@playwright/test');
const dir = fileURLToPath(new URL('../static/icons/', import.meta.url));
const svg = readFileSync(`${dir}icon.svg`, 'utf8');

// `any` icons keep the full drawing; the maskable one leaves the 20 % safe margin launchers may crop.
const icons = [
  { file: 'icon-192.png', size: 192, inset: 0 },
  { file: 'icon-512.png', size: 512, inset: 0 },
  { file: 'maskable-512.png', size: 512, inset: 0.1 },
  { file: 'apple-touch-icon.png', size: 180, inset: 0.05 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  for (const { file, size, inset } of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const pad = Math.round(size * inset);
    await page.setContent(
      `<body style="margin:0;background:#fbf8f3"><div style="padding:${pad}px;width:${size - 2 * pad}px;height:${size - 2 * pad}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`,
    );
    writeFileSync(`${dir}${file}`, await page.screenshot({ type: 'png', omitBackground: false }));
    await page.close();
    console.log(`${file} ${size}×${size}`);
  }
} finally {
  await browser.close();
}
