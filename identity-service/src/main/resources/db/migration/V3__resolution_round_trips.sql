-- Resolution in fewer round trips. In a VOLATILE PL/pgSQL function every query takes a fresh
-- snapshot, so a query that follows a lock inside one function sees everything committed before
-- the lock was granted: lock-then-read becomes one round trip instead of two.

-- Locks the requests and the identifiers, then reads the earlier answers to the requests (with
-- the person they resolve to now), the owners of the identifiers (after merges) and which of them
-- are quarantined.
CREATE FUNCTION identity_lock_and_load(keys TEXT[], rids TEXT[], digests TEXT[]) RETURNS TEXT LANGUAGE plpgsql AS $$
BEGIN
    PERFORM identity_lock_keys(keys);
    RETURN (SELECT CAST(json_build_object(
        'earlier', (SELECT coalesce(json_agg(json_build_object('rid', o.request_id, 'person', o.person_id,
                        'root', coalesce(p.merged_into, p.id), 'erased', p.erased_at IS NOT NULL,
                        'outcome', o.outcome, 'guardrails', o.guardrails)), '[]')
                    FROM observation o JOIN person p ON p.id = o.person_id WHERE o.request_id = ANY (rids)),
        'owners', (SELECT coalesce(json_agg(json_build_object('t', i.type, 's', i.scope, 'v', i.value,
                       'owner', i.person_id, 'root', r.id, 'created', r.created_at)), '[]')
                   FROM person_identifier i JOIN person p ON p.id = i.person_id
                   JOIN person r ON r.id = coalesce(p.merged_into, p.id)
                   WHERE i.digest = ANY (digests)),
        'quarantined', (SELECT coalesce(json_agg(q.digest), '[]') FROM quarantined_identifier q
                        WHERE q.digest = ANY (digests))) AS TEXT));
END;
$$;

-- Locks the rows of the matched root persons (FOR UPDATE, in ID order), then reads their current
-- state and members and, when asked, what the guardrails need: identifier counts per type and scope
-- (quarantined ones excluded) and the do-not-merge pairs among the members.
CREATE FUNCTION identity_lock_roots(roots TEXT[], with_facts BOOLEAN) RETURNS TEXT LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM person WHERE id = ANY (roots) ORDER BY id FOR UPDATE;
    RETURN (WITH m AS (SELECT id, coalesce(merged_into, id) AS root FROM person
                       WHERE id = ANY (roots) OR merged_into = ANY (roots))
        SELECT CAST(json_build_object(
            'persons', (SELECT coalesce(json_agg(json_build_object('id', p.id, 'merged', p.merged_into,
                           'erased', p.erased_at IS NOT NULL, 'created', p.created_at)), '[]')
                        FROM person p WHERE p.id = ANY (roots)),
            'members', (SELECT coalesce(json_agg(json_build_array(m.id, m.root)), '[]') FROM m),
            'counts', CASE WHEN with_facts THEN
                      (SELECT coalesce(json_agg(json_build_array(x.root, x.type, x.scope, x.n)), '[]') FROM
                       (SELECT m.root, i.type, i.scope, count(*) AS n FROM person_identifier i JOIN m ON m.id = i.person_id
                        WHERE NOT EXISTS (SELECT 1 FROM quarantined_identifier q WHERE q.digest = i.digest)
                        GROUP BY m.root, i.type, i.scope) x) ELSE '[]' END,
            'dnm', CASE WHEN with_facts THEN
                   (SELECT coalesce(json_agg(json_build_array(d.person_a, d.person_b)), '[]') FROM do_not_merge d
                    WHERE d.person_a IN (SELECT id FROM m) AND d.person_b IN (SELECT id FROM m)) ELSE '[]' END) AS TEXT));
END;
$$;
