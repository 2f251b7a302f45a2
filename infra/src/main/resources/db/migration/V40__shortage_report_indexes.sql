-- Shortage report indexes that serve the queries that are actually run, and no others, since every index is paid
-- for by every report an ingest writes:
-- - the ATC filter reads coalesce(atc_code, the DPD's ATC of the DIN), which no index on atc_code can answer;
-- - nothing looks reports up by the run that last changed them;
-- - the NDC filter and the FDA links compare NDCs without their punctuation (upper(regexp_replace(...))), so the
--   package and product NDC indexes are on that expression (only FDA reports carry NDCs).
DROP INDEX shortage_report_atc_idx;
DROP INDEX shortage_report_changed_run_idx;
DROP INDEX shortage_report_package_ndc_idx;
DROP INDEX shortage_report_product_ndc_idx;
CREATE INDEX shortage_report_package_ndc_key_idx ON shortage_report
    ((upper(regexp_replace(package_ndc, '[^0-9A-Za-z]', '', 'g')))) WHERE package_ndc IS NOT NULL;
CREATE INDEX shortage_report_product_ndc_key_idx ON shortage_report
    ((upper(regexp_replace(product_ndc, '[^0-9A-Za-z]', '', 'g')))) WHERE product_ndc IS NOT NULL;
