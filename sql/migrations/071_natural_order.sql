-- Codes people read in lists sort naturally: S1, S2, … S10, and INV2-S1 before INV10-S1
-- (issue 13: "S1, S10, S100, S2"; ordering by length first then broke hierarchical codes).
-- ICU's numeric collation compares runs of digits as numbers; PostgreSQL 15 on Debian is
-- built with ICU. Used as `order by code collate natural_order` where a list is shown.
create collation if not exists natural_order (provider = icu, locale = 'und-u-kn-true');
