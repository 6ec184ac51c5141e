import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { routes } from '../routes.js';
import { useLoad } from '../components.jsx';
import { displayName } from '../people.js';
import { IdentitySection } from './customer/IdentitySection.jsx';
import { VehicleCard } from './customer/VehicleCard.jsx';
import { LoyaltySection } from './customer/LoyaltySection.jsx';
import { ListeningSection } from './customer/ListeningSection.jsx';

/** Customer 360: one page with everything the caller may see about one person. */
export function Customer({ personId, who }) {
  const person = useLoad(() => api.get(routes.person(personId)), [personId]);
  const [tab, setTab] = useState('all');

  if (person.loading && !person.data) return <p class="muted" aria-busy="true">Loading the customer…</p>;
  if (person.error && !person.data) {
    const refused = person.error.status === 403;
    return (
      <>
        <h1>{refused ? 'Not your customer' : 'Customer not available'}</h1>
        <p class="notice error" role="alert" data-testid="person-error">
          {refused ? `You may not open this customer: ${person.error.message}` : person.error.message}
        </p>
        <p><a href="#/find">Back to search</a></p>
      </>
    );
  }
  const p = person.data;
  const vins = [...new Set((p.vehicles ?? []).map((v) => v.vin))];
  const parts = [
    ['all', 'Everything'], ['identity', 'Identity'], ['vehicles', `Vehicles (${vins.length})`],
    ['loyalty', 'Loyalty & coupons'], ['listening', 'Listening'],
  ];
  const show = (part) => tab === 'all' || tab === part;
  return (
    <>
      <div class="page-head">
        <h1 data-testid="person-name">{displayName(p)}</h1>
        <p class="muted">Customer <code>{p.personId}</code>{(p.dealerIds ?? []).length > 0 && <> · dealers {p.dealerIds.join(', ')}</>}</p>
      </div>
      <div class="tabs" role="group" aria-label="Show">
        {parts.map(([key, text]) => (
          <button type="button" key={key} class={tab === key ? 'tab active' : 'tab'} aria-pressed={tab === key}
            onClick={() => setTab(key)}>{text}</button>
        ))}
      </div>
      {show('identity') && <IdentitySection person={p} who={who} reloadPerson={person.reload} />}
      {show('vehicles') && (
        vins.length === 0
          ? <section class="card"><h2>Vehicles</h2><p class="muted">No vehicle linked to this customer.</p></section>
          : vins.map((vin) => <VehicleCard key={vin} vin={vin} relation={p.vehicles.find((v) => v.vin === vin)} />)
      )}
      {show('loyalty') && <LoyaltySection personId={p.personId} who={who} />}
      {show('listening') && <ListeningSection personId={p.personId} vin={vins[0]} />}
    </>
  );
}
