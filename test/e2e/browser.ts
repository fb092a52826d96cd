/**
 * Shared set-up of the browser tests: Debian's Chromium through playwright-core, and signing
 * in to the dashboard. CI installs Chromium and sets NORTHSTAR_TEST_REQUIRE_SERVICES=1, so
 * there a missing browser fails; on a developer machine without it the suites skip.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps trying the closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.NORTHSTAR_TEST_REQUIRE_SERVICES === '1')
  throw new Error(`NORTHSTAR_TEST_REQUIRE_SERVICES=1 but ${CHROMIUM} is missing`);
if (!hasChromium)
  console.warn(
    `\n[northstar] ${CHROMIUM} not found: the browser tests are SKIPPED (apt-get install chromium).\n`,
  );

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export const ARTIFACTS = 'test-artifacts';

/** A full-page screenshot of the current page, kept as a test artifact. */
export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

/**
 * Signs in with an API key and waits for the overview (in whatever language the browser
 * asks for); on failure says what the page showed.
 */
export async function signInWithKey(page: Page, url: string, key: string): Promise<void> {
  await page.goto(url);
  // By the controls' names, not their labels: the form speaks the browser's language.
  await page.locator('input[name="mode"][value="key"]').check();
  await page.locator('input[name="api-key"]').fill(key);
  const failures: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
  });
  await page.locator('form button[type="submit"]').click();
  try {
    await page.getByTestId('overview-title').waitFor({ timeout: 45_000 });
  } catch (error) {
    const text = ((await page.textContent('body')) ?? '').slice(0, 500);
    throw new Error(
      `${(error as Error).message}\nfailed responses: ${failures.join(', ') || 'none'}\npage: ${text}`,
    );
  }
}
