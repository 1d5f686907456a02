import { type ChangeEvent, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type DiagpvImported, type DiagpvPreview, MODULE_STATUSES } from '@calepin/core';
import { ErrorMessage, Field, StatusBadge } from '../components/ui';
import { formatDateTime } from '../format';
import { type Placement, useImport, usePreview } from './api';
import './imports.css';

type Place = { lon: string; lat: string; azimuth: string };

function PlantsTable({ preview, places, setPlace }: {
  preview: DiagpvPreview; places: Record<string, Place>; setPlace: (project: string, place: Place) => void;
}) {
  const { t } = useTranslation();
  return (
    <table className="list" data-testid="import-plants">
      <thead><tr><th>{t('imports.project')}</th><th>{t('imports.client')}</th><th>{t('imports.layout')}</th><th>{t('imports.location')}</th></tr></thead>
      <tbody>
        {preview.plants.map((p) => {
          const place = places[p.project] ?? { lon: '', lat: '', azimuth: '180' };
          const set = (key: keyof Place) => (e: ChangeEvent<HTMLInputElement>) => setPlace(p.project, { ...place, [key]: e.target.value });
          return (
            <tr key={p.project}>
              <td>
                <strong>{p.project}</strong> <span className="pill">{p.existingId ? t('imports.existing') : t('imports.isNew')}</span>
                {p.address && <div className="muted">{p.address}</div>}
              </td>
              <td>{p.client}</td>
              <td>{p.layout === 'new_grid'
                ? t('imports.newGrid', { rows: p.rows, columns: p.columns })
                : t('imports.matchCodes', { matched: p.matched, unmatched: p.unmatched.length })}</td>
              <td>
                {p.needsLocation ? (
                  <div className="import-place">
                    <Field label={t('imports.longitude')}><input type="number" step="any" value={place.lon} onChange={set('lon')} data-testid={`lon-${p.project}`} required /></Field>
                    <Field label={t('imports.latitude')}><input type="number" step="any" value={place.lat} onChange={set('lat')} data-testid={`lat-${p.project}`} required /></Field>
                    <Field label={t('imports.azimuth')}><input type="number" min={0} max={359} value={place.azimuth} onChange={set('azimuth')} /></Field>
                  </div>
                ) : '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function AuditsTable({ preview }: { preview: DiagpvPreview }) {
  const { t } = useTranslation();
  return (
    <table className="list" data-testid="import-audits">
      <thead>
        <tr>
          <th>{t('imports.project')}</th><th>{t('imports.date')}</th><th>{t('imports.modules')}</th><th>{t('imports.strings')}</th>
          {MODULE_STATUSES.map((s) => <th key={s}><StatusBadge status={s} /></th>)}
          <th>{t('imports.comments')}</th>
        </tr>
      </thead>
      <tbody>
        {preview.audits.map((a) => (
          <tr key={a.token}>
            <td>{a.project} {a.existingId && <span className="pill">{t('imports.already')}</span>}</td>
            <td>{a.date ? formatDateTime(`${a.date.replace(' ', 'T')}Z`) : '—'}</td>
            <td className="num">{a.modules}</td><td className="num">{a.strings}</td>
            {MODULE_STATUSES.map((s) => <td key={s} className="num">{a.byStatus[s] ?? 0}</td>)}
            <td className="num">{a.comments}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MappingTable({ preview }: { preview: DiagpvPreview }) {
  const { t } = useTranslation();
  return (
    <div className="import-mapping">
      <table className="list" data-testid="import-mapping">
        <thead><tr><th>{t('imports.theirs')}</th><th>{t('imports.ours')}</th><th>{t('imports.status')}</th><th>{t('imports.count')}</th></tr></thead>
        <tbody>
          {preview.mapping.map((m) => (
            <tr key={m.from}>
              <td><code>{m.from}</code></td>
              <td>{m.defectType ? t(`defectTypes.${m.defectType}`) : t('imports.noDefect')}</td>
              <td><StatusBadge status={m.status} /></td>
              <td className="num">{m.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="list">
        <thead><tr><th>{t('imports.theirs')}</th><th>{t('imports.severities')}</th><th>{t('imports.count')}</th></tr></thead>
        <tbody>
          {preview.severities.filter((s) => s.from > 0).map((s) => (
            <tr key={s.from}><td>{t('imports.level', { level: s.from })}</td><td>{t(`severities.${s.severity}`)}</td><td className="num">{s.count}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Result({ result }: { result: DiagpvImported }) {
  const { t } = useTranslation();
  return (
    <div className="card" role="status" data-testid="import-result">
      <p><strong>{t('imports.done')}</strong></p>
      <ul>
        {result.plants.map((p) => {
          return (
            <li key={p.id}>
              <strong>{p.project}</strong> — {p.created ? t('imports.created') : t('imports.found')}
              {p.modulesCreated > 0 && <> · {t('imports.modulesCreated', { count: p.modulesCreated })}</>}
              {' · '}<Link to={`/plants/${p.id}`}>{t('imports.openPlant')}</Link>
              {p.modulesCreated > 0 && <> · <Link to={`/plants/${p.id}/layout`}>{t('imports.placeIt')}</Link></>}
            </li>
          );
        })}
        {result.audits.map((a) => (
          <li key={a.id}>
            {a.token.slice(0, 8)}… — {a.created ? t('imports.results', { results: a.results, defects: a.defects }) : t('imports.found')}
            {' · '}<Link to={`/audits/${a.id}/review`}>{t('imports.review')}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Back-office: a DiagPV EL export read, shown as what it will create, then imported. */
export function DiagpvImportPage() {
  const { t } = useTranslation();
  const preview = usePreview();
  const run = useImport();
  const [file, setFile] = useState<{ filename: string; content: string } | null>(null);
  const [places, setPlaces] = useState<Record<string, Place>>({});

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    if (!chosen) return;
    const read = { filename: chosen.name, content: await chosen.text() };
    setFile(read);
    run.reset();
    preview.mutate(read);
  }

  function importIt() {
    if (!file || !preview.data) return;
    const placements: Placement[] = preview.data.plants
      .filter((p) => p.needsLocation && places[p.project])
      .map((p) => {
        const place = places[p.project] as Place;
        return { project: p.project, location: [Number(place.lon), Number(place.lat)], azimuthDeg: Number(place.azimuth) || 0 };
      });
    run.mutate({ ...file, placements }, { onSuccess: () => preview.mutate(file) });
  }

  const data = preview.data;
  return (
    <div className="page" data-testid="import-page">
      <div className="page-head"><h1>{t('imports.title')}</h1></div>
      <p className="muted">{t('imports.intro')}</p>
      <div className="card">
        <Field label={t('imports.file')}>
          <input type="file" accept=".sql,text/plain,application/sql" onChange={(e) => void choose(e)} data-testid="import-file" />
        </Field>
        {preview.isPending && <p className="muted">{t('imports.reading')}</p>}
        <ErrorMessage error={preview.error} />
      </div>
      {run.data && <Result result={run.data} />}
      {data && (
        <>
          {data.warnings.length > 0 && (
            <div className="card import-warnings" data-testid="import-warnings">
              <h2>{t('imports.warnings')}</h2>
              <ul>{data.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
            </div>
          )}
          <h2>{t('imports.clients')}</h2>
          <ul className="import-clients">
            {data.clients.map((c) => <li key={c.name}>{c.name} <span className="pill">{c.existingId ? t('imports.existing') : t('imports.isNew')}</span></li>)}
          </ul>
          <h2>{t('imports.plants')}</h2>
          <PlantsTable preview={data} places={places} setPlace={(project, place) => setPlaces({ ...places, [project]: place })} />
          {data.plants.some((p) => p.needsLocation) && <p className="muted">{t('imports.locationHint')}</p>}
          <h2>{t('imports.audits')}</h2>
          <AuditsTable preview={data} />
          <h2>{t('imports.mapping')}</h2>
          <MappingTable preview={data} />
          <div className="import-actions">
            <button type="button" className="primary" onClick={importIt} disabled={run.isPending} data-testid="import-run">
              {run.isPending ? t('imports.importing') : t('imports.import')}
            </button>
            <ErrorMessage error={run.error} />
          </div>
        </>
      )}
    </div>
  );
}
