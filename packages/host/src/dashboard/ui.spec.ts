import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { chromium, Browser, Page } from 'playwright-core';
import { encodeMsgpack } from '../codec';
import { Host } from '../host';
import { sign, watActorModule, wat2wasm } from '../test-support/fixtures';
import { FAMILIES } from '../test-support/wat-actor';
import { LogTap } from './log-tap';
import { Dashboard, startDashboard } from './server';
import { embeddedTarget } from './target';

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core (no browser
 * download). The page under test is the one shipped; only the host behind it is embedded (no NATS).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const TEST_REPLY = encodeMsgpack([
  { name: 'adds', passed: true },
  { name: 'divides', passed: false, snapData: new TextEncoder().encode('{"error":"division by zero"}') },
]);

describe('dashboard in headless Chromium', () => {
  let browser: Browser;
  let host: Host;
  let dashboard: Dashboard;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is required by the dashboard's browser tests but was not found: install Debian chromium (tools/ensure-system-deps.sh) or set CHROMIUM_PATH`,
      );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-ui-'));
    const logs = new LogTap();
    host = new Host({ log: logs.sink });
    dashboard = await startDashboard(embeddedTarget(host, { hostId: 'NBROWSERTESTHOST' }), { logTap: logs });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(dashboard.url);
  });
  afterEach(async () => {
    await page?.close();
    await dashboard.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = async (name: string, bytes: Uint8Array) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    await page.locator('[data-test=upload]').setInputFiles(file);
  };

  it('uploads a signed actor, invokes it, links a double, runs its tests, stops it; an unsigned upload shows the refusal', async () => {
    await page.getByText('No actors running.').waitFor();
    await page.getByText('NBROWSERTESTHOST').waitFor();

    const signed = await sign(watActorModule({ ...FAMILIES['wasmbus-0.7'], testReply: TEST_REPLY }), {
      name: 'browser-echo',
      caps: ['wasmcloud:keyvalue'],
      ver: '0.2.0',
      rev: 3,
      callAlias: 'browser/echo',
    });
    await upload('echo.wasm', signed.bytes);
    await page.locator('[data-test=started]').getByText(`started browser-echo (${signed.publicKey})`).waitFor();
    const row = page.locator('tr[data-actor=browser-echo]');
    await row.getByText(signed.publicKey).waitFor();
    await row.getByText('wasmcloud:keyvalue').waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('0.2.0');
    expect(await row.locator('td').nth(3).textContent()).toBe('3');
    expect(await row.locator('td').nth(4).textContent()).toBe('browser/echo');

    const invoke = page.locator('[data-test=invoke]');
    await invoke.locator('input[name=operation]').fill('Echo.Echo');
    await invoke.locator('textarea[name=data]').fill('{"greeting": "hello from the browser"}');
    await invoke.getByRole('button', { name: 'invoke' }).click();
    const reply = page.locator('[data-test=reply]');
    await reply.waitFor();
    expect(JSON.parse((await reply.locator('pre').textContent()) ?? '')).toEqual({ greeting: 'hello from the browser' });
    await row.locator('[data-test=calls]').getByText('1').waitFor();

    await page.locator('[data-test=run-tests]').click();
    const report = page.locator('[data-test=test-report]');
    await report.waitFor();
    expect(await report.textContent()).toBe('Pass: adds\nFail: divides: division by zero\nTest results: 1/2 Passed');

    const link = page.locator('[data-test=link]');
    await link.getByRole('button', { name: 'link' }).click();
    const links = page.locator('[data-test=links]');
    await links.getByText('wasmcloud:keyvalue').waitFor();
    expect(await links.locator('tr').nth(1).locator('td').allTextContents()).toEqual(['browser-echo', 'wasmcloud:keyvalue', 'default', 'double', 'delete']);
    await page.locator('[data-test=log]').getByText('linked browser-echo wasmcloud:keyvalue (default) to double').waitFor();

    // The actor's own log line (__console_log) reaches the page's log stream through the LogTap.
    await invoke.locator('input[name=operation]').fill('Log.Log');
    await invoke.locator('textarea[name=data]').fill('"a line from the actor"');
    await invoke.getByRole('button', { name: 'invoke' }).click();
    await page
      .locator('[data-test=log]')
      .getByText(/browser-echo: .*a line from the actor/)
      .waitFor();

    await upload('unsigned.wasm', wat2wasm('(module (memory (export "memory") 1))'));
    const refusal = page.locator('section', { hasText: 'Start an actor' }).locator('[data-test=error]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/No claims found in source module/);
    await page
      .locator('[data-test=log]')
      .getByText(/start refused: .*No claims found in source module/)
      .waitFor();

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-main.png'), fullPage: true });

    await row.locator('[data-test=stop]').click();
    await page.getByText('No actors running.').waitFor();
    expect(host.actors()).toEqual([]);
  }, 60_000);

  it('a page opened without the token cannot connect', async () => {
    const bare = await browser.newPage();
    try {
      const res = await bare.goto(`http://127.0.0.1:${dashboard.port}/`);
      expect(res?.status()).toBe(401);
      expect(await bare.textContent('body')).toContain('missing or wrong dashboard token');
    } finally {
      await bare.close();
    }
  });
});
