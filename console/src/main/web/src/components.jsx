import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * Loads data for a section; refreshMs keeps it live. A failed refresh keeps the last data and shows
 * the error beside it, so a blip does not blank the page.
 */
export function useLoad(load, deps, refreshMs = 0) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const generation = useRef(0);
  const reload = useCallback(() => {
    const mine = ++generation.current;
    return load().then(
      (data) => mine === generation.current && setState({ data, error: null, loading: false }),
      (error) => mine === generation.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, deps);
  useEffect(() => {
    setState({ data: null, error: null, loading: true });
    reload();
    if (!refreshMs) return undefined;
    const timer = setInterval(() => document.visibilityState === 'visible' && reload(), refreshMs);
    return () => clearInterval(timer);
  }, [reload, refreshMs]);
  return { ...state, reload };
}

/** Success or failure of an action, announced to screen readers as well. */
export function Notice({ notice }) {
  if (!notice) return null;
  return notice.ok
    ? <p class="notice ok" role="status">{notice.text}</p>
    : <p class="notice error" role="alert">{notice.text}</p>;
}

/** Runs an action and turns its outcome into a notice. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState(null);
  const run = useCallback(async (action, success) => {
    setBusy(true);
    setNotice(null);
    try {
      const result = await action();
      setNotice({ ok: true, text: typeof success === 'function' ? success(result) : success });
      return result;
    } catch (error) {
      setNotice({ ok: false, text: error.message });
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, notice, run, setNotice };
}

export function Section({ title, id, children, actions }) {
  const headingId = `${id}-heading`;
  return (
    <section class="card" id={id} aria-labelledby={headingId}>
      <div class="card-head">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** The loading, error and empty states every section shares. */
export function Loaded({ state, empty, children }) {
  if (state.loading && !state.data) return <p class="muted" aria-busy="true">Loading…</p>;
  if (state.error && !state.data) {
    // a part the caller's role does not include is a fact about the role, not a failure
    if (state.error.status === 403) return <p class="muted">Not shown to your role: {state.error.message}</p>;
    if (state.error.status === 404) return <p class="muted">Nothing recorded: {state.error.message}</p>;
    return <p class="notice error" role="alert">{state.error.message}</p>;
  }
  const isEmpty = empty ? empty(state.data) : false;
  return (
    <>
      {state.error && <p class="notice error" role="alert">Refresh failed: {state.error.message}</p>}
      {isEmpty ? <p class="muted">Nothing yet.</p> : children(state.data)}
    </>
  );
}

export function Facts({ items }) {
  return (
    <dl class="facts">
      {items.filter(Boolean).map(([label, value, testId]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd data-testid={testId}>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Table({ caption, columns, rows, rowKey }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>{columns.map((c) => <th scope="col" key={c.label}>{c.label}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey ? rowKey(row) : i}>
              {columns.map((c) => <td key={c.label}>{c.render(row)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function when(instant) {
  if (!instant) return '—';
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? String(instant) : date.toLocaleString();
}

export function yuan(fen) {
  if (fen === null || fen === undefined) return '—';
  return `¥${(Number(fen) / 100).toFixed(2)}`;
}

export function label(code) {
  if (code === null || code === undefined || code === '') return '—';
  return String(code).replace(/_/g, ' ').toLowerCase();
}
