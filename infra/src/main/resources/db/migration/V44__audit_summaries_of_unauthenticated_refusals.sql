-- Refusals of requests without a verified caller (no token, a bad token) are summarised instead of stored one by one:
-- a summary row stands for `occurrences` refusals of one remote address with one status, the first at first_at and
-- the last at last_at, and lists the requests seen as {"METHOD path": count}. Every other row stands for one request
-- (occurrences 1, no first_at, last_at or requests).
ALTER TABLE audit_event
    ADD COLUMN occurrences bigint NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
    ADD COLUMN first_at    timestamptz,
    ADD COLUMN last_at     timestamptz,
    ADD COLUMN requests    jsonb;
