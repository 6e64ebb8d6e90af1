// Headless Chromium (Debian's, /usr/bin/chromium) driven by playwright-core, and
// the console under test: the test instance's, started by local/up.sh on its
// port + 3. Screenshots go to docs/console/, where the lab docs show them, so
// they are retaken on every run and cannot go stale.
import { chromium, type Browser, type Page } from 'playwright-core';
import { join } from 'node:path';
import { REPO_ROOT } from '@streamlab/kit/target';

export const CHROMIUM = process.env['STREAMLAB_CHROMIUM'] ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser | undefined;

export async function openPage(baseUrl: string, path = '/'): Promise<Page> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
  page.setDefaultTimeout(15_000);
  await page.goto(`${baseUrl}${path}`);
  return page;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(REPO_ROOT, 'docs', 'console', `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The number a hop of the pipeline diagram shows for a count, e.g. ('dlq', 'visible'). */
export async function hopCount(page: Page, hop: string, count: string): Promise<number> {
  const text = await page.locator(`g[data-hop="${hop}"] text[data-count="${count}"] .value`).textContent();
  return Number(text);
}
