import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

// Authorization code flow with PKCE (S256) against the realm's public client; the gateway tells
// where Keycloak is, so one build of the console works behind every gateway.
let manager;

export async function startAuth() {
  const response = await fetch('/console/api/config', { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`The gateway did not give the console its settings (HTTP ${response.status})`);
  const config = await response.json();
  const home = `${window.location.origin}/console/`;
  manager = new UserManager({
    authority: `${config.keycloakUrl}/realms/${config.realm}`,
    client_id: config.clientId,
    redirect_uri: home,
    // a query, not a fragment: Keycloak matches post-logout URIs like redirect URIs, which have none
    post_logout_redirect_uri: `${home}?signed-out`,
    response_type: 'code',
    scope: 'openid profile',
    // the session lives as long as the tab: nothing outlives closing it
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: true,
  });
  const params = new URLSearchParams(window.location.search);
  if (params.has('code') || params.has('error')) {
    const user = await manager.signinRedirectCallback();
    // drop ?code=&state= from the address bar and go where the user was heading
    window.history.replaceState({}, '', `/console/${user.state || '#/find'}`);
    return user;
  }
  if (params.has('signed-out')) {
    window.history.replaceState({}, '', '/console/#/signed-out');
  }
  const user = await manager.getUser();
  return user && !user.expired ? user : null;
}

export function signIn(returnTo) {
  if (!manager) {
    window.location.reload(); // the settings never arrived: start over
    return Promise.resolve();
  }
  return manager.signinRedirect({ state: returnTo || '#/find' });
}

export function signOut() {
  return manager.signoutRedirect();
}

export async function accessToken() {
  const user = await manager.getUser();
  if (!user || user.expired) {
    return null;
  }
  return user.access_token;
}

export function onUserChange(listener) {
  manager.events.addUserLoaded(listener);
  manager.events.addUserUnloaded(() => listener(null));
  manager.events.addSilentRenewError(() => listener(null));
}

/** Who is signed in, from the access token the gateway sees (roles and dealer decide what shows). */
export function describe(user) {
  const claims = decodeJwt(user.access_token);
  const roles = claims.realm_access?.roles ?? [];
  return {
    name: claims.preferred_username ?? user.profile?.preferred_username ?? 'signed in',
    dealerId: claims.dealer_id ?? null,
    isAdmin: roles.includes('platform_admin'),
    isDealer: roles.includes('dealer'),
  };
}

function decodeJwt(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch {
    return {};
  }
}
