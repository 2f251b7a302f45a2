-- Transfers between sites: the lanes goods travel (between HHS regions, Canadian provinces and territories, or named
-- sites), the border crossings a cross-border lane passes, and the transfer workflow itself
-- (RECOMMENDED -> APPROVED -> DISPATCHED -> RECEIVED, or CANCELLED before dispatch) with its approvals and history.

-- The places lanes join: the ten HHS regions (at their regional office cities), the Canadian provinces and
-- territories (at their capitals, where the NESS depots are modelled) and the NESS national depot (region code CA,
-- Ottawa). Sites belong to one through site.region.
CREATE TABLE lane_region (
    code         text PRIMARY KEY,
    name         text             NOT NULL,
    jurisdiction text             NOT NULL REFERENCES jurisdiction (code),
    city         text             NOT NULL,
    latitude     double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude    double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    road         boolean          NOT NULL DEFAULT true
);

INSERT INTO lane_region (code, name, jurisdiction, city, latitude, longitude, road) VALUES
    ('HHS-1', 'HHS Region 1', 'US', 'Boston', 42.3601, -71.0589, true),
    ('HHS-2', 'HHS Region 2', 'US', 'New York', 40.7128, -74.0060, true),
    ('HHS-3', 'HHS Region 3', 'US', 'Philadelphia', 39.9526, -75.1652, true),
    ('HHS-4', 'HHS Region 4', 'US', 'Atlanta', 33.7490, -84.3880, true),
    ('HHS-5', 'HHS Region 5', 'US', 'Chicago', 41.8781, -87.6298, true),
    ('HHS-6', 'HHS Region 6', 'US', 'Dallas', 32.7767, -96.7970, true),
    ('HHS-7', 'HHS Region 7', 'US', 'Kansas City', 39.0997, -94.5786, true),
    ('HHS-8', 'HHS Region 8', 'US', 'Denver', 39.7392, -104.9903, true),
    ('HHS-9', 'HHS Region 9', 'US', 'San Francisco', 37.7749, -122.4194, true),
    ('HHS-10', 'HHS Region 10', 'US', 'Seattle', 47.6062, -122.3321, true),
    ('CA', 'NESS national depot', 'CA', 'Ottawa', 45.4215, -75.6972, true),
    ('ON', 'Ontario', 'CA', 'Toronto', 43.6532, -79.3832, true),
    ('QC', 'Quebec', 'CA', 'Québec', 46.8139, -71.2080, true),
    ('BC', 'British Columbia', 'CA', 'Victoria', 48.4284, -123.3656, true),
    ('AB', 'Alberta', 'CA', 'Edmonton', 53.5461, -113.4938, true),
    ('MB', 'Manitoba', 'CA', 'Winnipeg', 49.8951, -97.1384, true),
    ('SK', 'Saskatchewan', 'CA', 'Regina', 50.4452, -104.6189, true),
    ('NS', 'Nova Scotia', 'CA', 'Halifax', 44.6488, -63.5752, true),
    ('NB', 'New Brunswick', 'CA', 'Fredericton', 45.9636, -66.6431, true),
    ('NL', 'Newfoundland and Labrador', 'CA', 'St. John''s', 47.5615, -52.7126, true),
    ('PE', 'Prince Edward Island', 'CA', 'Charlottetown', 46.2382, -63.1311, true),
    ('YT', 'Yukon', 'CA', 'Whitehorse', 60.7212, -135.0568, true),
    ('NT', 'Northwest Territories', 'CA', 'Yellowknife', 62.4540, -114.3718, true),
    ('NU', 'Nunavut', 'CA', 'Iqaluit', 63.7467, -68.5170, false);

-- A lane: transit days and cost per unit moved from one place to another, one direction. Either end is a lane
-- region code or a site code (a site-to-site or site-to-region lane overrides the lane of the regions).
CREATE TABLE lane (
    from_code     text          NOT NULL CHECK (from_code <> ''),
    to_code       text          NOT NULL CHECK (to_code <> ''),
    transit_days  integer       NOT NULL CHECK (transit_days BETWEEN 0 AND 60),
    cost_per_unit numeric(10, 2) NOT NULL CHECK (cost_per_unit >= 0),
    distance_km   integer CHECK (distance_km >= 0),
    version       bigint        NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at    timestamptz   NOT NULL DEFAULT now(),
    updated_by    text          NOT NULL,
    PRIMARY KEY (from_code, to_code)
);

-- Defaults by distance: road distance taken as 1.25 x the great-circle distance between the places; by road one day
-- of handling plus one day per 800 km (a single-driver truck), at 0.40 per unit plus 0.25 per unit per 1,000 km;
-- within one region one day at 0.40. Nunavut has no road link: air cargo, three days, 1.50 per unit plus 1.20 per
-- 1,000 km.
INSERT INTO lane (from_code, to_code, transit_days, cost_per_unit, distance_km, updated_by)
SELECT a.code, b.code,
       CASE WHEN a.code = b.code THEN 1
            WHEN NOT (a.road AND b.road) THEN 3
            ELSE 1 + ceil(d.road_km / 800.0)::integer END,
       round((CASE WHEN a.code = b.code THEN 0.40
                   WHEN NOT (a.road AND b.road) THEN 1.50 + 0.0012 * d.road_km
                   ELSE 0.40 + 0.00025 * d.road_km END)::numeric, 2),
       round(d.road_km)::integer,
       'defaults'
  FROM lane_region a CROSS JOIN lane_region b
 CROSS JOIN LATERAL (
     SELECT 1.25 * 2 * 6371.0 * asin(sqrt(
                power(sin(radians(b.latitude - a.latitude) / 2), 2)
              + cos(radians(a.latitude)) * cos(radians(b.latitude))
              * power(sin(radians(b.longitude - a.longitude) / 2), 2))) AS road_km) d;

-- Commercial land crossings of the Canada-U.S. border, each joining the HHS region and the province on its two
-- sides, with the customs delay a shipment of medical countermeasures is planned with.
CREATE TABLE border_crossing (
    name       text PRIMARY KEY CHECK (name <> ''),
    us_port    text        NOT NULL,
    ca_port    text        NOT NULL,
    us_region  text        NOT NULL REFERENCES lane_region (code),
    ca_region  text        NOT NULL REFERENCES lane_region (code),
    delay_days integer     NOT NULL CHECK (delay_days BETWEEN 0 AND 30),
    open       boolean     NOT NULL DEFAULT true,
    note       text,
    version    bigint      NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text        NOT NULL
);

INSERT INTO border_crossing (name, us_port, ca_port, us_region, ca_region, delay_days, note, updated_by) VALUES
    ('Detroit-Windsor', 'Detroit, MI', 'Windsor, ON', 'HHS-5', 'ON', 1, 'Ambassador Bridge', 'defaults'),
    ('Port Huron-Sarnia', 'Port Huron, MI', 'Sarnia, ON', 'HHS-5', 'ON', 1, 'Blue Water Bridge', 'defaults'),
    ('Buffalo-Fort Erie', 'Buffalo, NY', 'Fort Erie, ON', 'HHS-2', 'ON', 1, 'Peace Bridge', 'defaults'),
    ('Lewiston-Queenston', 'Lewiston, NY', 'Queenston, ON', 'HHS-2', 'ON', 1, 'Lewiston-Queenston Bridge', 'defaults'),
    ('Alexandria Bay-Lansdowne', 'Alexandria Bay, NY', 'Lansdowne, ON', 'HHS-2', 'ON', 1, 'Thousand Islands Bridge', 'defaults'),
    ('Champlain-Lacolle', 'Champlain, NY', 'Lacolle, QC', 'HHS-2', 'QC', 1, 'I-87 / Autoroute 15', 'defaults'),
    ('Derby Line-Stanstead', 'Derby Line, VT', 'Stanstead, QC', 'HHS-1', 'QC', 1, 'I-91 / Autoroute 55', 'defaults'),
    ('Houlton-Woodstock', 'Houlton, ME', 'Woodstock, NB', 'HHS-1', 'NB', 1, 'I-95 / Route 95', 'defaults'),
    ('Calais-St. Stephen', 'Calais, ME', 'St. Stephen, NB', 'HHS-1', 'NB', 1, 'International Avenue', 'defaults'),
    ('Sault Ste. Marie', 'Sault Ste. Marie, MI', 'Sault Ste. Marie, ON', 'HHS-5', 'ON', 1, 'International Bridge', 'defaults'),
    ('International Falls-Fort Frances', 'International Falls, MN', 'Fort Frances, ON', 'HHS-5', 'ON', 2, 'Fort Frances-International Falls Bridge', 'defaults'),
    ('Pembina-Emerson', 'Pembina, ND', 'Emerson, MB', 'HHS-8', 'MB', 1, 'I-29 / PTH 75', 'defaults'),
    ('Portal-North Portal', 'Portal, ND', 'North Portal, SK', 'HHS-8', 'SK', 1, 'US 52 / Highway 39', 'defaults'),
    ('Sweetgrass-Coutts', 'Sweetgrass, MT', 'Coutts, AB', 'HHS-8', 'AB', 1, 'I-15 / Highway 4', 'defaults'),
    ('Blaine-Pacific Highway', 'Blaine, WA', 'Surrey, BC', 'HHS-10', 'BC', 1, 'Pacific Highway commercial crossing', 'defaults'),
    ('Sumas-Huntingdon', 'Sumas, WA', 'Abbotsford, BC', 'HHS-10', 'BC', 1, 'SR 9 / Highway 11', 'defaults'),
    ('Alcan-Beaver Creek', 'Alcan, AK', 'Beaver Creek, YT', 'HHS-10', 'YT', 2, 'Alaska Highway', 'defaults');

ALTER TABLE border_crossing ADD CONSTRAINT border_crossing_us_side
    CHECK (us_region LIKE 'HHS-%'), ADD CONSTRAINT border_crossing_ca_side CHECK (ca_region NOT LIKE 'HHS-%');

-- A transfer of one lot of one product from one site to another.
CREATE TABLE transfer (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state                 text        NOT NULL DEFAULT 'RECOMMENDED'
                              CHECK (state IN ('RECOMMENDED', 'APPROVED', 'DISPATCHED', 'RECEIVED', 'CANCELLED')),
    from_site_id          bigint      NOT NULL REFERENCES site (id),
    to_site_id            bigint      NOT NULL REFERENCES site (id),
    product_id            bigint      NOT NULL REFERENCES product (id),
    lot_id                bigint      NOT NULL,
    quantity              bigint      NOT NULL CHECK (quantity > 0),
    packs                 integer     NOT NULL CHECK (packs > 0),
    pack_size             integer     NOT NULL CHECK (pack_size > 0),
    cross_border          boolean     NOT NULL,
    approvals_required    text[]      NOT NULL,
    crossings             text[]      NOT NULL DEFAULT '{}',
    transit_days          integer     CHECK (transit_days >= 0),
    cost                  numeric(14, 2) CHECK (cost >= 0),
    dispatch_on           date,
    arrives_on            date,
    explanation           jsonb       NOT NULL DEFAULT '{}',
    created_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    created_by            text        NOT NULL,
    dispatched_at         timestamptz,
    dispatched_quantity   bigint CHECK (dispatched_quantity > 0),
    dispatch_movement_id  bigint REFERENCES movement (id),
    received_at           timestamptz,
    received_quantity     bigint CHECK (received_quantity >= 0),
    lost_quantity         bigint CHECK (lost_quantity >= 0),
    receipt_movement_id   bigint REFERENCES movement (id),
    receipt_note          text,
    cancelled_at          timestamptz,
    cancelled_by          text,
    cancel_reason         text,
    version               bigint      NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    FOREIGN KEY (lot_id, product_id) REFERENCES lot (id, product_id),
    CHECK (from_site_id <> to_site_id),
    CHECK (quantity = packs::bigint * pack_size),
    CHECK (approvals_required <@ ARRAY['US', 'CA']::text[] AND cardinality(approvals_required) >= 1),
    CHECK (arrives_on IS NULL OR dispatch_on IS NULL OR arrives_on >= dispatch_on),
    CHECK ((state IN ('DISPATCHED', 'RECEIVED')) = (dispatched_at IS NOT NULL)),
    CHECK (dispatched_at IS NULL OR (dispatched_quantity IS NOT NULL AND dispatch_movement_id IS NOT NULL
                                     AND dispatched_quantity <= quantity)),
    CHECK ((state = 'RECEIVED') = (received_at IS NOT NULL)),
    CHECK (received_at IS NULL OR (received_quantity IS NOT NULL AND lost_quantity IS NOT NULL
                                   AND received_quantity + lost_quantity = dispatched_quantity
                                   AND (received_quantity = 0) = (receipt_movement_id IS NULL))),
    CHECK ((state = 'CANCELLED') = (cancelled_at IS NOT NULL)),
    CHECK (cancelled_at IS NULL OR (cancelled_by IS NOT NULL AND cancel_reason IS NOT NULL))
);
CREATE INDEX transfer_state_idx ON transfer (state, id);
CREATE INDEX transfer_from_idx ON transfer (from_site_id, id);
CREATE INDEX transfer_to_idx ON transfer (to_site_id, id);

-- A transfer moves only forward: RECOMMENDED -> APPROVED -> DISPATCHED -> RECEIVED, CANCELLED before dispatch;
-- what it moves and between which sites never changes.
CREATE FUNCTION transfer_check_transition() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.from_site_id <> OLD.from_site_id OR NEW.to_site_id <> OLD.to_site_id OR NEW.product_id <> OLD.product_id
        OR NEW.lot_id <> OLD.lot_id OR NEW.quantity <> OLD.quantity OR NEW.cross_border <> OLD.cross_border
        OR NEW.approvals_required <> OLD.approvals_required THEN
        RAISE EXCEPTION 'transfer %: what a transfer moves cannot change', OLD.id USING ERRCODE = 'SB004';
    END IF;
    IF NEW.state <> OLD.state AND NOT (
           (OLD.state = 'RECOMMENDED' AND NEW.state IN ('APPROVED', 'CANCELLED'))
        OR (OLD.state = 'APPROVED' AND NEW.state IN ('DISPATCHED', 'CANCELLED'))
        OR (OLD.state = 'DISPATCHED' AND NEW.state = 'RECEIVED')) THEN
        RAISE EXCEPTION 'transfer %: % cannot become %', OLD.id, OLD.state, NEW.state USING ERRCODE = 'SB004';
    END IF;
    IF NEW.version <> OLD.version + 1 THEN
        RAISE EXCEPTION 'transfer %: every change moves the version by one', OLD.id USING ERRCODE = 'SB004';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER transfer_check_transition
    BEFORE UPDATE ON transfer
    FOR EACH ROW EXECUTE FUNCTION transfer_check_transition();

-- One approval per jurisdiction and transfer.
CREATE TABLE transfer_approval (
    transfer_id  bigint      NOT NULL REFERENCES transfer (id),
    jurisdiction text        NOT NULL REFERENCES jurisdiction (code),
    approved_by  text        NOT NULL,
    approved_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (transfer_id, jurisdiction)
);

-- The history of a transfer, append-only: what happened, who did it, and the state before and after.
CREATE TABLE transfer_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transfer_id bigint      NOT NULL REFERENCES transfer (id),
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    kind        text        NOT NULL CHECK (kind IN ('RECOMMENDED', 'APPROVAL', 'APPROVED', 'DISPATCHED', 'RECEIVED',
                                                     'CANCELLED')),
    actor       text        NOT NULL,
    from_state  text,
    to_state    text        NOT NULL,
    details     jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX transfer_event_transfer_idx ON transfer_event (transfer_id, id);

CREATE TRIGGER transfer_event_is_append_only
    BEFORE UPDATE OR DELETE ON transfer_event
    FOR EACH ROW EXECUTE FUNCTION refuse_change_of_append_only_table();
CREATE TRIGGER transfer_approval_is_append_only
    BEFORE UPDATE OR DELETE ON transfer_approval
    FOR EACH ROW EXECUTE FUNCTION refuse_change_of_append_only_table();

-- A transfer's change carries its state after the change; it belongs to both its sites, so a partner of either sees it.
CREATE FUNCTION transfer_to_change_feed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO change_event (kind, site_id, other_site_id, entity_key, payload)
    SELECT 'transfer', NEW.from_site_id, NEW.to_site_id, 'transfer/' || NEW.id,
           jsonb_build_object('transfer', jsonb_build_object(
               'id', NEW.id, 'state', NEW.state, 'from', f.code, 'to', t.code, 'product', p.code,
               'lot', l.lot_number, 'quantity', NEW.quantity, 'crossBorder', NEW.cross_border,
               'approvalsRequired', to_jsonb(NEW.approvals_required),
               'approvals', coalesce((SELECT jsonb_agg(a.jurisdiction ORDER BY a.jurisdiction)
                                        FROM transfer_approval a WHERE a.transfer_id = NEW.id), '[]'::jsonb),
               'dispatchedQuantity', NEW.dispatched_quantity, 'receivedQuantity', NEW.received_quantity,
               'lostQuantity', NEW.lost_quantity, 'version', NEW.version, 'updatedAt', NEW.updated_at))
      FROM site f, site t, product p, lot l
     WHERE f.id = NEW.from_site_id AND t.id = NEW.to_site_id AND p.id = NEW.product_id AND l.id = NEW.lot_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER transfer_to_change_feed
    AFTER INSERT OR UPDATE ON transfer
    FOR EACH ROW EXECUTE FUNCTION transfer_to_change_feed();
