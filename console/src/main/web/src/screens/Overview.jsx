import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { routes } from '../routes.js';
import { Section, label, useLoad, when } from '../components.jsx';

const REFRESH_MS = 3000;
const HISTORY = 40;

/** Datapoints per second from successive cumulative totals, kept for a small live chart. */
function useRate(total, time) {
  const last = useRef(null);
  const [series, setSeries] = useState([]);
  useEffect(() => {
    if (total === undefined || total === null || !time) return;
    const now = new Date(time).getTime();
    if (last.current && now > last.current.time) {
      const rate = Math.max(0, (total - last.current.total) / ((now - last.current.time) / 1000));
      setSeries((s) => [...s.slice(-(HISTORY - 1)), rate]);
    }
    last.current = { total, time: now };
  }, [total, time]);
  return series;
}

function Sparkline({ values, title }) {
  const width = 320;
  const height = 80;
  const max = Math.max(1, ...values);
  const points = values.map((v, i) => `${(i / Math.max(1, HISTORY - 1)) * width},${height - (v / max) * (height - 4)}`).join(' ');
  return (
    <svg class="spark" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} preserveAspectRatio="none">
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="2" />
    </svg>
  );
}

/** Horizontal bars: label, bar, number — readable without colour. */
function Bars({ items, caption, unit = '' }) {
  const max = Math.max(1, ...items.map(([, v]) => v));
  return (
    <figure class="bars">
      <figcaption class="sr-only">{caption}</figcaption>
      {items.length === 0 && <p class="muted">Nothing yet.</p>}
      {items.map(([name, value]) => (
        <div class="bar-row" key={name}>
          <span class="bar-label">{name}</span>
          <span class="bar-track" aria-hidden="true"><span class="bar" style={{ width: `${(value / max) * 100}%` }} /></span>
          <span class="bar-value">{value}{unit}</span>
        </div>
      ))}
    </figure>
  );
}

export function Overview() {
  const overview = useLoad(() => api.get(routes.overview()), [], REFRESH_MS);
  const o = overview.data;
  const rate = useRate(o?.telemetry?.datapointsStored, o?.time);
  const current = rate.length ? rate[rate.length - 1] : null;
  if (!o) {
    return (
      <>
        <h1>Platform overview</h1>
        {overview.error ? <p class="notice error" role="alert">{overview.error.message}</p> : <p class="muted" aria-busy="true">Loading…</p>}
      </>
    );
  }
  const offers = o.offers ?? {};
  const resolution = o.resolution ?? {};
  return (
    <>
      <h1>Platform overview</h1>
      <p class="muted">Live, every {REFRESH_MS / 1000} s · {when(o.time)}</p>
      {overview.error && <p class="notice error" role="alert">Refresh failed: {overview.error.message}</p>}
      {(o.unavailable ?? []).length > 0 && (
        <p class="notice error" role="alert">Not reachable right now: {o.unavailable.join(', ')}</p>
      )}
      <div class="counters">
        <div class="counter-tile"><span class="big" data-testid="dps">{current === null ? '…' : current.toFixed(1)}</span><span>datapoints / s</span></div>
        <div class="counter-tile"><span class="big">{o.telemetry?.datapointsStored ?? '—'}</span><span>datapoints stored</span></div>
        <div class="counter-tile"><span class="big">{resolution.persons ?? '—'}</span><span>persons</span></div>
        <div class="counter-tile"><span class="big">{offers.published ?? '—'}</span><span>offers made</span></div>
        <div class="counter-tile"><span class="big">{offers.redeemed ?? '—'}</span><span>offers redeemed</span></div>
      </div>
      <div class="grid2">
        <Section title="Datapoints per second" id="ov-dps">
          <Sparkline values={rate} title={`Datapoints per second, last ${HISTORY} samples; now ${current?.toFixed(1) ?? 'unknown'}`} />
        </Section>
        <Section title="Alerts by type" id="ov-alerts">
          <Bars caption="Alerts raised by type" items={Object.entries(o.telemetry?.alertsRaisedByType ?? {}).map(([k, v]) => [label(k), v])} />
        </Section>
        <Section title="Offers: made → redeemed" id="ov-offers">
          <Bars caption="Offer funnel" items={[
            ['made (coupons published)', offers.published ?? 0],
            ['redeemed', offers.redeemed ?? 0],
            ['rolled back', offers.rolledBack ?? 0],
            ['triggered personal offers', offers.triggeredOffersMade ?? 0],
          ]} />
          {offers.published > 0 && <p class="muted">{((100 * (offers.redeemed ?? 0)) / offers.published).toFixed(1)}% redeemed</p>}
        </Section>
        <Section title="Resolution quality" id="ov-resolution">
          <Bars caption="Identity resolution" items={[
            ['observations', resolution.observations],
            ['persons created', resolution.persons],
            ['merges', resolution.merges],
            ['refused merges', resolution.refusedMerges],
            ['unmerges', resolution.unmerges],
            ['identifiers quarantined', resolution.quarantinedIdentifiers],
          ].filter(([, v]) => v !== null && v !== undefined)} />
          {(resolution.persons === null || resolution.refusedMerges === null) && (
            <p class="muted">Persons created and refused merges appear once identity-service exports counters for them.</p>
          )}
          {resolution.observations > 0 && resolution.persons > 0 && (
            <p class="muted">{(resolution.observations / Math.max(1, resolution.persons)).toFixed(2)} observations per person</p>
          )}
        </Section>
      </div>
      <Section title="Event backlog per consumer" id="ov-backlog">
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Event backlog">
          <table>
            <thead><tr><th scope="col">Stream</th><th scope="col">Consumer group</th><th scope="col">Not yet read</th><th scope="col">Read, not acknowledged</th><th scope="col">Dead letters</th></tr></thead>
            <tbody>
              {(o.backlog ?? []).map((b) => (
                <tr key={`${b.stream}/${b.group}`}>
                  <td>{b.stream}</td><td>{b.group}</td><td>{b.lag ?? '—'}</td><td>{b.pending}</td><td>{b.deadLetters ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
}
