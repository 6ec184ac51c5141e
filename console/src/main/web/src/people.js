/** How the console names and summarises a person from the gateway's PersonView. */
export function displayName(person) {
  const t = person?.traits ?? {};
  const value = (key) => t[key]?.value ?? (typeof t[key] === 'string' ? t[key] : null);
  const full = [value('family_name'), value('given_name')].filter(Boolean).join(' ');
  return full || value('name') || value('nickname') || 'Unnamed customer';
}


/** A search answer as a list of persons, whatever envelope the route uses. */
export function searchResults(answer) {
  const list = answer?.persons ?? answer?.results ?? answer?.matches ?? answer?.items ?? [];
  return list.map((entry) => (entry.person ? { ...entry.person, matchedOn: entry.matchedOn ?? entry.match ?? entry.reason } : entry));
}
