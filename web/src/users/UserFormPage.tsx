// One account, made or changed by an administrator: role, company (for a client user),
// language, a new password, disabled. Disabling or deleting ends the account's sessions at
// once (the server bumps its token generation, docs/security.md).
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LOCALES, ROLES, type Role, type User, UserCreate, UserUpdate } from '@calepin/core';
import { ApiError } from '../api/http';
import { useClients } from '../api/queries';
import { useAuth } from '../auth/session';
import { ErrorMessage, Field, Loading } from '../components/ui';
import { type FieldErrors, topLevel, validate } from '../forms/validate';
import { useDeleteUser, useSaveUser, useUser } from './queries';

interface Values { email: string; fullName: string; role: Role; clientId: string; locale: string; phone: string; password: string; disabled: boolean }

const empty = (): Values => ({ email: '', fullName: '', role: 'technician', clientId: '', locale: 'fr', phone: '', password: '', disabled: false });
const fromUser = (u: User): Values => ({
  email: u.email, fullName: u.fullName, role: u.role, clientId: u.clientId ?? '', locale: u.locale, phone: u.phone ?? '', password: '', disabled: u.disabled,
});

/** Form values to a request body: a client user names its company, staff none; an empty password is left unchanged. */
function toBody(v: Values, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    email: v.email.trim(), fullName: v.fullName.trim(), role: v.role, locale: v.locale,
    clientId: v.role === 'client' ? (v.clientId || undefined) : null, phone: v.phone.trim(),
  };
  if (creating && v.role !== 'client') delete body.clientId;
  if (v.password || creating) body.password = v.password;
  if (!creating) body.disabled = v.disabled;
  return body;
}

export function UserFormPage() {
  const { userId } = useParams();
  const account = useUser(userId);
  if (userId && account.isPending) return <Loading />;
  if (userId && account.error) return <ErrorMessage error={account.error} />;
  // Keyed by the account: the form starts from its values, and again for another account.
  return <UserForm key={userId ?? 'new'} userId={userId} account={account.data} />;
}

function UserForm({ userId, account }: { userId: string | undefined; account: User | undefined }) {
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const navigate = useNavigate();
  const clients = useClients({ limit: 500 });
  const save = useSaveUser(userId);
  const remove = useDeleteUser();
  const [values, setValues] = useState<Values>(() => (account ? fromUser(account) : empty()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const self = userId === me?.id;

  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setSaved(false);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = toBody(values, !userId);
    const checked = userId ? validate(UserUpdate, body) : validate(UserCreate, body);
    if (checked.errors) return setErrors(checked.errors);
    setErrors({});
    try {
      const result = await save.mutateAsync(body as UserCreate);
      setSaved(true);
      setValues((v) => ({ ...v, password: '' }));
      if (!userId) navigate(`/admin/users/${result.id}`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError) setErrors(topLevel(error.fieldErrors()));
    }
  }

  async function doDelete() {
    if (!userId || !window.confirm(t('users.confirmDelete', { name: account?.fullName }))) return;
    try {
      await remove.mutateAsync(userId);
      navigate('/admin/users');
    } catch {
      // shown below from remove.error
    }
  }

  return (
    <div className="page narrow">
      <p><Link to="/admin/users">← {t('users.title')}</Link></p>
      <h1>{userId ? account?.fullName : t('users.new')}</h1>
      <form className="card form" onSubmit={submit} noValidate data-testid="user-form">
        <div className="form-grid">
          <Field label={t('users.fields.fullName')} error={errors.fullName}>
            <input name="fullName" value={values.fullName} onChange={(e) => set('fullName', e.target.value)} />
          </Field>
          <Field label={t('users.fields.email')} error={errors.email}>
            <input name="email" type="email" value={values.email} onChange={(e) => set('email', e.target.value)} />
          </Field>
          <Field label={t('users.fields.role')} error={errors.role} hint={self ? t('users.selfRole') : undefined}>
            <select name="role" value={values.role} onChange={(e) => set('role', e.target.value as Role)} disabled={self}>
              {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
          </Field>
          {values.role === 'client' && (
            <Field label={t('users.fields.clientId')} error={errors.clientId} hint={t('users.clientHint')}>
              <select name="clientId" value={values.clientId} onChange={(e) => set('clientId', e.target.value)}>
                <option value="">—</option>
                {clients.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </Field>
          )}
          <Field label={t('users.fields.locale')} error={errors.locale}>
            <select name="locale" value={values.locale} onChange={(e) => set('locale', e.target.value)}>
              {LOCALES.map((l) => <option key={l} value={l}>{l === 'fr' ? 'Français' : 'English'}</option>)}
            </select>
          </Field>
          <Field label={t('users.fields.phone')} error={errors.phone}>
            <input name="phone" type="tel" value={values.phone} onChange={(e) => set('phone', e.target.value)} />
          </Field>
          <Field label={userId ? t('users.fields.newPassword') : t('users.fields.password')} error={errors.password} hint={t('users.passwordHint')}>
            <input name="password" type="password" autoComplete="new-password" value={values.password} onChange={(e) => set('password', e.target.value)} />
          </Field>
          {userId && !self && (
            <label className="check wide">
              <input type="checkbox" name="disabled" checked={values.disabled} onChange={(e) => set('disabled', e.target.checked)} data-testid="user-disabled" />
              {t('users.disableLabel')}
            </label>
          )}
        </div>
        {errors._ && <p className="error">{errors._}</p>}
        {Object.keys(errors).length > 0 && <p className="error" role="alert">{t('error.form')}</p>}
        <ErrorMessage error={save.error && !(save.error instanceof ApiError && save.error.field) ? save.error : null} />
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          {saved && <span className="ok-text" role="status">{t('common.saved')}</span>}
          {userId && !self && (
            <button type="button" className="danger" onClick={() => void doDelete()} disabled={remove.isPending}>
              {t('users.delete')}
            </button>
          )}
        </div>
        <ErrorMessage error={remove.error} />
      </form>
    </div>
  );
}
