import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explorerRoutes } from '@rosetta/explorer';
import { VOCABULARIES } from '@rosetta/outcome-schema';
import Fastify from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';

// The mapping explorer in a real headless Chromium (Debian's, driven by playwright-core).
const app = Fastify();
let browser: Browser;
let base = '';

beforeAll(async () => {
  await app.register(explorerRoutes);
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app.close();
});

describe('mapping explorer', () => {
  it('a deep link shows the code, its canonical outcome, the vendor text and its counterparts in every vocabulary', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/explorer#knox-efota/-2402`);
    const result = page.locator('article.result[data-vocabulary="knox-efota"][data-code="-2402"]');
    await result.waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() (the rendered text a user sees), not the DOM property.
    const text = await result.innerText();
    expect(text).toContain('PACKAGE_INTEGRITY_FAILED');
    expect(text).toContain('The firmware update package is corrupt.');
    expect(text).toMatch(/omadm-fumo 402\s+exact \(preferred\)/);
    expect(text).toMatch(/pelion-update UPD4_FAIL_504\s+exact \(preferred\)/);
    expect(text).toMatch(/eas-provision\s+no counterpart/);
    await page.close();
  });

  it('search finds a code in any vocabulary, and says so when nothing matches', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/explorer`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.fill('#q', 'register/4.03');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() (the rendered text a user sees), not the DOM property.
    expect(await page.locator('article.result').first().innerText()).toContain('REGISTRATION_DUPLICATE');
    await page.fill('#q', 'zz-no-such-code');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() (the rendered text a user sees), not the DOM property.
    expect(await page.locator('#results').innerText()).toContain('kept as UNMAPPED');
    await page.close();
  });

  it('renders the coverage and canonical tables, and a screenshot shows a drawn page', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${base}/explorer#omadm-fumo/402`);
    await page.locator('article.result').waitFor();
    expect(await page.locator('#coverage-table tr').count()).toBe(VOCABULARIES.length + 1); // and the header
    expect(await page.locator('#canonical-table tr').count()).toBeGreaterThan(100);
    const file = join(mkdtempSync(join(tmpdir(), 'explorer-')), 'explorer.png');
    await page.screenshot({ path: file });
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // A blank page compresses to a few KB; the rendered tables and result card do not.
    expect(png.length).toBeGreaterThan(40_000);
    await page.close();
  });
});
