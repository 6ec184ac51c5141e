import { accessToken } from './auth.js';

/** A refusal or failure of the gateway, carrying its problem details (RFC 9457). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problemMessage(status, problem));
    this.status = status;
    this.reason = problem?.reason ?? null;
    this.errors = problem?.errors ?? [];
  }
}

function problemMessage(status, problem) {
  if (!problem) return `The gateway answered HTTP ${status}`;
  const head = problem.detail || problem.title || `HTTP ${status}`;
  const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
  const reason = problem.reason ? ` (${problem.reason})` : '';
  return `${head}${fields && !head.includes(fields) ? ` — ${fields}` : ''}${reason}`;
}

async function call(method, path, body, extraHeaders = {}) {
  const token = await accessToken();
  const headers = { Accept: 'application/json', ...extraHeaders };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') headers['Idempotency-Key'] ??= crypto.randomUUID();
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (network) {
    throw new ApiError(0, { title: 'The gateway cannot be reached', detail: `The gateway cannot be reached: ${network.message}` });
  }
  const type = response.headers.get('Content-Type') ?? '';
  const payload = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body, headers) => call('POST', path, body ?? {}, headers),
  del: (path) => call('DELETE', path),
};

/** Path segment or query value, encoded. */
export const enc = encodeURIComponent;
