// Test data made through the gateway's REST API, as a partner app and the platform team would.
import { randomUUID } from 'node:crypto';

export const GATEWAY = (process.env.CHEZHU_GATEWAY_URL ?? 'http://localhost:28080').replace(/\/$/, '');
export const KEYCLOAK = (process.env.CHEZHU_KEYCLOAK_URL ?? 'http://localhost:8180').replace(/\/$/, '');

const PASSWORDS = { 'advisor.d001': 'advisor', 'advisor.d002': 'advisor', 'admin.platform': 'admin' };

export async function token(who) {
  const form = PASSWORDS[who]
    ? { grant_type: 'password', client_id: 'chezhu-console', username: who, password: PASSWORDS[who] }
    : { grant_type: 'client_credentials', client_id: who, client_secret: `${who}-secret` };
  const response = await fetch(`${KEYCLOAK}/realms/chezhu/protocol/openid-connect/token`, {
    method: 'POST', body: new URLSearchParams(form),
  });
  if (!response.ok) throw new Error(`Keycloak refused a token for ${who}: ${response.status} ${await response.text()}`);
  return (await response.json()).access_token;
}

export async function call(who, method, path, body) {
  const headers = { Authorization: `Bearer ${await token(who)}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['Idempotency-Key'] = randomUUID();
  const response = await fetch(`${GATEWAY}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} as ${who}: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const digits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/**
 * A customer of dealer D001 (its CRM reported them) with a car, consent, a coupon to redeem, and an
 * app account merged into them.
 */
export async function createDealerCustomer() {
  const suffix = digits(6);
  const phone = `139${digits(8)}`;
  const vin = `LSV${Array.from({ length: 14 }, () => VIN_CHARS[Math.floor(Math.random() * VIN_CHARS.length)]).join('')}`;
  const familyName = `Browser${suffix}`;
  const resolved = await call('partner-app', 'POST', '/v1/observations', {
    source: 'dealer_crm:D001',
    identifiers: [
      { type: 'phone', value: phone },
      { type: 'dealer_crm_id', value: `CRM-${suffix}`, scope: 'D001' },
    ],
    traits: { given_name: 'Lan', family_name: familyName },
    vehicles: [{ vin, role: 'owner' }],
  });
  const personId = resolved.person.personId;
  // the same person met the app under an e-mail first; an observation with both joins them
  const email = `lan.${suffix}${digits(4)}@chezhu-owner.cn`;
  const appPerson = await call('partner-app', 'POST', '/v1/observations', {
    source: 'app', identifiers: [{ type: 'email', value: email }], traits: { given_name: 'Lan' },
  });
  const merged = await call('partner-app', 'POST', '/v1/observations', {
    source: 'app', identifiers: [{ type: 'phone', value: phone }, { type: 'email', value: email }],
  });
  if (merged.outcome !== 'merged') throw new Error(`expected a merge, got ${merged.outcome}`);
  await call('partner-app', 'POST', `/v1/persons/${personId}/consents`,
    { purpose: 'marketing', state: 'granted', source: 'app' });
  const coupon = await publishCoupon(personId);
  return { personId, phone, vin, familyName, coupon, mergedPersonId: appPerson.person.personId };
}

async function publishCoupon(personId) {
  const campaign = await createCampaign();
  const published = await call('partner-app', 'POST', `/v1/campaigns/${campaign.campaignId}/coupons`, { personId });
  return published.coupon;
}

/** A ¥50-off campaign redeemable at D001, created by the platform team. */
async function createCampaign() {
  const now = Date.now();
  try {
    return await call('admin.platform', 'POST', '/v1/campaigns', {
      displayName: 'Browser test: ¥50 off a service',
      discount: { kind: 'amount', amount: 5000 },
      startTime: new Date(now - 60_000).toISOString(),
      endTime: new Date(now + 30 * 86_400_000).toISOString(),
      couponValidityDays: 30,
      budget: { maxCount: 100, maxValue: 500_000 },
      perPersonLimit: 1,
      dealerIds: ['D001'],
      codePattern: 'BT-XXXX-XXXX-XXXX',
    });
  } catch (error) {
    if (!/HTTP (404|405)/.test(error.message)) throw error;
    // a gateway without campaign creation in /v1: the console's own route for the platform team
    return call('admin.platform', 'POST', '/console/api/campaigns', {
      displayName: 'Browser test: ¥50 off a service', amount: 5000, validityDays: 30, maxCount: 100,
      dealerIds: ['D001'], codePattern: 'BT-XXXX-XXXX-XXXX',
    });
  }
}
