import { enc } from './api.js';

/**
 * Every gateway route the console calls, in one place: the console is a client of the same /v1 API
 * partners use (plus /console/api for what only the console needs), under the caller's own token,
 * so the gateway's access policy decides what a dealer sees.
 */
export const routes = {
  personSearch: (kind, value) => `/v1/person-searches?${kind}=${enc(value)}&pageSize=50`,
  personLookup: (type, value) => `/v1/person-lookups?type=${enc(type)}&value=${enc(value)}`,
  person: (id) => `/v1/persons/${enc(id)}`,
  merges: (id) => `/console/api/persons/${enc(id)}/merges`,
  unmerge: (mergedId) => `/v1/persons/${enc(mergedId)}/unmerge`,
  lifecycle: (id) => `/v1/persons/${enc(id)}/lifecycle`,
  consents: (id) => `/v1/persons/${enc(id)}/consents?pageSize=50`,
  vehicleState: (vin) => `/v1/vehicles/${enc(vin)}/state`,
  openAlerts: (vin) => `/v1/vehicles/${enc(vin)}/alerts?openOnly=true&pageSize=50`,
  batteryHealth: (vin) => `/v1/vehicles/${enc(vin)}/battery-health`,
  serviceHistory: (vin) => `/v1/vehicles/${enc(vin)}/service-history`,
  verifyServiceHistory: () => `/v1/service-history-verifications`,
  account: (id) => `/v1/loyalty/accounts/${enc(id)}`,
  ledger: (id) => `/v1/loyalty/accounts/${enc(id)}/entries?pageSize=100`,
  coupons: (id) => `/v1/persons/${enc(id)}/coupons?pageSize=50`,
  validateCoupon: () => `/v1/coupon-validations`,
  redeemCoupon: () => `/v1/coupon-redemptions`,
  verifyCouponQr: () => `/v1/coupon-qr-verifications`,
  rollbackRedemption: (code, redemptionId) => `/v1/coupons/${enc(code)}/redemptions/${enc(redemptionId)}/rollbacks`,
  listening: (id) => `/v1/persons/${enc(id)}/listening-events?pageSize=20`,
  recommendations: (id, vin, context) => `/v1/recommendations?person=${enc(id)}${vin ? `&vehicle=${enc(vin)}` : ''}`
    + `&place=${enc(context.place)}&dayPart=${enc(context.dayPart)}&drivingState=${enc(context.drivingState)}&count=5`,
  overview: () => `/console/api/overview`,
};
