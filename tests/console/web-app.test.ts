// Lab 4's web app in a real browser, on the test instance: post a message,
// reply to it, see both in their thread, search for it, and see the reply's
// notification in the console's mailbox. The screenshot is the lab 4 doc's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { portsOf } from '../../local/runtime/protocol.ts';
import { target } from '../integration/harness.ts';
import { until } from '../support.ts';
import { closeBrowser, openPage, screenshot } from './browser.ts';

const consoleBase = `http://127.0.0.1:${portsOf(Number(new URL(target.endpoint!).port)).console}`;
const run = Date.now().toString(36);

test('the web app: post, reply, read the thread, search, and the notification reaches the mailbox', async () => {
  const page = await openPage(target.lab4.web_app_url, '');
  await page.locator('#author').fill('alice');
  await page.locator('#text').fill(`Browser tapioca ${run}: posted from the web app`);
  await page.locator('#post button[type="submit"]').click();
  const root = page.locator('#thread li', { hasText: `tapioca ${run}` });
  await root.waitFor();
  assert.is(await page.locator('#post-error').textContent(), '', 'no error');

  // Reply from the thread view: "reply" fills the form's reply-to field.
  await root.locator('button[data-reply]').click();
  assert.ok(((await page.locator('#reply-to').inputValue()) ?? '').length > 0, 'reply fills the message id');
  await page.locator('#author').fill('bob');
  await page.locator('#text').fill(`Browser reply ${run}`);
  await page.locator('#post button[type="submit"]').click();
  await page.locator('#thread li.depth-1', { hasText: `Browser reply ${run}` }).waitFor();
  assert.is(await page.locator('#thread li').count(), 2, 'the thread holds the message and its reply');
  assert.ok((await page.locator('#messages li', { hasText: `tapioca ${run}` }).count()) === 1, 'the recent list shows the message');
  await screenshot(page, 'lab4-web-app');

  // Bad input: the API's message is shown and nothing is posted.
  await page.locator('#author').fill('carol');
  await page.locator('#text').fill('x'.repeat(2000));
  await page.locator('#reply-to').fill(`no-such-${run}`);
  await page.locator('#post button[type="submit"]').click();
  await page.locator('#post-error', { hasText: `no message no-such-${run} to reply to` }).waitFor();

  // The indexer batches a second of records: search again, as a reader would, until it is indexed.
  await page.locator('#query').fill(`tapioca ${run}`);
  const hit = page.locator('#hits li', { hasText: `tapioca ${run}` });
  await until('the search to find the new message', 20_000, async () => {
    await page.locator('#search button[type="submit"]').click();
    return hit.waitFor({ timeout: 2000 }).then(() => true, () => false);
  }, { intervalMs: 0 });
  await page.close();

  const mail = await openPage(consoleBase, '/#/mail');
  await mail.locator('[data-testid="mail-list"] li', { hasText: `New reply from bob: Browser reply ${run}` }).first().waitFor({ timeout: 20_000 });
  await mail.close();
});

test.after(closeBrowser);
test.run();
