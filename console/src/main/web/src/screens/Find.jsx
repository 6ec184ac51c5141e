import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { routes } from '../routes.js';
import { Notice, useAction } from '../components.jsx';
import { searchResults } from '../people.js';

const KINDS = [
  ['auto', 'Anything (recognised from what you type)'],
  ['phone', 'Phone'],
  ['vin', 'VIN'],
  ['licencePlate', 'Licence plate'],
  ['name', 'Name or part of it'],
  ['email', 'E-mail'],
];
const KIND_NAMES = Object.fromEntries(KINDS);

/** What a typed query most likely is: the gateway searches by exactly one kind. */
export function guessKind(query) {
  const q = query.trim();
  if (q.includes('@')) return 'email';
  if (/^[A-HJ-NPR-Z0-9]{17}$/i.test(q)) return 'vin';
  if (/^\+?[\d\s-]{6,20}$/.test(q)) return 'phone';
  if (/^[\u4e00-\u9fff][A-Z][A-Z0-9·.\s-]{4,7}$/i.test(q)) return 'licencePlate';
  if (/^[A-Z0-9·.\s-]{4,10}$/i.test(q) && /\d/.test(q) && /[A-Z]/i.test(q)) return 'licencePlate';
  return 'name';
}

export function Find({ initialQuery, who }) {
  const [query, setQuery] = useState(initialQuery);
  const [kind, setKind] = useState('auto');
  const [results, setResults] = useState(null);
  const { busy, notice, run, setNotice } = useAction();

  const search = async (text, chosen) => {
    const q = text.trim();
    if (!q) {
      setNotice({ ok: false, text: 'Type a phone, VIN, licence plate or part of a name.' });
      return;
    }
    const by = chosen === 'auto' ? guessKind(q) : chosen;
    if (window.location.hash !== `#/find?q=${encodeURIComponent(q)}`) {
      window.history.replaceState({}, '', `#/find?q=${encodeURIComponent(q)}`);
    }
    const found = await run(async () => searchResults(await api.get(routes.personSearch(by, q))),
      (list) => `${list.length} customer${list.length === 1 ? '' : 's'} found by ${KIND_NAMES[by].toLowerCase()}`);
    setResults(found ?? null);
  };

  useEffect(() => {
    if (initialQuery) search(initialQuery, 'auto');
  }, [initialQuery]);

  return (
    <>
      <h1>Find a customer</h1>
      <p class="muted">
        {who.isAdmin ? 'You see every customer.' : `You see the customers of dealer ${who.dealerId ?? '(none)'}.`}
      </p>
      <form class="search" role="search" onSubmit={(e) => { e.preventDefault(); search(query, kind); }}>
        <label for="find-query">Phone, VIN, licence plate or name</label>
        <div class="row">
          <input id="find-query" name="q" type="search" value={query} autoComplete="off" autoFocus
            placeholder="138 0013 8000 · LSVAU2180N2183294 · 沪A12345 · Wang"
            onInput={(e) => setQuery(e.currentTarget.value)} />
          <label class="sr-only" for="find-kind">Search by</label>
          <select id="find-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            {KINDS.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
          </select>
          <button type="submit" disabled={busy}>{busy ? 'Searching…' : 'Search'}</button>
        </div>
      </form>
      <Notice notice={notice} />
      {results && results.length > 0 && (
        <ul class="results" aria-label="Customers found">
          {results.map((p) => (
            <li key={p.personId} class="card result">
              <a href={`#/persons/${encodeURIComponent(p.personId)}`} data-testid="result-link">
                <strong>{p.displayName || 'Unnamed customer'}</strong>
              </a>
              <span class="muted"> {p.personId}</span>
              <div class="chips">
                {p.maskedPhone && <span class="chip">☎ {p.maskedPhone}</span>}
                {p.lifecycleStage && p.lifecycleStage !== 'unspecified' && <span class="chip">{p.lifecycleStage}</span>}
                {(p.vins ?? []).map((v) => <span class="chip" key={v}>🚗 {v}</span>)}
                {(p.dealerIds ?? []).map((d) => <span class="chip" key={d}>dealer {d}</span>)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
