-- Shortage report links without row-by-row foreign key checks. Links are written only by the ingest's link
-- statement, once per run, which joins the report, the product and the equivalence group each link names, so every
-- link it inserts refers to rows that exist; the three foreign keys only added a look-up (and a row lock on the
-- report) per link. What they also guarded, that a linked report, product or group is never deleted, is kept by
-- statement-level triggers on those tables: a DELETE that would leave a link pointing at nothing is refused.
ALTER TABLE shortage_report_link
    DROP CONSTRAINT shortage_report_link_report_id_fkey,
    DROP CONSTRAINT shortage_report_link_product_id_fkey,
    DROP CONSTRAINT shortage_report_link_equivalence_group_id_fkey;

CREATE FUNCTION shortage_report_link_refuse_deleting_report() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF EXISTS (SELECT 1 FROM gone g JOIN shortage_report_link l ON l.report_id = g.id) THEN
        RAISE EXCEPTION 'a deleted shortage report is still linked (shortage_report_link)'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER shortage_report_link_refuse_deleting_report
    AFTER DELETE ON shortage_report
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_report_link_refuse_deleting_report();

CREATE FUNCTION shortage_report_link_refuse_deleting_product() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF EXISTS (SELECT 1 FROM gone g JOIN shortage_report_link l ON l.product_id = g.id) THEN
        RAISE EXCEPTION 'a deleted product is still linked to a shortage report (shortage_report_link)'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER shortage_report_link_refuse_deleting_product
    AFTER DELETE ON product
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_report_link_refuse_deleting_product();

CREATE FUNCTION shortage_report_link_refuse_deleting_group() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF EXISTS (SELECT 1 FROM gone g JOIN shortage_report_link l ON l.equivalence_group_id = g.id) THEN
        RAISE EXCEPTION 'a deleted equivalence group is still linked to a shortage report (shortage_report_link)'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER shortage_report_link_refuse_deleting_group
    AFTER DELETE ON equivalence_group
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION shortage_report_link_refuse_deleting_group();
