-- The expiring list (GET /api/v1/stock/expiring) pages the balances with stock in the order of their effective expiry
-- at their site, then site and lot. That expiry depends on the lot (labelled and SLEP-extended expiry) and on the site
-- (whether the extension applies there), so no index of one table could give the order: every request read and
-- sorted every balance with stock (2.3 s at 100x). Each balance now carries its lot's effective expiry at its site,
-- kept by triggers, and the balances with stock are indexed in the list's order, so a page reads its own rows.
--
-- The rule is the one of LotExpirySql.EFFECTIVE_EXPIRY (SiteContext.slepApplies): the extended expiry counts only
-- at U.S. federal sites. It is written once here, in balance_effective_expiry(); an integration test holds the two
-- equal. Every change that can move the value recomputes it:
--   * a new balance (its first receipt or transfer in at a site) takes the value when it is inserted, and confirms
--     it with its lot and site locked (below);
--   * a lot whose labelled or extended expiry changes recomputes its balances;
--   * a site whose jurisdiction or federal flag changes recomputes its balances;
--   * any write of the column itself is replaced by the computed value, so it cannot be set to anything else.
-- Ledger lines only change on_hand (backdated ones too), which does not move the expiry.
--
-- in_stock (on_hand > 0, generated) is the index's predicate rather than on_hand itself: an index whose predicate
-- names on_hand would stop every ledger update of a balance from being a HOT update (each would then write every
-- index of balance); in_stock changes only when a balance empties or is restocked.

CREATE FUNCTION balance_effective_expiry(p_site_id bigint, p_lot_id bigint) RETURNS date
    LANGUAGE sql STABLE AS
$$
SELECT coalesce(CASE WHEN s.jurisdiction = 'US' AND s.federal THEN l.extended_expiry END, l.labelled_expiry)
  FROM lot l, site s
 WHERE l.id = p_lot_id AND s.id = p_site_id
$$;

ALTER TABLE balance
    ADD COLUMN effective_expiry date,
    ADD COLUMN in_stock boolean GENERATED ALWAYS AS (on_hand > 0) STORED;

UPDATE balance SET effective_expiry = balance_effective_expiry(site_id, lot_id);

ALTER TABLE balance ALTER COLUMN effective_expiry SET NOT NULL;

CREATE FUNCTION balance_set_effective_expiry() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.effective_expiry := balance_effective_expiry(NEW.site_id, NEW.lot_id);
    RETURN NEW;
END;
$$;

CREATE TRIGGER balance_effective_expiry
    BEFORE INSERT OR UPDATE OF site_id, lot_id, effective_expiry ON balance
    FOR EACH ROW EXECUTE FUNCTION balance_set_effective_expiry();

-- A new balance is computed again once its row exists, with its lot and site locked FOR SHARE: the insert above read
-- them unlocked, and a transaction changing the lot's expiry (or the site's flags) but not committed yet cannot see
-- the new balance, so its recomputation below would miss it and the balance would keep the old value. The lock waits
-- for such a change to commit (and the read then sees it), or makes a later change wait for this transaction (whose
-- balance its recomputation then finds). AFTER INSERT fires only for rows inserted, not for a receipt that updates an
-- existing balance (ON CONFLICT DO UPDATE), so only a lot's first line at a site pays for the lock.
CREATE FUNCTION balance_confirm_effective_expiry() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM FROM lot l, site s WHERE l.id = NEW.lot_id AND s.id = NEW.site_id FOR SHARE OF l, s;
    -- a new statement, so a new snapshot: it sees a change the lock waited for
    IF balance_effective_expiry(NEW.site_id, NEW.lot_id) IS DISTINCT FROM NEW.effective_expiry THEN
        UPDATE balance SET effective_expiry = NULL
         WHERE site_id = NEW.site_id AND product_id = NEW.product_id AND lot_id = NEW.lot_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER balance_confirm_effective_expiry
    AFTER INSERT ON balance
    FOR EACH ROW EXECUTE FUNCTION balance_confirm_effective_expiry();

-- The balances of a changed lot or site are recomputed by writing the column: the BEFORE trigger replaces the value.
CREATE FUNCTION lot_expiry_to_balances() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    UPDATE balance SET effective_expiry = NULL WHERE product_id = NEW.product_id AND lot_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER lot_expiry_to_balances
    AFTER UPDATE OF labelled_expiry, extended_expiry ON lot
    FOR EACH ROW
    WHEN (OLD.labelled_expiry IS DISTINCT FROM NEW.labelled_expiry
          OR OLD.extended_expiry IS DISTINCT FROM NEW.extended_expiry)
    EXECUTE FUNCTION lot_expiry_to_balances();

CREATE FUNCTION site_slep_to_balances() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    UPDATE balance SET effective_expiry = NULL WHERE site_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER site_slep_to_balances
    AFTER UPDATE OF jurisdiction, federal ON site
    FOR EACH ROW
    WHEN (OLD.jurisdiction IS DISTINCT FROM NEW.jurisdiction OR OLD.federal IS DISTINCT FROM NEW.federal)
    EXECUTE FUNCTION site_slep_to_balances();

-- The list's order, over the balances with stock: a page of the whole list (or of a jurisdiction) is a range of it.
CREATE INDEX balance_expiring_idx ON balance (effective_expiry, site_id, lot_id) WHERE in_stock;
-- The same order within one site: a site's page, and a partner's few sites, read only those sites' balances.
CREATE INDEX balance_site_expiring_idx ON balance (site_id, effective_expiry, lot_id) WHERE in_stock;
