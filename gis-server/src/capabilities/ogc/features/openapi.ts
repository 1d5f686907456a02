import { LAYERS } from '../../../layers/catalog';

/** The OpenAPI 3.0 description of /ogc/features (OGC API – Features requires 3.0). */
export function openApiDocument(base: string): object {
  const collectionId = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: LAYERS.map((l) => l.name) } };
  const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
  const geojson = (description: string) => ({ description, content: { 'application/geo+json': { schema: { type: 'object' } } } });
  const errors = { 400: json('Invalid parameter'), 401: json('Authentication required'), 404: json('Not found') };
  return {
    openapi: '3.0.3',
    info: { title: 'Calepin – OGC API Features', version: '1.0.0' },
    servers: [{ url: base }],
    components: {
      securitySchemes: { basic: { type: 'http', scheme: 'basic' }, bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ basic: [] }, { bearer: [] }],
    paths: {
      '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', responses: { 200: json('Links'), ...errors } } },
      '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', responses: { 200: json('Conformance'), ...errors } } },
      '/collections': { get: { summary: 'Collections', operationId: 'getCollections', responses: { 200: json('Collections'), ...errors } } },
      '/collections/{collectionId}': {
        get: { summary: 'One collection', operationId: 'describeCollection', parameters: [collectionId], responses: { 200: json('Collection'), ...errors } },
      },
      '/collections/{collectionId}/items': {
        get: {
          summary: 'Features of a collection (GeoJSON), paged by next links (a keyset cursor, `after`) or by offset',
          operationId: 'getFeatures',
          parameters: [
            collectionId,
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 10000, default: 100 } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
            { name: 'after', in: 'query', description: 'The id after which the page starts (what next links carry)', schema: { type: 'string', format: 'uuid' } },
            { name: 'bbox', in: 'query', style: 'form', explode: false, schema: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } } },
            { name: 'bbox-crs', in: 'query', schema: { type: 'string', format: 'uri' } },
            { name: 'crs', in: 'query', schema: { type: 'string', format: 'uri' } },
          ],
          responses: { 200: geojson('Features'), ...errors },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          summary: 'One feature',
          operationId: 'getFeature',
          parameters: [collectionId, { name: 'featureId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { 200: geojson('Feature'), ...errors },
        },
      },
    },
  };
}
