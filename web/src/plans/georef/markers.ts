import { type Map as MapLibreMap, Marker } from 'maplibre-gl';

export interface MarkerItem {
  id: string;
  label: string;
  lngLat: [number, number];
  pending?: boolean;
  selected?: boolean;
}

/**
 * Keeps one draggable marker per item on a map (DOM markers: they drag with the mouse or a
 * finger, and the tests can find them by their data-point attribute).
 */
export function syncMarkers(
  map: MapLibreMap, markers: Map<string, Marker>, items: MarkerItem[], kind: 'plan' | 'target',
  onDrag: (id: string, lngLat: [number, number]) => void, onSelect: (id: string) => void,
): void {
  const wanted = new Set(items.map((i) => i.id));
  for (const [id, marker] of markers) {
    if (!wanted.has(id)) {
      marker.remove();
      markers.delete(id);
    }
  }
  for (const item of items) {
    let marker = markers.get(item.id);
    if (!marker) {
      const element = document.createElement('div');
      element.dataset.point = item.id;
      element.addEventListener('click', (event) => {
        event.stopPropagation();
        onSelect(item.id);
      });
      marker = new Marker({ element, draggable: true }).setLngLat(item.lngLat).addTo(map);
      const m = marker;
      m.on('dragend', () => {
        const { lng, lat } = m.getLngLat();
        onDrag(item.id, [lng, lat]);
      });
      markers.set(item.id, marker);
    } else {
      marker.setLngLat(item.lngLat);
    }
    const element = marker.getElement();
    // MapLibre keeps its own classes on the element: only ours are toggled.
    element.classList.add('gcp-marker', `gcp-${kind}`);
    element.classList.toggle('pending', Boolean(item.pending));
    element.classList.toggle('selected', Boolean(item.selected));
    element.dataset.testid = `${kind}-marker-${item.label}`;
    element.textContent = item.label;
  }
}
