import { api } from '../../api.js';
import { routes } from '../../routes.js';
import { Facts, Loaded, Notice, Section, Table, label, useAction, useLoad, when } from '../../components.jsx';

export function IdentitySection({ person, who, reloadPerson }) {
  const traits = Object.entries(person.traits ?? {});
  return (
    <>
      <Section title="Identifiers and their sources" id="identifiers">
        <Table caption="Identifiers" rowKey={(i) => `${i.type}:${i.value}:${i.scope}`}
          columns={[
            { label: 'Type', render: (i) => label(i.type) },
            { label: 'Value', render: (i) => <span data-testid="identifier-value">{i.value}</span> },
            { label: 'Scope', render: (i) => i.scope || '—' },
            { label: 'Source', render: (i) => i.source },
            { label: 'First seen', render: (i) => when(i.firstSeenTime) },
          ]}
          rows={person.identifiers ?? []} />
        {traits.length > 0 && (
          <Table caption="Profile traits" rowKey={([k]) => k}
            columns={[
              { label: 'Trait', render: ([k]) => label(k) },
              { label: 'Value', render: ([, t]) => t.value },
              { label: 'Source', render: ([, t]) => t.source },
              { label: 'Observed', render: ([, t]) => when(t.observeTime) },
            ]}
            rows={traits} />
        )}
        {(person.interests ?? []).length > 0 && (
          <p>Interests: {person.interests.map((i) => <span class="chip" key={i.tag ?? i}>{i.tag ?? i}</span>)}</p>
        )}
      </Section>
      <MergesSection person={person} who={who} reloadPerson={reloadPerson} />
      <LifecycleSection personId={person.personId} />
      <ConsentsSection personId={person.personId} />
    </>
  );
}

function MergesSection({ person, who, reloadPerson }) {
  const merges = useLoad(() => api.get(routes.merges(person.personId)), [person.personId]);
  const action = useAction();
  const unmerge = (mergedId) => {
    if (!window.confirm(`Split ${mergedId} back out of this customer? They will not be merged again automatically.`)) return;
    action.run(() => api.post(routes.unmerge(mergedId), {}), `Customer ${mergedId} was split out again`)
      .then((done) => done && (merges.reload(), reloadPerson()));
  };
  const records = merges.data?.merges ?? merges.data?.records ?? [];
  const mergedIds = person.mergedPersonIds ?? [];
  return (
    <Section title="Merge history" id="merges">
      <Notice notice={action.notice} />
      {records.length > 0 ? (
        <Table caption="Merges and unmerges" rowKey={(m) => `${m.mergedPersonId}:${m.mergeTime}`}
          columns={[
            { label: 'Merged customer', render: (m) => <code>{m.mergedPersonId ?? m.sourcePersonId}</code> },
            { label: 'Into', render: (m) => <code>{m.survivorPersonId ?? m.targetPersonId ?? person.personId}</code> },
            { label: 'Merged', render: (m) => when(m.mergeTime) },
            { label: 'Unmerged', render: (m) => when(m.unmergeTime) },
            ...(who.isAdmin ? [{
              label: 'Action',
              render: (m) => (!m.unmergeTime && (m.mergedPersonId ?? m.sourcePersonId)
                ? <button type="button" class="secondary" disabled={action.busy}
                  onClick={() => unmerge(m.mergedPersonId ?? m.sourcePersonId)}>Unmerge</button> : '—'),
            }] : []),
          ]}
          rows={records} />
      ) : mergedIds.length > 0 ? (
        <ul>
          {mergedIds.map((id) => (
            <li key={id}><code>{id}</code> was merged into this customer
              {who.isAdmin && <> <button type="button" class="secondary" disabled={action.busy} onClick={() => unmerge(id)}>Unmerge</button></>}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">Never merged: every identifier arrived on this customer directly.</p>
      )}
      {merges.error && merges.error.status !== 404 && <p class="muted">Merge details: {merges.error.message}</p>}
    </Section>
  );
}

function LifecycleSection({ personId }) {
  const lifecycle = useLoad(() => api.get(routes.lifecycle(personId)), [personId]);
  return (
    <Section title="Lifecycle" id="lifecycle">
      <Loaded state={lifecycle}>
        {(l) => (
          <>
            <Facts items={[
              ['Stage', <strong class="stage">{label(l.stage)}{l.advocate ? ' · advocate' : ''}</strong>, 'lifecycle-stage'],
              ['Last visit', when(l.lastVisitTime)],
              ['Computed', when(l.computeTime)],
            ]} />
            {(l.reasons ?? []).length > 0 && (
              <>
                <h3>Why</h3>
                <ul>{l.reasons.map((r) => <li key={r.code}><strong>{label(r.code)}</strong>: {r.description}</li>)}</ul>
              </>
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}

function ConsentsSection({ personId }) {
  const consents = useLoad(() => api.get(routes.consents(personId)), [personId]);
  return (
    <Section title="Consents" id="consents">
      <Loaded state={consents} empty={(c) => (c.current ?? []).length === 0 && (c.history ?? []).length === 0}>
        {(c) => (
          <>
            <Table caption="Current consent per purpose and channel" columns={[
              { label: 'Purpose', render: (s) => label(s.purpose) },
              { label: 'Channel', render: (s) => (s.channel === 'unspecified' ? 'every channel' : label(s.channel)) },
              { label: 'May use', render: (s) => (s.granted ? <span class="yes">yes</span> : <span class="no">no</span>) },
              { label: 'State', render: (s) => `${label(s.state)} (${label(s.reason)})` },
              { label: 'Source', render: (s) => s.source || '—' },
              { label: 'Recorded', render: (s) => when(s.recordTime) },
              { label: 'Expires', render: (s) => when(s.expireTime) },
            ]} rows={c.current ?? []} />
            <details>
              <summary>History ({(c.history ?? []).length} records)</summary>
              <Table caption="Consent history" columns={[
                { label: 'Recorded', render: (r) => when(r.recordTime) },
                { label: 'Purpose', render: (r) => label(r.purpose) },
                { label: 'Channel', render: (r) => label(r.channel) },
                { label: 'State', render: (r) => label(r.state) },
                { label: 'Source', render: (r) => r.source },
                { label: 'By', render: (r) => r.recordedBy || '—' },
              ]} rows={c.history ?? []} />
            </details>
          </>
        )}
      </Loaded>
    </Section>
  );
}
