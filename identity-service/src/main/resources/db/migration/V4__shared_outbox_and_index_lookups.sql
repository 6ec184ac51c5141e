-- Events now leave through the shared platform-events outbox (outbox_event, its V0_1 migration runs
-- first). Events the service's own outbox still holds were never relayed: they move over, so the
-- relay publishes them, and the own outbox goes.
INSERT INTO outbox_event (event_id, topic, type, source, subject, occurred_at, traceparent, payload, created_at)
SELECT gen_random_uuid(), o.topic, o.event_type, 'identity-service', 'persons/' || o.subject, o.created_at, NULL,
       o.payload, o.created_at
  FROM identity_event_outbox o
 WHERE o.published_at IS NULL
 ORDER BY o.id;
DROP TABLE identity_event_outbox;

-- The guardrail facts of identity_lock_roots read the members' identifiers and do-not-merge pairs
-- through "= ANY (array)" (an index lookup) instead of "IN (subquery)", which let the planner
-- hash-join the whole person_identifier table on every resolution.
CREATE OR REPLACE FUNCTION identity_lock_roots(roots TEXT[], with_facts BOOLEAN) RETURNS TEXT LANGUAGE plpgsql AS $$
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
                        WHERE i.person_id = ANY (ARRAY(SELECT id FROM m))
                          AND NOT EXISTS (SELECT 1 FROM quarantined_identifier q WHERE q.digest = i.digest)
                        GROUP BY m.root, i.type, i.scope) x) ELSE '[]' END,
            'dnm', CASE WHEN with_facts THEN
                   (SELECT coalesce(json_agg(json_build_array(d.person_a, d.person_b)), '[]') FROM do_not_merge d
                    WHERE d.person_a = ANY (ARRAY(SELECT id FROM m)) AND d.person_b = ANY (ARRAY(SELECT id FROM m)))
                   ELSE '[]' END) AS TEXT));
END;
$$;
