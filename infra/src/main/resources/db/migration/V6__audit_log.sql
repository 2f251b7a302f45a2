-- The audit log: one row per state-changing request (who, what, when, with which Idempotency-Key, and how it ended),
-- with the before and after of a changed stock policy. Append-only like the ledger.
CREATE TABLE audit_event (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              timestamptz NOT NULL DEFAULT clock_timestamp(),
    client          text,
    actor           text,
    method          text        NOT NULL,
    path            text        NOT NULL,
    query           text,
    status          integer     NOT NULL CHECK (status BETWEEN 100 AND 599),
    outcome         text        NOT NULL CHECK (outcome IN ('APPLIED', 'REPLAYED', 'REFUSED', 'FAILED')),
    idempotency_key text,
    remote_address  text,
    summary         text,
    before_state    jsonb,
    after_state     jsonb
);
CREATE INDEX audit_event_at_idx ON audit_event (at DESC, id DESC);
CREATE INDEX audit_event_client_idx ON audit_event (client, at DESC, id DESC);

CREATE FUNCTION refuse_change_of_append_only_table() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'SB002';
END;
$$;

CREATE TRIGGER audit_event_is_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION refuse_change_of_append_only_table();
CREATE TRIGGER audit_event_is_never_truncated
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_of_append_only_table();
