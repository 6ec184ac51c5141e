// The gateway's Swagger UI in a real (headless) Chromium: a partner opens it, authorizes with a
// Keycloak token, tries "read a person" against the running services and sees 200.
//
// Env (set by ./chezhu browser-tests): CHEZHU_GATEWAY_URL, CHEZHU_KEYCLOAK_URL, CHROMIUM, SCREENSHOTS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const gateway = process.env.CHEZHU_GATEWAY_URL ?? 'http://localhost:8080';
const keycloak = process.env.CHEZHU_KEYCLOAK_URL ?? 'http://localhost:8180';
const screenshots = process.env.SCREENSHOTS ?? 'target/screenshots';

let browser;

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

async function partnerToken() {
  const response = await fetch(`${keycloak}/realms/chezhu/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials', client_id: 'partner-app', client_secret: 'partner-app-secret',
    }),
  });
  assert.equal(response.status, 200, `Keycloak token: ${response.status}`);
  return (await response.json()).access_token;
}

// a person the UI can read: identified through the gateway itself, with a phone unique to this run
async function identifyPerson(token) {
  const phone = `139${String(Date.now()).slice(-8)}`;
  const response = await fetch(`${gateway}/v1/observations`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(),
    },
    body: JSON.stringify({ source: 'app', identifiers: [{ type: 'phone', value: phone }], traits: { given_name: 'Lan' } }),
  });
  const text = await response.text();
  assert.equal(response.status, 200, `identify: ${response.status} ${text}`);
  return JSON.parse(text).person.personId;
}

test('Swagger UI: authorize with a partner token and read a person through the real services', async () => {
  const token = await partnerToken();
  const personId = await identifyPerson(token);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await page.goto(`${gateway}/q/swagger-ui`, { waitUntil: 'networkidle' });
    await page.locator('.swagger-ui .info .title').waitFor();
    assert.match(await page.locator('.swagger-ui .info .title').innerText(), /Chezhu partner API/);
    await page.screenshot({ path: `${screenshots}/swagger-ui-loaded.png`, fullPage: false });

    // Authorize: the bearer scheme takes the raw token
    await page.locator('button.authorize').first().click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input').first().fill(token);
    await dialog.locator('button.modal-btn.auth.authorize').click();
    await dialog.locator('button.modal-btn.auth.btn-done, button.btn-done').first().click();
    await page.screenshot({ path: `${screenshots}/swagger-ui-authorized.png` });

    // GET /v1/persons/{personId}: expand, try it out, fill the path parameter, execute
    const operation = page.locator('.opblock.opblock-get', {
      has: page.locator('.opblock-summary-path[data-path="/v1/persons/{personId}"]'),
    });
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('input[placeholder="personId"]').fill(personId);
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 15000 });
    const shown = (await status.innerText()).trim();
    await operation.scrollIntoViewIfNeeded();
    await operation.screenshot({ path: `${screenshots}/swagger-ui-read-person.png` });

    assert.match(shown, /^2\d\d/, `Swagger UI shows ${shown}`);
    const body = await operation.locator('.live-responses-table .response .microlight, .live-responses-table pre').first()
      .innerText();
    assert.ok(body.includes(personId), 'the response shown is the person read');
  } finally {
    await page.close();
  }
});
