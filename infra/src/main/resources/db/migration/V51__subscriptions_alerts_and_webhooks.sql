-- Subscriptions, the alerts they raise, and the webhooks that carry them (docs/alerts-and-webhooks.md).
--
-- A subscription belongs to an owner: the token's client, or client/person when the request named a person in
-- X-Actor. What it watches is stored as the codes the owner gave; the sites its owner could see when it saved it are
-- kept beside them (visible_sites, null for callers not limited to sites), and the evaluator never matches a site
-- outside them, so a partner is never alerted about another tenant's site whatever it watches.
CREATE TABLE subscription (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner              text        NOT NULL CHECK (owner <> ''),
    name               text        NOT NULL CHECK (name <> ''),
    events             text[]      NOT NULL CHECK (cardinality(events) > 0),
    products           text[]      NOT NULL DEFAULT '{}',
    equivalence_groups text[]      NOT NULL DEFAULT '{}',
    atc_prefixes       text[]      NOT NULL DEFAULT '{}',
    sites              text[]      NOT NULL DEFAULT '{}',
    jurisdictions      text[]      NOT NULL DEFAULT '{}',
    owner_jurisdiction text REFERENCES jurisdiction (code),
    visible_sites      bigint[],
    webhook_url        text,
    version            bigint      NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscription_owner_idx ON subscription (owner, id);

-- The secrets a subscription's webhooks are signed with: the current one (expires_at null) and, after a rotation, the
-- one it replaced until its grace period ends. They are kept as issued: HMAC needs the secret itself.
CREATE TABLE subscription_secret (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id bigint      NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    secret          text        NOT NULL CHECK (secret LIKE 'whsec\_%'),
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at      timestamptz
);
CREATE UNIQUE INDEX subscription_secret_current_idx ON subscription_secret (subscription_id) WHERE expires_at IS NULL;

-- Alerts, with the evidence that raised or cleared them. condition_key names the condition (site/product for stock,
-- transfer/<id>/<event> for transfers); kind says whether the alert raised it or cleared it.
CREATE TABLE alert (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id bigint      NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    owner           text        NOT NULL,
    event           text        NOT NULL,
    condition_key   text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('RAISED', 'CLEARED')),
    site_id         bigint REFERENCES site (id),
    evidence        jsonb       NOT NULL,
    change_position bigint,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    read_at         timestamptz
);
CREATE INDEX alert_owner_idx ON alert (owner, id DESC);
CREATE INDEX alert_owner_unread_idx ON alert (owner) WHERE read_at IS NULL;

-- The conditions that are raised and not yet cleared, one row per (subscription, condition): the deduplication. A
-- one-shot event (a transfer dispatched) keeps its row, so it is never raised twice.
CREATE TABLE alert_condition (
    subscription_id bigint      NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    event           text        NOT NULL,
    condition_key   text        NOT NULL,
    alert_id        bigint      NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    raised_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (subscription_id, event, condition_key)
);

-- How far the fleet-wide evaluator has followed the change feed. It starts at the feed's head when the table is
-- created: changes made before alerts existed raise none.
CREATE TABLE alert_cursor (
    name     text PRIMARY KEY,
    position bigint NOT NULL CHECK (position >= 0)
);
INSERT INTO alert_cursor (name, position) SELECT 'change-feed', coalesce(max(position), 0) FROM change_event;

-- The webhook outbox: one row per alert of a subscription with a webhook, written in the alert's transaction. The
-- message id (webhook-id) and the body are fixed when the row is written, so every attempt and every redelivery sends
-- the same message. A replica claims due rows with FOR UPDATE SKIP LOCKED and holds them for a lease (claimed_until).
CREATE TABLE webhook_delivery (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id bigint      NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    alert_id        bigint      NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    message_id      text        NOT NULL UNIQUE,
    body            text        NOT NULL,
    state           text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'DEAD')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    claimed_until   timestamptz,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    delivered_at    timestamptz
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX webhook_delivery_subscription_idx ON webhook_delivery (subscription_id, id DESC);

-- Every attempt, for the delivery log: the answer's status, or why there was none, and a short excerpt of the body.
CREATE TABLE webhook_attempt (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id      bigint      NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt          integer     NOT NULL,
    at               timestamptz NOT NULL DEFAULT clock_timestamp(),
    status           integer,
    error            text,
    response_excerpt text,
    duration_ms      integer     NOT NULL
);
CREATE INDEX webhook_attempt_delivery_idx ON webhook_attempt (delivery_id, id);
