import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModuleHit } from '@calepin/core';
import { searchModules } from '../api/queries';
import { StatusSwatch } from '../components/ui';
import { useDebounced } from '../components/useDebounced';

interface Props {
  plantId: string;
  audit: string | undefined;
  onFound(hit: ModuleHit): void;
}

/** Find a module by code: suggestions as you type, Enter takes the exact code (or the first). */
export function ModuleSearch({ plantId, audit, onFound }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [found, setFound] = useState<ModuleHit[]>([]);
  const [open, setOpen] = useState(false);
  const [notFound, setNotFound] = useState(false);
  const query = useDebounced(text.trim(), 200);

  useEffect(() => {
    if (!query) return undefined;
    const controller = new AbortController();
    searchModules(plantId, query, audit, controller.signal)
      .then((result) => setFound(result.items))
      .catch(() => undefined);
    return () => controller.abort();
  }, [plantId, query, audit]);

  const hits = query ? found : [];

  const choose = (hit: ModuleHit) => {
    setText(hit.code);
    setOpen(false);
    setNotFound(false);
    onFound(hit);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const q = text.trim();
    if (!q) return;
    const result = await searchModules(plantId, q, audit).catch(() => null);
    const hit = result?.items[0];
    if (hit) choose(hit);
    else setNotFound(true);
  }

  return (
    <form className="module-search" onSubmit={submit} role="search">
      <label htmlFor="module-search" className="field-label">{t('map.searchLabel')}</label>
      <div className="combo">
        <input
          id="module-search"
          type="search"
          autoComplete="off"
          placeholder={t('map.searchPlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value.trim()) setFound([]);
            setOpen(true);
            setNotFound(false);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          data-testid="module-search"
        />
        {open && hits.length > 0 && (
          <ul className="suggestions" role="listbox">
            {hits.map((hit) => (
              <li key={hit.id} role="option" aria-selected="false">
                <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => choose(hit)}>
                  <StatusSwatch status={hit.status} /> <strong>{hit.code}</strong>
                  <span className="muted">{[hit.stringCode, hit.inverterCode].filter(Boolean).join(' · ')}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {notFound && <p className="field-error" role="alert">{t('map.noMatch')}</p>}
    </form>
  );
}
