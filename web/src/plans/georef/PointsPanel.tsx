import { useTranslation } from 'react-i18next';
import { MIN_POINTS, TRANSFORM_METHODS, type TransformMethod } from '@calepin/core/georef';
import { formatNumber } from '../../format';
import { formatMetres } from '../format';
import type { EditorPoint, Residuals } from './useResiduals';

interface Props {
  points: EditorPoint[];
  residuals: Residuals;
  method: TransformMethod;
  srid: number;
  selected: string | null;
  onMethod(method: TransformMethod): void;
  onSelect(id: string): void;
  onDelete(id: string): void;
}

/** The transform choice, each point with its residual, and the RMS, in metres. */
export function PointsPanel(props: Props) {
  const { t } = useTranslation();
  const complete = props.points.filter((p) => p.lonLat).length;
  const { residuals } = props;
  return (
    <>
      <fieldset className="filters transforms" data-testid="transforms">
        <legend>{t('plans.editor.transform')}</legend>
        {TRANSFORM_METHODS.map((method) => {
          const enough = complete >= MIN_POINTS[method];
          return (
            <label key={method} className={`check${enough ? '' : ' off'}`}>
              <input type="radio" name="transform" value={method} checked={props.method === method} disabled={!enough}
                onChange={() => props.onMethod(method)} data-testid={`transform-${method}`} />
              <span>
                {t(`plans.editor.transforms.${method}`)}
                {!enough && <small className="muted"> · {t('plans.editor.needs', { count: MIN_POINTS[method] })}</small>}
              </span>
            </label>
          );
        })}
      </fieldset>
      <section>
        <h3>{t('plans.editor.points')}</h3>
        {props.points.length === 0 ? <p className="muted">{t('plans.editor.noPoints')}</p> : (
          <table className="points" data-testid="points">
            <thead>
              <tr>
                <th>#</th><th className="num">x</th><th className="num">y</th>
                <th className="num">{t('plans.editor.residual')}</th><th />
              </tr>
            </thead>
            <tbody>
              {props.points.map((p) => {
                const r = residuals.byId.get(p.id);
                return (
                  <tr key={p.id} className={`${p.id === props.selected ? 'selected' : ''}${p.lonLat ? '' : ' pending'}`}
                    onClick={() => props.onSelect(p.id)} data-testid={`point-${p.n}`}>
                    <td>{p.n}</td>
                    <td className="num">{formatNumber(p.pixel[0], 0)}</td>
                    <td className="num">{formatNumber(p.pixel[1], 0)}</td>
                    <td className="num" data-testid="residual" title={r ? `dx ${formatMetres(r.dxM)} · dy ${formatMetres(r.dyM)}` : undefined}>
                      {r ? formatMetres(r.m) : '—'}
                    </td>
                    <td>
                      <button type="button" className="link danger-text" aria-label={t('plans.editor.delete', { n: p.n })}
                        onClick={(e) => { e.stopPropagation(); props.onDelete(p.id); }}>×</button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <div>
        <span className="field-label">{t('plans.editor.rms')}</span>{' '}
        <span className="rms" data-testid="rms">{residuals.rmsM != null ? formatMetres(residuals.rmsM) : '—'}</span>
        <p className="hint">{t('plans.editor.crs', { srid: props.srid })}</p>
        {props.method === 'tps' && <p className="hint">{t('plans.editor.looNote')}</p>}
        {residuals.problem && <p className="field-error" role="alert" data-testid="fit-problem">{residuals.problem}</p>}
      </div>
    </>
  );
}
