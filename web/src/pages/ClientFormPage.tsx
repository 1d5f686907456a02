import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type Client, ClientCreate, ClientUpdate } from '@calepin/core';
import { ApiError } from '../api/http';
import { useArchive, useClient, usePlants, useSaveClient } from '../api/queries';
import { canManage, useAuth } from '../auth/session';
import { ErrorMessage, Field, Loading } from '../components/ui';
import { type FieldErrors, topLevel, validate } from '../forms/validate';

const FIELDS = ['name', 'legalName', 'siret', 'vatNumber', 'email', 'phone', 'address', 'postalCode', 'city', 'country', 'notes'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

const empty = (): Values => Object.fromEntries(FIELDS.map((f) => [f, f === 'country' ? 'FR' : ''])) as Values;
const fromClient = (c: Client): Values => Object.fromEntries(FIELDS.map((f) => [f, c[f] ?? ''])) as Values;

/** Form text to a request body: an emptied field clears the value (null); country stays. */
function toBody(values: Values, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = values[field].trim();
    if (value === '') {
      if (!creating && field !== 'country' && field !== 'name') body[field] = null;
    } else {
      body[field] = value;
    }
  }
  if (!creating && values.name.trim() === '') body.name = '';
  return body;
}

export function ClientFormPage() {
  const { t } = useTranslation();
  const { clientId } = useParams();
  const { user } = useAuth();
  const navigate = useNavigate();
  const editable = canManage(user?.role);
  const client = useClient(clientId);
  const plants = usePlants({ clientId, limit: 100 });
  const save = useSaveClient(clientId);
  const archive = useArchive('clients');
  const [values, setValues] = useState<Values>(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (client.data) setValues(fromClient(client.data));
  }, [client.data]);

  if (clientId && client.isPending) return <Loading />;
  if (clientId && client.error) return <ErrorMessage error={client.error} />;

  const set = (field: FieldName) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    setSaved(false);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = toBody(values, !clientId);
    const checked = validate(clientId ? ClientUpdate : ClientCreate, body);
    if (checked.errors) return setErrors(checked.errors);
    setErrors({});
    try {
      const result = await save.mutateAsync(body as ClientCreate);
      setSaved(true);
      if (!clientId) navigate(`/clients/${result.id}`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError) setErrors(topLevel(error.fieldErrors()));
    }
  }

  async function doArchive() {
    if (!clientId || !window.confirm(t('common.confirmArchive', { name: client.data?.name }))) return;
    try {
      await archive.mutateAsync(clientId);
      navigate('/clients');
    } catch {
      // shown below from archive.error
    }
  }

  const input = (field: FieldName, type = 'text') => (
    <Field label={t(`clients.fields.${field}`)} error={errors[field]} wide={field === 'notes' || field === 'address'}>
      {field === 'notes' ? (
        <textarea name={field} value={values[field]} onChange={set(field)} readOnly={!editable} rows={3} />
      ) : (
        <input name={field} type={type} value={values[field]} onChange={set(field)} readOnly={!editable} />
      )}
    </Field>
  );

  return (
    <div className="page narrow">
      <p><Link to="/clients">← {t('clients.title')}</Link></p>
      <h1>{clientId ? (editable ? t('clients.edit') : client.data?.name) : t('clients.new')}</h1>
      <form className="card form" onSubmit={submit} noValidate data-testid="client-form">
        <div className="form-grid">
          {input('name')}
          {input('legalName')}
          {input('siret')}
          {input('vatNumber')}
          {input('email', 'email')}
          {input('phone', 'tel')}
          {input('address')}
          {input('postalCode')}
          {input('city')}
          {input('country')}
          {input('notes')}
        </div>
        {errors._ && <p className="error">{errors._}</p>}
        {Object.keys(errors).length > 0 && <p className="error" role="alert">{t('error.form')}</p>}
        <ErrorMessage error={save.error && !(save.error instanceof ApiError && save.error.field) ? save.error : null} />
        {editable && (
          <div className="actions">
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? t('common.saving') : t('common.save')}
            </button>
            {saved && <span className="ok-text" role="status">{t('common.saved')}</span>}
            {clientId && (
              <button type="button" className="danger" onClick={() => void doArchive()} disabled={archive.isPending}>
                {t('common.archive')}
              </button>
            )}
          </div>
        )}
        <ErrorMessage error={archive.error} />
      </form>
      {clientId && plants.data && (
        <section className="card">
          <h2>{t('plants.title')}</h2>
          {plants.data.items.length === 0 ? <p className="muted">{t('plants.empty')}</p> : (
            <ul className="plain">
              {plants.data.items.map((p) => <li key={p.id}><Link to={`/plants/${p.id}`}>{p.name}</Link> <span className="muted">{p.city}</span></li>)}
            </ul>
          )}
          {editable && <Link className="button" to={`/plants/new?clientId=${clientId}`}>{t('plants.new')}</Link>}
        </section>
      )}
    </div>
  );
}
