-- Reports (issue 18, statistics and PDF): what a draft report holds besides its workflow
-- (migration 007): the texts the diagnostician edits, the render job that makes its PDF,
-- and the figures it printed. And the plant's specific yield, for the €/year of the losses.

alter table plants
  -- kWh per kWp per year; null: the report uses DEFAULT_SPECIFIC_YIELD (core/src/reports/loss-model.ts).
  add column specific_yield_kwh_per_kwp numeric(7, 1) check (specific_yield_kwh_per_kwp > 0 and specific_yield_kwh_per_kwp < 3000);

alter table reports
  -- {"summary": {"fr": …, "en": …}, "recommendations": {"<defect type>": {"fr": …, "en": …}}}:
  -- what the diagnostician wrote over the generated texts (draft only).
  add column sections jsonb not null default '{}' check (jsonb_typeof(sections) = 'object'),
  -- The job rendering the current PDF: only that job may set document_key (a later edit's job wins).
  add column job_id uuid,
  add column rendered_at timestamptz,
  add column render_ms integer check (render_ms >= 0),
  add column pages integer check (pages >= 1),
  add column size_bytes bigint check (size_bytes >= 0);

create index reports_audit_idx on reports (audit_id);
