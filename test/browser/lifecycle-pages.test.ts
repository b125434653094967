import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyOutcome, overdue } from '@rosetta/lifecycle';
import { buildLifecycleApi, DriftTracker, UpdatesView } from '@rosetta/lifecycle-service';
import { exampleOutcome, type Outcome } from '@rosetta/outcome-schema';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';

// The campaign and drift pages in a real headless Chromium, drawn from a lifecycle API on a real socket.
const TOKEN = 'pages-token';
const NOW = Date.now();
let api: Awaited<ReturnType<typeof buildLifecycleApi>>;
let browser: Browser;
let base = '';

const STEPS: Record<string, [string, Outcome['operation']['stage'], Outcome['outcome']['status'], boolean]> =
  {
    succeeded: ['UPDATE_SUCCEEDED', 'install', 'succeeded', true],
    integrity: ['PACKAGE_INTEGRITY_FAILED', 'verify', 'failed', true],
    network: ['NETWORK_CONNECTION_LOST', 'download', 'failed', true],
    downloading: ['DOWNLOADING', 'download', 'in_progress', false],
  };

function outcome(device: string, step: keyof typeof STEPS, minutesAgo: number, n: number): Outcome {
  const base = exampleOutcome('lwm2m-update-succeeded');
  const [code, stage, status, final] = STEPS[step] ?? ['UNMAPPED', 'unknown', 'unknown', false];
  return {
    ...base,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    device: { id: device },
    operation: { type: 'firmware_update', stage, correlation: { campaignId: 'spring' } },
    outcome: { ...base.outcome, code, status, final },
    occurredAt: new Date(NOW - minutesAgo * 60_000).toISOString(),
  };
}

beforeAll(async () => {
  const view = new UpdatesView();
  const steps = ['succeeded', 'succeeded', 'succeeded', 'integrity', 'network', 'downloading'] as const;
  for (let i = 0; i < 60; i++) {
    const step = steps[i % steps.length] ?? 'succeeded';
    let state = applyOutcome(undefined, outcome(`dev-${i}`, step, 200 - i, i));
    // The silent downloads passed their 1 h deadline: timed out, so stuck.
    if (state && step === 'downloading') state = overdue(state, NOW) ?? state;
    if (state) view.apply(state.key, state);
  }
  const drift = new DriftTracker();
  const knox = exampleOutcome('knox-unmapped');
  for (let minute = 0; minute < 20; minute++)
    for (let i = 0; i < 10; i++)
      drift.add(i < minute % 4 ? knox : exampleOutcome('firmware-integrity-failed'), NOW - minute * 60_000);
  drift.add({ ...knox, source: { ...knox.source, protocol: 'knox-efota' } }, NOW);
  api = await buildLifecycleApi({ view, drift, token: TOKEN });
  await api.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** A page that answers the API's token prompt, as a person would. */
async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
  page.on('dialog', (dialog) => void dialog.accept(TOKEN));
  await page.goto(`${base}${path}`);
  await page.locator('body[data-ready]').waitFor();
  return page;
}

/** Pixels a canvas has painted (Chart.js draws in 2D): a blank canvas has none. Runs in the page. */
const painted = async (page: Page, id: string) =>
  Number(
    await page.evaluate(`(() => {
      const canvas = document.getElementById(${JSON.stringify(id)});
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count += 1;
      return count;
    })()`),
  );

/** What Chart.js holds for a canvas: its labels and datasets. */
const chartData = (page: Page, id: string) =>
  page.evaluate(`(() => {
    const { labels, datasets } = Chart.getChart(${JSON.stringify(id)}).data;
    return { labels, datasets: datasets.map((d) => ({ label: d.label, data: d.data })) };
  })()`) as Promise<{ labels: string[]; datasets: { label: string; data: (number | null)[] }[] }>;

async function screenshotBytes(page: Page): Promise<number> {
  const file = join(mkdtempSync(join(tmpdir(), 'lifecycle-pages-')), 'page.png');
  await page.screenshot({ path: file, fullPage: true });
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return png.length;
}

describe('lifecycle pages', () => {
  it('campaign: summary, bar charts by code and status, reports over time, stuck and failed devices', async () => {
    const page = await open('/explorer/campaign#acme/spring');
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() (the rendered text a user sees), not the DOM property.
    expect(await page.locator('#summary').innerText()).toContain('acme/spring: 60 device(s), success 50.0 %');
    const bars = await chartData(page, 'by-code');
    expect(bars).toMatchObject({
      labels: ['UPDATE_SUCCEEDED', 'NETWORK_CONNECTION_LOST', 'PACKAGE_INTEGRITY_FAILED', 'UPDATE_TIMED_OUT'],
      datasets: [{ data: [30, 10, 10, 10] }],
    });
    for (const id of ['by-code', 'by-status', 'timeline'])
      expect(await painted(page, id), id).toBeGreaterThan(2000);
    expect(await page.locator('#stuck tr').count()).toBe(11); // header + 10 timed out
    expect(await page.locator('#failed tr').count()).toBe(21);
    expect(await screenshotBytes(page)).toBeGreaterThan(60_000);
    await page.close();
  });

  it('campaign: an unknown campaign says so', async () => {
    const page = await open('/explorer/campaign#acme/nothing');
    expect(await page.getAttribute('body', 'data-ready')).toBe('error');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() (the rendered text a user sees), not the DOM property.
    expect(await page.locator('#summary').innerText()).toContain('404 ROSETTA_ERR_LIFECYCLE_NOT_FOUND');
    await page.close();
  });

  it('drift: unmapped share per vocabulary over time, the series table, the top unmapped codes', async () => {
    const page = await open('/explorer/drift');
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    const share = await chartData(page, 'share');
    const lines = { labels: share.labels.length, series: share.datasets.map((d) => d.label).sort() };
    expect(lines).toEqual({ labels: 20, series: ['knox-efota', 'omadm-fumo'] });
    expect(await painted(page, 'share')).toBeGreaterThan(2000);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText() (the rendered text a user sees), not the DOM property.
    expect(await page.locator('#codes').innerText()).toMatch(/knox-efota\s+-9999\s+\d+/);
    expect(await screenshotBytes(page)).toBeGreaterThan(40_000);
    await page.close();
  });
});
