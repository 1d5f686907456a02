-- Extensions the schema stands on. PostGIS for every geometry, citext for e-mail
-- addresses compared without case, btree_gist for the "no two interventions of one
-- technician overlap" exclusion constraint.
create extension if not exists postgis;
create extension if not exists citext;
create extension if not exists btree_gist;
