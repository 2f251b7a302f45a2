-- The (site, product) panel the demo stock loader (batch/.../demo/DemoStockLoader) picks with the default settings
-- (seed 20261201, 24 dispensing sites, 12 drug groups): the same queries, written as one CSV for the backtest.
-- Run against a database loaded with the reference data:
--   psql -A -F, -P footer=off -f benchmarks/sql/demo-panel.sql > benchmarks/demo-panel.csv
WITH depots AS (
  SELECT code, region, jurisdiction, federal, kind FROM site WHERE kind IN ('NATIONAL','REGIONAL','PROVINCIAL','STATE')),
disp AS (
  SELECT code, region, jurisdiction, federal, kind FROM (
     SELECT s.*, row_number() OVER (PARTITION BY region ORDER BY md5(code || '20261201')) AS pick
       FROM site s WHERE kind = 'DISPENSING' AND latitude IS NOT NULL) sample
   WHERE pick <= 3 ORDER BY pick, region LIMIT 24),
groups AS (
  SELECT g.id, g.code FROM equivalence_group g
   WHERE EXISTS (SELECT 1 FROM product p WHERE p.equivalence_group_id = g.id AND p.market_jurisdiction = 'US')
     AND EXISTS (SELECT 1 FROM product p WHERE p.equivalence_group_id = g.id AND p.market_jurisdiction = 'CA')
   ORDER BY (g.dosage_form ILIKE '%parenteral%' OR g.name ILIKE '%parenteral%') DESC, g.code LIMIT 12),
drugs AS (
  SELECT DISTINCT ON (g.code, p.market_jurisdiction) p.code, p.kind, p.pack_size, p.atc_code, p.market_jurisdiction
    FROM groups g JOIN product p ON p.equivalence_group_id = g.id
   WHERE p.market_jurisdiction IN ('US','CA') ORDER BY g.code, p.market_jurisdiction, p.code)
SELECT 'site' AS role, code, region, jurisdiction, federal, kind AS site_kind, '' AS product_kind, '' AS atc, '' AS market, 0 AS pack_size FROM depots
UNION ALL SELECT 'site', code, region, jurisdiction, federal, kind, '', '', '', 0 FROM disp
UNION ALL SELECT 'depot-drug', code, '', '', false, '', kind, coalesce(atc_code, ''), market_jurisdiction, pack_size FROM drugs
UNION ALL SELECT 'depot-ppe', code, '', '', false, '', kind, '', '', pack_size FROM product
 WHERE code IN ('PPE-n95', 'PPE-surgical_mask', 'PPE-gown', 'PPE-nitrile_gloves', 'PPE-face_shield', 'PPE-sanitizer',
                'PPE-coveralls', 'PPE-disinfecting_wipes')
UNION ALL SELECT 'dispensing', code, '', '', false, '', kind, coalesce(atc_code, ''), '', pack_size FROM (
  SELECT * FROM product WHERE kind = 'DRUG' AND upper(name) LIKE 'EVUSHELD%' ORDER BY code LIMIT 1) e
UNION ALL SELECT 'dispensing', code, '', '', false, '', kind, '', '', pack_size FROM product
 WHERE code IN ('PPE-n95', 'PPE-surgical_mask');
