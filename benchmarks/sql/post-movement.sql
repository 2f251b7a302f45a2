-- The transaction the API runs for one POST /movements (a one-unit receipt into an existing lot), statement for
-- statement: the Idempotency-Key lock and lookup, the site, product and lot lookups, the ledger write (the movement,
-- the balance update and the change event, by post_movement and the movement triggers), the stored response and the
-- audit row (api/.../audit/AuditTrail), all in one transaction. (In the stored body a space follows the colon before
-- each null: pgbench would read ":null" as a variable.)
\set key random(1, 1000000000000)
BEGIN;
SELECT pg_try_advisory_xact_lock(hashtextextended('bench:' || :client_id || ':' || :key, 0)) AS locked,
       (SELECT request_hash FROM idempotency_record WHERE client = 'bench' AND idempotency_key = :client_id || ':' || :key AND expires_at > now()) AS stored_hash,
       (SELECT response_status FROM idempotency_record WHERE client = 'bench' AND idempotency_key = :client_id || ':' || :key AND expires_at > now()) AS stored_status,
       (SELECT response_body FROM idempotency_record WHERE client = 'bench' AND idempotency_key = :client_id || ':' || :key AND expires_at > now()) AS stored_body;
SELECT id, code, jurisdiction, federal FROM site WHERE code = :site;
SELECT id, code FROM product WHERE code = :product;
SELECT id, lot_number, labelled_expiry, extended_expiry, status, 0::bigint AS on_hand FROM lot WHERE product_id = :product_id AND lot_number = :lot;
SELECT movement_id, recorded_at, occurred_at, on_hand, version FROM post_movement(:site_id, :product_id, :lot_id, 'RECEIPT', 1, 'PURCHASE', NULL, 'bench', NULL, NULL, NULL);
INSERT INTO idempotency_record (client, idempotency_key, request_hash, method, path, response_status, response_body, expires_at)
VALUES ('bench', :client_id || ':' || :key, 'a3f1c0de5b7e9d2c4a6b8f0e1d3c5a7b9e2f4d6c8a0b1e3f5d7c9a2b4e6f8d0c', 'POST', '/api/v1/movements', 201,
        '{"movements":[{"id":1,"site":"SNS-R01","product":"PPE-n95","lot":"L1","type":"RECEIPT","quantity":1,"reasonCode":"PURCHASE","occurredAt":"2026-12-01T00:00:00Z","recordedAt":"2026-12-01T00:00:00Z","actor":"anonymous","documentRef": null,"priorOnHand": null,"reverses": null,"onHand":1,"balanceVersion":1}]}',
        now() + interval '24 hours')
ON CONFLICT (client, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, response_body = EXCLUDED.response_body;
INSERT INTO audit_event (client, actor, method, path, query, status, outcome, idempotency_key, remote_address, summary,
                         before_state, after_state)
VALUES ('bench', 'bench', 'POST', '/api/v1/movements', NULL, 201, 'APPLIED', :client_id || ':' || :key, '127.0.0.1',
        'POST /api/v1/movements', CAST(NULL AS jsonb), CAST(NULL AS jsonb));
COMMIT;
