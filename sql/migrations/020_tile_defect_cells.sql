-- Defect clusters of low and mid zooms, kept ready (docs/tiles.md): for every zoom 0–16,
-- the open defects counted on a grid of 1/32 of a tile, per plant and audit. A z10 tile
-- then reads a few hundred cells instead of aggregating every defect of a 2-million-module
-- plant on each request (up to 1 s before). Derived data, never written by the API, not synced.
--
-- Cell (cx, cy) at zoom z holds the defects whose EPSG:3857 x, y fall in
-- [cx·s, (cx+1)·s) × [cy·s, (cy+1)·s), s = 40075016.6855784 / 2^z / 32: a cell never straddles
-- a tile, and four cells of zoom z+1 make one of zoom z. Counts and sums only, so a change
-- moves them by its difference; the worst severity and status come from counts per value.

create table tile_defect_cells (
  plant_id uuid not null references plants (id),
  audit_id uuid not null references audits (id),
  z smallint not null check (z between 0 and 16),
  cx integer not null,
  cy integer not null,
  n integer not null,
  sum_x float8 not null,
  sum_y float8 not null,
  -- Defects per severity.
  warning integer not null,
  urgent integer not null,
  -- Defects per implied module status, by status_rank: 1 inequality … 5 dead (0 ok is the rest).
  rank1 integer not null,
  rank2 integer not null,
  rank3 integer not null,
  rank4 integer not null,
  rank5 integer not null,
  primary key (plant_id, z, cx, cy, audit_id)
);
-- Cells whose last defect went: removed right after each change.
create index tile_defect_cells_empty_idx on tile_defect_cells (plant_id) where n = 0;

-- The size of a cell at zoom z, in EPSG:3857 metres.
create function tile_defect_cell_size(z int) returns float8
language sql immutable parallel safe as $$ select 40075016.6855784 / 2 ^ z / 32 $$;

-- What one defect adds to its cells (sign 1) or takes out of them (sign -1).
create type tile_defect_delta as (plant_id uuid, audit_id uuid, x float8, y float8, severity text, rank int, sign int);

-- Only what a tile shows counts: live, unresolved, manual or validated defects.
create function tile_defect_contribution(d defects, sign int) returns tile_defect_delta
language sql immutable parallel safe as $$
  select case when d.deleted_at is null and d.resolved_at is null and (d.source = 'manual' or d.validated_at is not null)
    then row(d.plant_id, d.audit_id, st_x(d.geom_3857), st_y(d.geom_3857), d.severity,
             status_rank(d.module_status), sign)::tile_defect_delta end
$$;

-- Moves the cells of every zoom by the deltas (nulls skipped), then drops emptied cells.
create function tile_defect_cells_apply(deltas tile_defect_delta[]) returns void
language sql as $$
  insert into tile_defect_cells as c
    (plant_id, audit_id, z, cx, cy, n, sum_x, sum_y, warning, urgent, rank1, rank2, rank3, rank4, rank5)
  select r.plant_id, r.audit_id, z, floor(r.x / tile_defect_cell_size(z))::int, floor(r.y / tile_defect_cell_size(z))::int,
         sum(r.sign), sum(r.sign * r.x), sum(r.sign * r.y),
         coalesce(sum(r.sign) filter (where r.severity = 'warning'), 0),
         coalesce(sum(r.sign) filter (where r.severity = 'urgent'), 0),
         coalesce(sum(r.sign) filter (where r.rank = 1), 0), coalesce(sum(r.sign) filter (where r.rank = 2), 0),
         coalesce(sum(r.sign) filter (where r.rank = 3), 0), coalesce(sum(r.sign) filter (where r.rank = 4), 0),
         coalesce(sum(r.sign) filter (where r.rank = 5), 0)
    from unnest(deltas) r, generate_series(0, 16) z
   where r.sign is not null
   group by 1, 2, 3, 4, 5
  on conflict (plant_id, z, cx, cy, audit_id) do update
     set n = c.n + excluded.n, sum_x = c.sum_x + excluded.sum_x, sum_y = c.sum_y + excluded.sum_y,
         warning = c.warning + excluded.warning, urgent = c.urgent + excluded.urgent,
         rank1 = c.rank1 + excluded.rank1, rank2 = c.rank2 + excluded.rank2, rank3 = c.rank3 + excluded.rank3,
         rank4 = c.rank4 + excluded.rank4, rank5 = c.rank5 + excluded.rank5;
  delete from tile_defect_cells where n = 0;
$$;

-- Statement-level, like the module triggers of 010: one pass however many rows (an
-- audit import inserts its defects in one statement). An update counts only when
-- something a cluster shows changed.
create function tile_defects_changed() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform tile_defect_cells_apply(array(select tile_defect_contribution(n, 1) from new_rows n));
  elsif tg_op = 'DELETE' then
    perform tile_defect_cells_apply(array(select tile_defect_contribution(o, -1) from old_rows o));
  else
    perform tile_defect_cells_apply(array(
      select v
        from new_rows n join old_rows o using (id),
             lateral (values (tile_defect_contribution(n, 1)), (tile_defect_contribution(o, -1))) x (v)
       where tile_defect_contribution(n, 1) is distinct from tile_defect_contribution(o, 1)));
  end if;
  return null;
end $$;

create trigger tile_defects_ins after insert on defects
  referencing new table as new_rows for each statement execute function tile_defects_changed();
create trigger tile_defects_upd after update on defects
  referencing old table as old_rows new table as new_rows for each statement execute function tile_defects_changed();
create trigger tile_defects_del after delete on defects
  referencing old table as old_rows for each statement execute function tile_defects_changed();

-- What already exists.
select tile_defect_cells_apply(array(select tile_defect_contribution(d, 1) from defects d));
