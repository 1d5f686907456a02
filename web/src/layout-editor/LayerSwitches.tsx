import { useTranslation } from 'react-i18next';

/** The editor's own layers a user can hide: on a large plant the cables cover the modules (issue 13). */
export const EDITOR_LAYERS = ['cables', 'inverters', 'junction-boxes', 'strings'] as const;
export type EditorLayer = (typeof EDITOR_LAYERS)[number];

export function LayerSwitches({ shown, onChange }: { shown: ReadonlySet<EditorLayer>; onChange(next: Set<EditorLayer>): void }) {
  const { t } = useTranslation();
  const toggle = (layer: EditorLayer, on: boolean) => {
    const next = new Set(shown);
    if (on) next.add(layer);
    else next.delete(layer);
    onChange(next);
  };
  return (
    <fieldset className="filters le-layers" data-testid="le-layers">
      <legend>{t('layout.layers.title')}</legend>
      {EDITOR_LAYERS.map((layer) => (
        <label key={layer} className="check">
          <input type="checkbox" checked={shown.has(layer)} onChange={(e) => toggle(layer, e.target.checked)} data-testid={`le-layer-${layer}`} />
          {t(`layout.layers.${layer}`)}
        </label>
      ))}
    </fieldset>
  );
}
