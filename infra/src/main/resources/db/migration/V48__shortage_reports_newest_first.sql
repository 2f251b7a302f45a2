-- The shortage report list sorts newest first by default: by the report's last update at its source, else its
-- creation there (a report with neither last), then by id, both descending; the cursor carries both keys.
CREATE INDEX shortage_report_newest_idx
    ON shortage_report ((coalesce(source_updated, source_created, DATE '1900-01-01')) DESC, id DESC);
