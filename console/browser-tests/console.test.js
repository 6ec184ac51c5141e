// The console in a real browser: Debian's Chromium, headless, driven by playwright-core. Logs in
// through Keycloak's own page, as a dealer advisor and as the platform admin, against a running
// platform (./chezhu browser-tests, or ./chezhu test after the Java end-to-end tests).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { GATEWAY, createDealerCustomer } from './platform.js';

const SCREENSHOTS = process.env.SCREENSHOTS ?? join(process.cwd(), '..', 'target', 'screenshots');
const CONSOLE = `${GATEWAY}/console/`;
const PASSWORDS = { 'advisor.d001': 'advisor', 'advisor.d002': 'advisor', 'admin.platform': 'admin' };

let browser;
let customer;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // failure shots of an earlier run would mislead
  readdirSync(SCREENSHOTS).filter((f) => f.startsWith('failure-')).forEach((f) => rmSync(join(SCREENSHOTS, f)));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  customer = await createDealerCustomer();
});

after(async () => {
  await browser?.close();
});

/** A fresh browser (no session), a tablet-sized window by default. */
async function openConsole(viewport = { width: 768, height: 1024 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

async function shot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Sign in through Keycloak's login page, the way a person does. */
async function signIn(page, user, path = '') {
  await page.goto(`${CONSOLE}${path}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/realms\/chezhu\/protocol\/openid-connect\/auth/);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(PASSWORDS[user]);
  await page.locator('#kc-login').click();
  await page.waitForURL((url) => url.href.startsWith(CONSOLE) && !url.search.includes('code='));
  await page.getByTestId('who').waitFor();
  assert.match(await page.getByTestId('who').textContent(), new RegExp(user.replace('.', '\\.')));
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You are signed out.').waitFor();
  assert.equal(await page.getByTestId('who').count(), 0);
}

async function balance(page) {
  return Number((await page.getByTestId('balance').textContent()).trim());
}

describe('console', () => {
  test('a dealer advisor finds their customer, sees the 360 and redeems a coupon at the counter', async () => {
    const { context, page } = await openConsole();
    try {
      await signIn(page, 'advisor.d001');
      await shot(page, '01-find');

      // the keyboard alone: type and press Enter
      await page.getByLabel('Phone, VIN, licence plate or name').fill(customer.phone);
      await page.getByLabel('Phone, VIN, licence plate or name').press('Enter');
      await page.getByTestId('result-link').filter({ hasText: customer.familyName }).waitFor();

      // a fragment of the name finds them too
      await page.getByLabel('Phone, VIN, licence plate or name').fill(customer.familyName.slice(2));
      await page.getByLabel('Search by').selectOption('name');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('status').filter({ hasText: 'found by name' }).waitFor();
      const result = page.getByTestId('result-link').filter({ hasText: customer.familyName });
      await result.waitFor();
      await shot(page, '02-find-results');
      await result.click();

      await page.getByTestId('person-name').filter({ hasText: customer.familyName }).waitFor();
      await page.getByTestId('identifier-value').filter({ hasText: customer.phone }).first().waitFor();
      await page.getByRole('heading', { name: `Vehicle ${customer.vin}` }).waitFor();
      await page.getByTestId('balance').waitFor();
      await shot(page, '03-customer-360');
      await page.getByTestId('coupon-code').filter({ hasText: customer.coupon.code }).waitFor();
      const before = await balance(page);

      await page.getByLabel('Coupon code or scanned QR').fill(customer.coupon.code);
      await page.getByLabel('Bill (CNY)').fill('300');
      await page.getByRole('button', { name: 'Verify', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Valid' }).waitFor();

      await page.getByRole('button', { name: 'Redeem', exact: true }).click();
      await page.getByRole('status').filter({ hasText: `Redeemed ${customer.coupon.code}` }).waitFor();
      await page.waitForFunction((old) => Number(document.querySelector('[data-testid="balance"]')?.textContent) !== old, before);
      const afterRedeem = await balance(page);
      // 300 CNY bill − 50 CNY off = 250 CNY paid: 250 service-visit points (standard tier)
      assert.equal(afterRedeem - before, 250, `the balance grows by the visit's points: ${before} → ${afterRedeem}`);
      await page.getByTestId('coupon-state').filter({ hasText: 'redeemed' }).waitFor();
      await shot(page, '04-coupon-redeemed');

      // redeeming the same coupon again is refused with the API's reason, on screen
      await page.getByLabel('Coupon code or scanned QR').fill(customer.coupon.code);
      await page.getByRole('button', { name: 'Redeem', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'COUPON_ALREADY_REDEEMED' }).waitFor();

      await page.getByRole('button', { name: 'Roll back last redemption' }).click();
      await page.getByRole('status').filter({ hasText: 'rolled back' }).waitFor();
      await page.getByTestId('coupon-state').filter({ hasText: 'issued' }).waitFor();
      // the visit's points are reversed with it
      await page.waitForFunction((old) => Number(document.querySelector('[data-testid="balance"]')?.textContent) === old, before);

      await signOut(page);
      await shot(page, '05-signed-out');
      // signed out for real: the console asks to sign in again
      await page.goto(`${CONSOLE}#/persons/${customer.personId}`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    } catch (failure) {
      await shot(page, 'failure-dealer-d001');
      throw failure;
    } finally {
      await context.close();
    }
  });

  test("another dealer's advisor cannot open that customer", async () => {
    const { context, page } = await openConsole({ width: 1280, height: 900 });
    try {
      await signIn(page, 'advisor.d002');
      await page.goto(`${CONSOLE}#/persons/${customer.personId}`);
      await page.getByTestId('person-error').waitFor();
      assert.match(await page.getByRole('heading', { level: 1 }).textContent(), /Not your customer/);
      assert.equal(await page.getByTestId('balance').count(), 0);
      await shot(page, '06-other-dealer-refused');

      await page.goto(`${CONSOLE}#/find`);
      await page.getByLabel('Phone, VIN, licence plate or name').fill(customer.phone);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('status').filter({ hasText: 'found by phone' }).waitFor();
      assert.equal(await page.getByTestId('result-link').filter({ hasText: customer.familyName }).count(), 0);
      await signOut(page);
    } catch (failure) {
      await shot(page, 'failure-dealer-d002');
      throw failure;
    } finally {
      await context.close();
    }
  });

  test('the platform admin unmerges a wrong merge and watches the live platform overview', async () => {
    const { context, page } = await openConsole({ width: 1440, height: 900 });
    try {
      await signIn(page, 'admin.platform');
      await page.goto(`${CONSOLE}#/persons/${customer.personId}`);
      await page.getByTestId('person-name').filter({ hasText: customer.familyName }).waitFor();
      // the merge history, and the admin's unmerge
      const merge = page.getByRole('row').filter({ hasText: customer.mergedPersonId });
      await merge.waitFor();
      await shot(page, '07-admin-merge-history');
      page.once('dialog', (dialog) => dialog.accept());
      await merge.getByRole('button', { name: 'Unmerge' }).click();
      await page.getByRole('status').filter({ hasText: 'split out again' }).waitFor();
      await page.getByRole('row').filter({ hasText: customer.mergedPersonId }).filter({ hasNotText: 'Unmerge' }).waitFor();

      await page.getByRole('link', { name: 'Platform overview' }).click();
      await page.getByRole('heading', { name: 'Event backlog per consumer' }).waitFor();
      await page.getByTestId('dps').filter({ hasNotText: '…' }).waitFor();
      await shot(page, '08-platform-overview');
      await signOut(page);
    } catch (failure) {
      await shot(page, 'failure-admin');
      throw failure;
    } finally {
      await context.close();
    }
  });
});
