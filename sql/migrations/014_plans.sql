-- Plans of a plant (PDF, images, GeoTIFF, GeoPDF, DXF, DWG) and their georeferencing.

create table plans (
  id uuid primary key default gen_random_uuid(),
  plant_id uuid not null references plants (id),
  name text not null check (length(btrim(name)) between 1 and 200),
  -- What the upload was found to be (by its content), null until read.
  format text check (format in ('png', 'jpeg', 'tiff', 'geotiff', 'pdf', 'geopdf', 'dxf', 'dwg')),
  kind text check (kind in ('raster', 'vector')),
  status text not null default 'processing'
    check (status in ('processing', 'needs_georeferencing', 'georeferenced', 'failed')),
  page_count integer check (page_count >= 1),
  page integer not null default 1 check (page >= 1),
  -- Pixel space of the page (vector plans: of their rendering).
  width integer check (width > 0),
  height integer check (height > 0),
  -- [{name, featureCount, geometryTypes, selected}]
  layers jsonb,
  -- {method, srid, transform?, controlPoints?, rmsM?, bounds?}
  georef jsonb,
  opacity real not null default 0.7 check (opacity between 0 and 1),
  -- Files: the upload (content-addressed store), sidecars, and the plan's own folder of
  -- derived files (page image, warped COG) under plans/<id>/ in the file store.
  filename text not null check (length(filename) between 1 and 255),
  storage_key text not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null check (size_bytes >= 0),
  world_file text check (length(world_file) <= 2000),
  prj text check (length(prj) <= 20000),
  cog_path text,
  -- Vector plans: the affine transform drawing units → pixels of their rendering (GDAL geotransform of the image).
  drawing_transform jsonb,
  job_id uuid,
  error jsonb,
  uploaded_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index plans_plant on plans (plant_id, created_at desc);
