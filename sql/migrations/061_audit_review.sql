-- The office's review of what came in from the field (issue 16).
--
-- An audit is validated by the office once its results are reviewed: only then does a
-- client user see them. Each defect is accepted, corrected or rejected; a rejected defect
-- is also deleted (it no longer counts for the module's status) but kept for the record.

alter table audits
  add column validated_at timestamptz,
  add column validated_by uuid references users (id),
  add check ((validated_at is null) = (validated_by is null));

alter table defects
  add column review text check (review in ('accepted', 'corrected', 'rejected')),
  add column reviewed_by uuid references users (id),
  add column reviewed_at timestamptz,
  add column review_note text check (length(review_note) <= 2000),
  add check ((review is null) = (reviewed_at is null));

-- Files received by tus (photos, voice notes), content-addressed: one row per SHA-256.
-- A photos row names its file by sha256 and may arrive before it ("photo pending").
-- A preview (a smaller file sent first on a slow connection) names its original in
-- preview_of. Thumbnails and web versions are files of the store too.
create table stored_files (
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  kind text not null check (kind in ('photo', 'voice')),
  size_bytes bigint not null check (size_bytes >= 0),
  mime_type text not null check (length(mime_type) between 1 and 127),
  filename text check (length(filename) <= 255),
  preview_of text check (preview_of ~ '^[0-9a-f]{64}$'),
  width integer check (width > 0),
  height integer check (height > 0),
  exif jsonb,
  -- From the EXIF: when and where the photo was taken (a device may not say).
  taken_at timestamptz,
  gps geometry(Point, 4326) check (geom_acceptable(gps)),
  thumb_sha256 text check (thumb_sha256 ~ '^[0-9a-f]{64}$'),
  web_sha256 text check (web_sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid references users (id),
  created_at timestamptz not null default now()
);
create index stored_files_preview_idx on stored_files (preview_of) where preview_of is not null;

-- A photos row names its file by SHA-256 and may arrive before or after it: whichever
-- comes second completes the row with what the file tells (size in pixels, EXIF, when and
-- where it was taken), never over what the device said.
create function complete_photo_files(shas text[]) returns table (mission_id uuid, plant_id uuid)
language sql as $$
  with done as (
  update photos p
     set width = coalesce(p.width, f.width),
         height = coalesce(p.height, f.height),
         exif = coalesce(p.exif, f.exif),
         taken_at = coalesce(p.taken_at, f.taken_at),
         gps_source = case when p.geom is null and f.gps is not null then 'exif' else p.gps_source end,
         geom = coalesce(p.geom, f.gps)
    from stored_files f
   where f.sha256 = p.sha256 and p.sha256 = any(shas) and p.deleted_at is null
     and ((p.width is null and f.width is not null) or (p.exif is null and f.exif is not null)
          or (p.taken_at is null and f.taken_at is not null) or (p.geom is null and f.gps is not null))
  returning p.mission_id, p.plant_id)
  select distinct mission_id, plant_id from done
$$;
