-- Statistics for the small tables every layer joins. Autovacuum analyzes a table after 50
-- changes (plus 10 % of its rows); a deployment with a few dozen plants may never reach
-- that, and without statistics PostgreSQL guesses that a join with plants keeps 1 row in
-- 200: a WFS page of 10,000 modules read "after this id" was then planned as a scan and a
-- sort of the whole layer (1.7 s a page at 250,000 modules) instead of an index scan
-- (docs/ogc.md, Performance). Analyzed now, and again after a handful of changes.
alter table plants set (autovacuum_analyze_threshold = 5, autovacuum_analyze_scale_factor = 0.05);
alter table clients set (autovacuum_analyze_threshold = 5, autovacuum_analyze_scale_factor = 0.05);
alter table audits set (autovacuum_analyze_threshold = 5, autovacuum_analyze_scale_factor = 0.05);
analyze plants;
analyze clients;
analyze audits;
