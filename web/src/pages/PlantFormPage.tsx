import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type AreaGeometry, DEFAULT_SPECIFIC_YIELD, MOUNTINGS, type Plant, PlantCreate, PlantUpdate } from '@calepin/core';
import { ApiError } from '../api/http';
import { useClients, usePlant, useSavePlant, useWebConfig } from '../api/queries';
import { ErrorMessage, Field, Loading } from '../components/ui';
import { type FieldErrors, topLevel, validate } from '../forms/validate';
import { BoundaryEditor } from '../map/BoundaryEditor';
import { polygonsOf } from '../map/geometry';

const TEXT = ['name', 'reference', 'address', 'postalCode', 'city', 'country', 'timezone', 'notes'] as const;
const NUMBERS = ['peakKwp', 'tariffEurPerKwh', 'specificYieldKwhPerKwp', 'srid'] as const;
type Values = Record<(typeof TEXT)[number] | (typeof NUMBERS)[number] | 'clientId' | 'mounting' | 'commissioningDate', string>;

function fromPlant(p: Plant | undefined, clientId: string | null): Values {
  return {
    clientId: p?.clientId ?? clientId ?? '',
    name: p?.name ?? '',
    reference: p?.reference ?? '',
    mounting: p?.mounting ?? 'ground',
    address: p?.address ?? '',
    postalCode: p?.postalCode ?? '',
    city: p?.city ?? '',
    country: p?.country ?? 'FR',
    timezone: p?.timezone ?? 'Europe/Paris',
    notes: p?.notes ?? '',
    peakKwp: p?.peakKwp?.toString() ?? '',
    tariffEurPerKwh: p?.tariffEurPerKwh?.toString() ?? '',
    specificYieldKwhPerKwp: p?.specificYieldKwhPerKwp?.toString() ?? '',
    srid: p?.srid?.toString() ?? '',
    commissioningDate: p?.commissioningDate ?? '',
  };
}

/** Centre of the boundary's extent: a location for plants that have none. */
function centreOf(area: AreaGeometry): { type: 'Point'; coordinates: number[] } {
  const points = polygonsOf(area).flat(2);
  const xs = points.map((p) => p[0] as number);
  const ys = points.map((p) => p[1] as number);
  return { type: 'Point', coordinates: [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2] };
}

function toBody(values: Values, boundary: AreaGeometry | null, plant: Plant | undefined): Record<string, unknown> {
  const creating = !plant;
  const body: Record<string, unknown> = { clientId: values.clientId || undefined, mounting: values.mounting };
  for (const field of TEXT) {
    const value = values[field].trim();
    if (value) body[field] = value;
    else if (!creating && field !== 'country' && field !== 'timezone') body[field] = field === 'name' ? '' : null;
  }
  for (const field of NUMBERS) {
    const value = values[field].trim().replace(',', '.');
    if (value) body[field] = Number(value);
    else if (!creating && field !== 'srid') body[field] = null;
  }
  if (values.commissioningDate) body.commissioningDate = values.commissioningDate;
  else if (!creating) body.commissioningDate = null;
  if (boundary) body.boundary = boundary;
  else if (!creating && plant?.boundary) body.boundary = null;
  if (boundary && !plant?.location) body.location = centreOf(boundary);
  return body;
}

export function PlantFormPage() {
  const { plantId } = useParams();
  const plant = usePlant(plantId);
  if (plantId && plant.isPending) return <Loading />;
  if (plantId && plant.error) return <ErrorMessage error={plant.error} />;
  // Mounted once the plant is there, so that the form and the map start from it.
  return <PlantForm plant={plant.data} key={plant.data?.id ?? 'new'} />;
}

function PlantForm({ plant }: { plant: Plant | undefined }) {
  const { t } = useTranslation();
  const plantId = plant?.id;
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const clients = useClients({ limit: 500 });
  const config = useWebConfig();
  const save = useSavePlant(plantId);
  const [values, setValues] = useState<Values>(() => fromPlant(plant, params.get('clientId')));
  const [boundary, setBoundary] = useState<AreaGeometry | null>(() => (plant?.boundary as AreaGeometry | null) ?? null);
  const [errors, setErrors] = useState<FieldErrors>({});

  const set = (field: keyof Values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = toBody(values, boundary, plant);
    const checked = validate(plantId ? PlantUpdate : PlantCreate, body);
    if (checked.errors) return setErrors(checked.errors);
    setErrors({});
    try {
      const result = await save.mutateAsync(body as PlantCreate);
      navigate(`/plants/${result.id}`, { replace: !plantId });
    } catch (error) {
      if (error instanceof ApiError) setErrors(topLevel(error.fieldErrors()));
    }
  }

  const text = (field: (typeof TEXT)[number] | (typeof NUMBERS)[number], type = 'text', hint?: string) => (
    <Field label={t(`plants.fields.${field}`)} error={errors[field]} hint={hint} wide={field === 'notes' || field === 'address'}>
      {field === 'notes'
        ? <textarea name={field} value={values[field]} onChange={set(field)} rows={3} />
        : <input name={field} type={type} inputMode={type === 'number' ? 'decimal' : undefined} value={values[field]} onChange={set(field)} />}
    </Field>
  );

  const center = (plant?.location?.coordinates as [number, number] | undefined) ?? null;
  return (
    <div className="page">
      <p><Link to={plantId ? `/plants/${plantId}` : '/plants'}>← {plant?.name ?? t('plants.title')}</Link></p>
      <h1>{plantId ? t('plants.edit') : t('plants.new')}</h1>
      <form className="plant-form" onSubmit={submit} noValidate data-testid="plant-form">
        <div className="card form">
          <div className="form-grid">
            <Field label={t('plants.fields.clientId')} error={errors.clientId}>
              <select name="clientId" value={values.clientId} onChange={set('clientId')}>
                <option value="">{t('plants.chooseClient')}</option>
                {clients.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </Field>
            {text('name')}
            {text('reference')}
            <Field label={t('plants.fields.mounting')} error={errors.mounting}>
              <select name="mounting" value={values.mounting} onChange={set('mounting')}>
                {MOUNTINGS.map((m) => <option key={m} value={m}>{t(`mountings.${m}`)}</option>)}
              </select>
            </Field>
            {text('peakKwp', 'number')}
            <Field label={t('plants.fields.commissioningDate')} error={errors.commissioningDate}>
              <input name="commissioningDate" type="date" value={values.commissioningDate} onChange={set('commissioningDate')} />
            </Field>
            {text('address')}
            {text('postalCode')}
            {text('city')}
            {text('country')}
            {text('tariffEurPerKwh', 'number')}
            {text('specificYieldKwhPerKwp', 'number', t('plants.specificYieldHint', { value: DEFAULT_SPECIFIC_YIELD }))}
            {text('timezone')}
            {text('srid', 'number', t('plants.sridHint'))}
            {text('notes')}
          </div>
        </div>
        <div className="card">
          <h2>{t('plants.boundary')}</h2>
          {(errors.boundary || errors.location) && <p className="field-error" role="alert">{errors.boundary ?? errors.location}</p>}
          {/* The map is made once from the configuration (basemaps, address search): wait for it. */}
          {config.isPending ? <Loading /> : <BoundaryEditor value={boundary} onChange={setBoundary} config={config.data} center={center} />}
        </div>
        {Object.keys(errors).length > 0 && <p className="error" role="alert">{t('error.form')}</p>}
        <ErrorMessage error={save.error && !(save.error instanceof ApiError && save.error.field) ? save.error : null} />
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>{save.isPending ? t('common.saving') : t('common.save')}</button>
          <Link className="button" to={plantId ? `/plants/${plantId}` : '/plants'}>{t('common.cancel')}</Link>
        </div>
      </form>
    </div>
  );
}
