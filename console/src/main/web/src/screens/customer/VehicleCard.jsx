import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { routes } from '../../routes.js';
import { Facts, Loaded, Notice, Section, Table, label, useAction, useLoad, when } from '../../components.jsx';

// the signals an advisor looks at first; everything else is one click away
const KEY_SIGNALS = [
  'Vehicle.Speed', 'Vehicle.TraveledDistance', 'Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed',
  'Vehicle.Powertrain.TractionBattery.StateOfHealth', 'Vehicle.Powertrain.FuelSystem.RelativeLevel',
  'Vehicle.Service.DistanceToService', 'Vehicle.Service.TimeToService', 'Vehicle.CurrentLocation.Latitude',
  'Vehicle.CurrentLocation.Longitude', 'Vehicle.Cabin.Infotainment.Media.Played.Source',
];
const LIVE_REFRESH_MS = 5000;

function show(value) {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length > 6 ? `${value.slice(0, 6).join(', ')}… (${value.length})` : value.join(', ');
  if (typeof value === 'number') return Number.isInteger(value) ? value : value.toFixed(2);
  return String(value);
}

/** "Buick Encore 2022 · plate 沪A12345 · owner, linked by dealer_crm:D001" from what identity knows. */
function describeVehicle(relation) {
  if (!relation) return '';
  const car = [relation.brand, relation.model, relation.modelYear ?? relation.year].filter(Boolean).join(' ');
  const plate = relation.licencePlate ? `plate ${relation.licencePlate}` : '';
  const link = `${label(relation.role)}, linked by ${relation.source}`;
  return [car, plate, link].filter(Boolean).join(' · ');
}

export function VehicleCard({ vin, relation }) {
  return (
    <Section title={`Vehicle ${vin}`} id={`vehicle-${vin}`}>
      <p class="muted">{describeVehicle(relation)}</p>
      <div class="grid2">
        <LiveState vin={vin} />
        <OpenAlerts vin={vin} />
        <BatteryHealth vin={vin} />
        <ServiceHistory vin={vin} />
      </div>
    </Section>
  );
}

function LiveState({ vin }) {
  const state = useLoad(() => api.get(routes.vehicleState(vin)), [vin], LIVE_REFRESH_MS);
  const [all, setAll] = useState(false);
  return (
    <div class="panel">
      <h3>Live state <span class="live" aria-hidden="true">●</span><span class="sr-only">(refreshes every 5 seconds)</span></h3>
      <Loaded state={state} empty={(s) => (s.signals ?? []).length === 0}>
        {(s) => {
          const signals = s.signals ?? [];
          const key = signals.filter((x) => KEY_SIGNALS.includes(x.signal));
          const shown = all || key.length === 0 ? signals : key;
          return (
            <>
              <p class="muted" data-testid="state-updated">Updated {when(s.updateTime)} · {signals.length} signals</p>
              <Table caption={`Live signals of ${vin}`} rowKey={(x) => x.signal} columns={[
                { label: 'Signal', render: (x) => x.signal.replace(/^Vehicle\./, '') },
                { label: 'Value', render: (x) => show(x.value) },
                { label: 'Observed', render: (x) => when(x.observeTime) },
              ]} rows={shown} />
              {key.length > 0 && signals.length > key.length && (
                <button type="button" class="link" onClick={() => setAll(!all)}>
                  {all ? 'Show key signals only' : `Show all ${signals.length} signals`}
                </button>
              )}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}

function OpenAlerts({ vin }) {
  const alerts = useLoad(() => api.get(routes.openAlerts(vin)), [vin], 15000);
  return (
    <div class="panel">
      <h3>Open alerts</h3>
      <Loaded state={alerts} empty={(a) => (a.alerts ?? []).length === 0}>
        {(a) => (
          <ul class="alerts">
            {a.alerts.map((x) => (
              <li key={x.alertId ?? x.name} class={`alert type-${x.type}`}>
                <strong>{label(x.type)}</strong>{x.subject && <> · {x.subject}</>}
                <div>{x.description}</div>
                <div class="muted">raised {when(x.raiseTime)} · trigger value {show(x.triggerValue)}</div>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </div>
  );
}

const GRADE_TEXT = {
  a: 'A — fit for second life', b: 'B', c: 'C', d: 'D — recycle', insufficient_data: 'not enough data yet', unspecified: '—',
};

function BatteryHealth({ vin }) {
  const report = useLoad(() => api.get(routes.batteryHealth(vin)), [vin]);
  return (
    <div class="panel">
      <h3>Battery health</h3>
      <Loaded state={report}>
        {(r) => (
          <>
            <Facts items={[
              ['State of health', r.stateOfHealthPercent === null || r.stateOfHealthPercent === undefined ? 'unknown' : `${show(r.stateOfHealthPercent)} %`, 'soh'],
              ['Trend', `${show(r.stateOfHealthSlopePerYear)} % / year`],
              ['Second-life grade', GRADE_TEXT[r.secondLifeGrade] ?? label(r.secondLifeGrade)],
              ['Cells', r.cellCount || '—'],
              ['Cell voltage spread', `${show(r.cellVoltageSpreadMv)} mV (σ ${show(r.cellVoltageStddevMv)})`],
              ['Mean daily spread', `${show(r.meanDailyCellSpreadMv)} mV`],
            ]} />
            {r.gradeRationale && <p class="muted">Why: {r.gradeRationale}</p>}
            {(r.stateOfHealthTrend ?? []).length > 1 && (
              <details>
                <summary>State-of-health trend ({r.stateOfHealthTrend.length} days)</summary>
                <ul class="plain">{r.stateOfHealthTrend.map((pt) => <li key={pt.day}>{new Date(pt.day).toLocaleDateString()}: {show(pt.stateOfHealthPercent)} %</li>)}</ul>
              </details>
            )}
            <p class="muted">Report of {when(r.generateTime)}</p>
          </>
        )}
      </Loaded>
    </div>
  );
}

function ServiceHistory({ vin }) {
  const history = useLoad(() => api.get(routes.serviceHistory(vin)), [vin]);
  const verify = useAction();
  const [verdict, setVerdict] = useState(null);
  // the report goes back to the gateway exactly as it came: the signatures cover it
  const check = async () => {
    setVerdict(null);
    const result = await verify.run(() => api.post(routes.verifyServiceHistory(), history.data),
      (r) => (r.valid ? `Verified: ${r.recordCount} signed record(s), nothing altered` : 'The history does NOT verify: see the findings'));
    if (result) setVerdict(result);
  };
  const records = (h) => h.records ?? [];
  return (
    <div class="panel">
      <h3>Certified service history</h3>
      <Loaded state={history} empty={(h) => records(h).length === 0}>
        {(h) => (
          <Table caption={`Service visits of ${vin}`} rowKey={(r) => r.position} columns={[
            { label: '#', render: (r) => r.position },
            { label: 'Date', render: (r) => r.visit?.visitDate ?? when(r.recordTime) },
            { label: 'Dealer', render: (r) => r.dealerId || '—' },
            { label: 'Work', render: (r) => (r.visit?.workItems ?? []).map((w) => w.description || w.code).join(', ') || '—' },
            { label: 'Odometer', render: (r) => (r.visit?.odometerKm ? `${r.visit.odometerKm} km` : '—') },
          ]} rows={records(h)} />
        )}
      </Loaded>
      {history.data && (
        <button type="button" class="secondary" onClick={check} disabled={verify.busy}>
          {verify.busy ? 'Verifying…' : 'Verify the signed history'}
        </button>
      )}
      <Notice notice={verify.notice} />
      {verdict && (
        <div class={verdict.valid ? 'verdict ok' : 'verdict bad'} data-testid="history-verdict">
          {verdict.valid ? '✔ Verified' : '✘ Not verified'} · {verdict.recordCount} record(s)
          {(verdict.findings ?? []).length > 0 && (
            <ul>{verdict.findings.map((f) => <li key={`${f.index}-${f.reason}`}>record {f.index}: {label(f.reason)} — {f.description}</li>)}</ul>
          )}
        </div>
      )}
    </div>
  );
}
