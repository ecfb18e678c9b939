import {
  test,
  expect,
  chromium,
  request,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { CHROMIUM_ARGS, chromiumPath } from '../browser';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';

/** The demo seed's valid co-issued certificate (Jordan's), through the API as its holder sees it. */
async function seededCertificateId(baseURL: string | undefined): Promise<string> {
  const api: APIRequestContext = await request.newContext({ baseURL });
  try {
    const login = await api.post('/api/auth/login', {
      data: { email: 'jordan@kindred.demo', password: 'kindred-demo-password' },
    });
    expect(login.ok()).toBe(true);
    const mine: { credentialId: string; state: string; expired: boolean }[] = await (
      await api.get('/api/certificates/mine')
    ).json();
    const valid = mine.find((c) => c.state === 'active' && !c.expired);
    expect(valid, 'the demo seed issued Jordan a valid certificate').toBeTruthy();
    return valid!.credentialId.replace(/^urn:uuid:/, '');
  } finally {
    await api.dispose();
  }
}

const photoOf = (text: string) => QRCode.toBuffer(text, { type: 'png', width: 480, margin: 4 });

/**
 * A video of the QR code for Chromium's fake camera: YUV4MPEG2 (4:2:0), the code's modules black on white in
 * the middle of a 640×480 picture, a few identical frames (Chromium loops the file).
 */
function qrVideo(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const [w, h, px] = [640, 480, 8];
  const side = (modules.size + 8) * px; // with a quiet zone of four modules
  const [left, top] = [Math.floor((w - side) / 2), Math.floor((h - side) / 2)];
  const y = Buffer.alloc(w * h, 255);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.data[row * modules.size + col]) continue;
      for (let dy = 0; dy < px; dy++)
        y.fill(
          0,
          (top + (row + 4) * px + dy) * w + left + (col + 4) * px,
          (top + (row + 4) * px + dy) * w + left + (col + 5) * px,
        );
    }
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  const file = join(mkdtempSync(join(tmpdir(), 'kindred-qr-')), 'qr.y4m');
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(`YUV4MPEG2 W${w} H${h} F5:1 Ip A1:1 C420jpeg\n`),
      ...Array(10).fill(frame),
    ]),
  );
  return file;
}

test('a photo of the certificate’s QR code opens its verification', async ({ page, baseURL }) => {
  const id = await seededCertificateId(baseURL);
  await page.goto('/verify');
  await page.getByLabel('Or take or choose a photo of the QR code').setInputFiles({
    name: 'qr.png',
    mimeType: 'image/png',
    buffer: await photoOf(`${baseURL}/verify/${id}`),
  });
  await expect(page).toHaveURL(new RegExp(`/verify/${id}$`));
  await expect(page.getByTestId('verdict').getByRole('heading', { level: 2 })).toHaveText(/Valid/);
});

test('a QR code that is not a Kindred certificate link is named as such and leads nowhere', async ({
  page,
}) => {
  await page.goto('/verify');
  await page.getByLabel('Or take or choose a photo of the QR code').setInputFiles({
    name: 'qr.png',
    mimeType: 'image/png',
    buffer: await photoOf('https://example.com/prize'),
  });
  await expect(page.getByRole('alert')).toHaveText(/not a Kindred certificate link/);
  await expect(page).toHaveURL(/\/verify$/);
  // a PNG that ends after its signature
  await page.getByLabel('Or take or choose a photo of the QR code').setInputFiles({
    name: 'broken.png',
    mimeType: 'image/png',
    buffer: Buffer.from('89504e470d0a1a0a', 'hex'),
  });
  await expect(page.getByRole('alert')).toHaveText(/could not be opened as a picture/);
});

test('when the camera is refused, the page says so and points to the photo', async ({ page }) => {
  // (the tests are not compiled with the DOM's types: page scripts are given as text)
  await page.addInitScript(
    `navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));`,
  );
  await page.goto('/verify');
  await page.getByRole('button', { name: 'Scan with the camera' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    /camera was not allowed.*take a photo of the QR code/,
  );
  await expect(page.getByRole('button', { name: 'Scan with the camera' })).toBeEnabled();
});

/**
 * A Chromium with a fake camera (the given Y4M video, or Chromium's own moving test pattern), on /verify, that
 * keeps every stream the page opens; `tracks()` gives their tracks' states ('live' or 'ended').
 */
async function withCamera(
  baseURL: string | undefined,
  video: string | undefined,
  run: (page: Page, tracks: () => Promise<string[]>) => Promise<void>,
) {
  const camera = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      ...(video ? [`--use-file-for-fake-video-capture=${video}`] : []),
    ],
  });
  try {
    const page = await camera.newPage({ baseURL });
    await page.addInitScript(`
      const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      window.opened = [];
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await original(constraints);
        window.opened.push(stream);
        return stream;
      };`);
    await page.goto('/verify');
    await page.waitForLoadState('networkidle');
    await run(page, () =>
      page.evaluate<string[]>(
        'window.opened.flatMap((s) => s.getTracks().map((t) => t.readyState))',
      ),
    );
  } finally {
    await camera.close();
  }
}

test('the live camera finds the QR code, opens the certificate and turns the camera off', async ({
  baseURL,
}) => {
  const id = await seededCertificateId(baseURL);
  await withCamera(baseURL, qrVideo(`${baseURL}/verify/${id}`), async (page, tracks) => {
    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    await expect(page).toHaveURL(new RegExp(`/verify/${id}$`), { timeout: 20_000 });
    await expect(page.getByTestId('verdict').getByRole('heading', { level: 2 })).toHaveText(
      /Valid/,
    );
    const states = await tracks();
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((state) => state === 'ended')).toBe(true);
  });
});

test('the camera turns off when the page is hidden or Stop is pressed', async ({ baseURL }) => {
  // Chromium's own fake camera (a moving test pattern, no QR code): scanning keeps looking.
  await withCamera(baseURL, undefined, async (page, tracks) => {
    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    await expect(page.getByRole('status')).toHaveText('Looking for a QR code…');
    await expect.poll(tracks).toEqual(['live']);
    await page.getByRole('button', { name: 'Stop the camera' }).click();
    await expect.poll(tracks).toEqual(['ended']);
    await expect(page.getByRole('button', { name: 'Scan with the camera' })).toBeFocused();

    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    await expect.poll(tracks).toEqual(['ended', 'live']);
    // the phone's screen locks, or the person switches to another app
    await page.evaluate(
      `Object.defineProperty(document, 'hidden', { value: true, configurable: true }); document.dispatchEvent(new Event('visibilitychange'))`,
    );
    await expect.poll(tracks).toEqual(['ended', 'ended']);
    await expect(page).toHaveURL(/\/verify$/);
  });
});
