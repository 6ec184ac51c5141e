import { api } from '../../api.js';
import { routes } from '../../routes.js';
import { Loaded, Section, Table, label, useLoad, when } from '../../components.jsx';

function dayPartNow() {
  const hour = new Date().getHours();
  if (hour < 6) return 'night';
  if (hour < 10) return 'morning_commute';
  if (hour < 17) return 'daytime';
  if (hour < 20) return 'evening_commute';
  return 'evening';
}

export function ListeningSection({ personId, vin }) {
  const listening = useLoad(() => api.get(routes.listening(personId)), [personId]);
  const context = { place: 'car', dayPart: dayPartNow(), drivingState: 'driving' };
  const recommended = useLoad(() => api.get(routes.recommendations(personId, vin, context)), [personId, vin], 60000);
  return (
    <Section title="Listening" id="listening">
      <div class="grid2">
        <div class="panel">
          <h3>Recent listening</h3>
          <Loaded state={listening} empty={(l) => (l.listeningEvents ?? []).length === 0}>
            {(l) => (
              <Table caption="Recent listening" columns={[
                { label: 'When', render: (e) => when(e.eventTime) },
                { label: 'Item', render: (e) => e.item?.replace(/^audioItems\//, '') },
                { label: 'What happened', render: (e) => label(e.type) },
                { label: 'Listened', render: (e) => `${e.listenedSeconds ?? 0} s` },
                { label: 'Where', render: (e) => `${label(e.place)}, ${label(e.dayPart)}` },
              ]} rows={l.listeningEvents} />
            )}
          </Loaded>
        </div>
        <div class="panel">
          <h3>What the car would play now</h3>
          <p class="muted">In the car, {label(context.dayPart)}, driving{vin ? ` (${vin})` : ''}.</p>
          <Loaded state={recommended} empty={(r) => (r.recommendations ?? []).length === 0}>
            {(r) => (
              <>
                <ol class="recs">
                  {r.recommendations.map((x) => (
                    <li key={x.item}>
                      <strong>{x.title}</strong> <span class="chip">{label(x.kind)}</span>
                      <div class="muted">Why: {x.reason || label(x.reasonCode)} · score {Number(x.score).toFixed(2)}</div>
                    </li>
                  ))}
                </ol>
                <p class="muted">Model {r.modelVersion || '—'}</p>
              </>
            )}
          </Loaded>
        </div>
      </div>
    </Section>
  );
}
