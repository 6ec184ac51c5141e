import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { describe, onUserChange, signIn, signOut, startAuth } from './auth.js';
import { Find } from './screens/Find.jsx';
import { Customer } from './screens/Customer.jsx';
import { Overview } from './screens/Overview.jsx';
import './styles.css';

function useHashRoute() {
  const [hash, setHash] = useState(window.location.hash || '#/find');
  useEffect(() => {
    const update = () => setHash(window.location.hash || '#/find');
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash;
}

function route(hash, who) {
  const person = hash.match(/^#\/persons\/([^/?]+)/);
  if (person) return <Customer personId={decodeURIComponent(person[1])} who={who} />;
  if (hash.startsWith('#/overview')) {
    return who.isAdmin ? <Overview /> : <p class="notice error" role="alert">The platform overview is for platform admins.</p>;
  }
  const query = hash.match(/^#\/find\?q=(.*)$/);
  return <Find initialQuery={query ? decodeURIComponent(query[1]) : ''} who={who} />;
}

function Shell({ user }) {
  const hash = useHashRoute();
  const who = describe(user);
  useEffect(() => {
    const main = document.getElementById('main');
    if (main) main.focus({ preventScroll: true });
  }, [hash.split('?')[0]]);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>Skip to content</a>
      <header class="top">
        <span class="brand">Chezhu console</span>
        <nav aria-label="Main">
          <a href="#/find" aria-current={hash.startsWith('#/find') ? 'page' : undefined}>Find a customer</a>
          {who.isAdmin && <a href="#/overview" aria-current={hash.startsWith('#/overview') ? 'page' : undefined}>Platform overview</a>}
        </nav>
        <span class="who" data-testid="who">
          {who.name}{who.dealerId ? ` · dealer ${who.dealerId}` : ''}{who.isAdmin ? ' · platform admin' : ''}
        </span>
        <button type="button" class="secondary" onClick={() => signOut()}>Sign out</button>
      </header>
      <main id="main" tabIndex={-1}>{route(hash, who)}</main>
    </>
  );
}

function SignedOut({ message }) {
  const signedOut = window.location.hash.startsWith('#/signed-out');
  return (
    <main id="main" class="signin">
      <h1>Chezhu console</h1>
      <p>For dealer staff and the brand's platform team.</p>
      {message && <p class="notice error" role="alert">{message}</p>}
      {signedOut && !message && <p class="notice ok" role="status">You are signed out.</p>}
      <button type="button" onClick={() => signIn(signedOut ? '#/find' : window.location.hash)}>Sign in</button>
    </main>
  );
}

function App() {
  const [state, setState] = useState({ ready: false, user: null, message: null });
  useEffect(() => {
    startAuth().then(
      (user) => {
        setState({ ready: true, user, message: null });
        onUserChange((next) => setState({ ready: true, user: next, message: next ? null : 'Your session ended: sign in again.' }));
      },
      (error) => setState({ ready: true, user: null, message: `Sign-in failed: ${error.message}` }),
    );
  }, []);
  if (!state.ready) return <p class="muted" aria-busy="true">Starting…</p>;
  return state.user ? <Shell user={state.user} /> : <SignedOut message={state.message} />;
}

render(<App />, document.getElementById('app'));
