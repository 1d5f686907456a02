import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../api/http';
import { ErrorMessage } from '../../components/ui';
import { allFeatures } from '../api';
import { useEditor } from '../context';

const LAYERS = ['tables', 'modules', 'strings', 'inverters', 'junction-boxes', 'cables'] as const;

/** GeoJSON of each layer (every page joined), and the mission package (GeoPackage). */
export function ExportSection() {
  const { t } = useTranslation();
  const editor = useEditor();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const name = editor.plant.name.replace(/[^\p{L}\p{N}_-]+/gu, '_');
  const go = async (key: string, make: () => Promise<Blob>, filename: string) => {
    setBusy(key);
    setError(null);
    try {
      saveBlob(await make(), filename);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <details className="le-section" data-testid="le-exports">
      <summary>{t('layout.exports.title')}</summary>
      <div className="le-buttons">
        {LAYERS.map((layer) => (
          <button
            key={layer} type="button" disabled={busy !== null} data-testid={`le-export-${layer}`}
            onClick={() => void go(layer, async () => {
              const features = await allFeatures(editor.plant.id, layer);
              return new Blob([JSON.stringify({ type: 'FeatureCollection', features })], { type: 'application/geo+json' });
            }, `${name}-${layer}.geojson`)}
          >
            {busy === layer ? t('layout.exports.preparing') : t('layout.exports.geojson', { layer: t(`layout.exports.layers.${layer}`) })}
          </button>
        ))}
        <button type="button" className="primary" disabled={busy !== null} data-testid="le-export-mission"
          onClick={() => void go('gpkg', () => editor.api.missionPackage(), `${name}-mission.gpkg`)}>
          {busy === 'gpkg' ? t('layout.exports.preparing') : t('layout.exports.mission')}
        </button>
      </div>
      <ErrorMessage error={error} />
    </details>
  );
}
