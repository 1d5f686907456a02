// A file of the API shown in the page: fetched with the session's token (the API takes no
// cookie, so a plain <img src> or link would be refused), given as an object URL, freed
// when the URL changes or the component goes.
import { useEffect, useState } from 'react';
import { api } from './http';

export function useBlobUrl(url: string | null): { src: string | null; failed: boolean } {
  const [state, setState] = useState<{ url: string | null; src: string | null; failed: boolean }>({ url: null, src: null, failed: false });
  useEffect(() => {
    if (!url) return;
    let href: string | null = null;
    const controller = new AbortController();
    api.linked(url, controller.signal)
      .then((blob) => {
        href = URL.createObjectURL(blob);
        setState({ url, src: href, failed: false });
      })
      .catch(() => {
        if (!controller.signal.aborted) setState({ url, src: null, failed: true });
      });
    return () => {
      controller.abort();
      if (href) URL.revokeObjectURL(href);
    };
  }, [url]);
  return state.url === url ? state : { src: null, failed: false };
}
