// Malformed WFS requests get an OWS ExceptionReport with the right code and a 400, in
// the caller's language; never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@calepin/data-fixtures';
import { type TestApp, testApp } from '../../test-support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const wfs = (query: string, lang = 'en') =>
  t.http.get(`/ogc/wfs?service=WFS&${query}`).auth('admin@calepin.test', DEMO_PASSWORD).set('Accept-Language', lang);

const filter = (xml: string) => `filter=${encodeURIComponent(xml)}`;
const FES = 'xmlns:fes="http://www.opengis.net/fes/2.0"';

const cases: [name: string, query: string, code: string, locator: string][] = [
  ['unknown typeName', 'version=2.0.0&request=GetFeature&typeNames=calepin:unicorns', 'InvalidParameterValue', 'typeNames'],
  ['missing typeNames', 'version=2.0.0&request=GetFeature', 'MissingParameterValue', 'typeNames'],
  ['negative COUNT', 'version=2.0.0&request=GetFeature&typeNames=modules&count=-5', 'InvalidParameterValue', 'count'],
  ['COUNT not a number', 'version=2.0.0&request=GetFeature&typeNames=modules&count=ten', 'InvalidParameterValue', 'count'],
  ['unknown SRS', 'version=2.0.0&request=GetFeature&typeNames=modules&srsName=EPSG:999999', 'InvalidParameterValue', 'srsName'],
  ['gibberish SRS', 'version=2.0.0&request=GetFeature&typeNames=modules&srsName=WGS84-ish', 'InvalidParameterValue', 'srsName'],
  ['malformed filter XML', `version=2.0.0&request=GetFeature&typeNames=modules&${filter('<fes:Filter><fes:And>')}`, 'OperationParsingFailed', 'filter'],
  ['unknown property in a filter', `version=2.0.0&request=GetFeature&typeNames=modules&${filter(`<fes:Filter ${FES}><fes:PropertyIsEqualTo><fes:ValueReference>colour</fes:ValueReference><fes:Literal>red</fes:Literal></fes:PropertyIsEqualTo></fes:Filter>`)}`, 'InvalidParameterValue', 'filter'],
  ['literal of the wrong type', `version=2.0.0&request=GetFeature&typeNames=modules&${filter(`<fes:Filter ${FES}><fes:PropertyIsGreaterThan><fes:ValueReference>tiltDeg</fes:ValueReference><fes:Literal>steep</fes:Literal></fes:PropertyIsGreaterThan></fes:Filter>`)}`, 'InvalidParameterValue', 'filter'],
  ['unsupported operator', `version=2.0.0&request=GetFeature&typeNames=modules&${filter(`<fes:Filter ${FES}><fes:After/></fes:Filter>`)}`, 'InvalidParameterValue', 'filter'],
  ['bad GML in a filter', `version=2.0.0&request=GetFeature&typeNames=modules&${filter(`<fes:Filter ${FES} xmlns:gml="http://www.opengis.net/gml/3.2"><fes:Intersects><fes:ValueReference>geom</fes:ValueReference><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>1 2 3</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></fes:Intersects></fes:Filter>`)}`, 'InvalidParameterValue', 'filter'],
  ['bad BBOX', 'version=2.0.0&request=GetFeature&typeNames=modules&bbox=1,2,nope,4', 'InvalidParameterValue', 'bbox'],
  ['unknown property name', 'version=2.0.0&request=GetFeature&typeNames=modules&propertyName=colour', 'InvalidParameterValue', 'propertyName'],
  ['unknown output format', 'version=2.0.0&request=GetFeature&typeNames=modules&outputFormat=image/png', 'InvalidParameterValue', 'outputFormat'],
  ['unknown request', 'version=2.0.0&request=GetMap', 'OperationNotSupported', 'request'],
  ['unsupported version', 'request=GetCapabilities&acceptVersions=1.0.0', 'VersionNegotiationFailed', 'acceptversions'],
  ['bad resultType', 'version=2.0.0&request=GetFeature&typeNames=modules&resultType=all', 'InvalidParameterValue', 'resultType'],
];

describe('WFS exception reports', () => {
  for (const [name, query, code, locator] of cases) {
    it(`${name} → ${code}`, async () => {
      const response = await wfs(query);
      expect(response.status, response.text).toBe(400);
      expect(response.type).toBe('application/xml');
      expect(response.text).toContain('<ows:ExceptionReport');
      expect(response.text).toContain(`exceptionCode="${code}"`);
      expect(response.text).toContain(`locator="${locator}"`);
    });
  }

  it('speaks French to French clients and uses OWS 1.0 for 1.1.0 requests', async () => {
    const response = await wfs('version=1.1.0&request=GetFeature&typeName=calepin:licornes', 'fr-FR');
    expect(response.status).toBe(400);
    expect(response.text).toContain('xmlns:ows="http://www.opengis.net/ows"');
    expect(response.text).toContain('type d’entités inconnu calepin:licornes');
  });

  it('a malformed XML POST is OperationParsingFailed', async () => {
    const response = await t.http
      .post('/ogc/wfs')
      .auth('admin@calepin.test', DEMO_PASSWORD)
      .set('content-type', 'text/xml')
      .send('<wfs:GetFeature service="WFS" version="2.0.0"><wfs:Query');
    expect(response.status).toBe(400);
    expect(response.text).toContain('exceptionCode="OperationParsingFailed"');
  });

  it('an XML POST GetFeature with a filter works', async () => {
    const response = await t.http
      .post('/ogc/wfs')
      .auth('admin@calepin.test', DEMO_PASSWORD)
      .set('content-type', 'text/xml')
      .send(`<wfs:GetFeature service="WFS" version="2.0.0" count="5" outputFormat="application/json" xmlns:wfs="http://www.opengis.net/wfs/2.0" ${FES}>
        <wfs:Query typeNames="calepin:modules"><fes:Filter><fes:PropertyIsLike wildCard="*" singleChar="." escapeChar="!">
          <fes:ValueReference>code</fes:ValueReference><fes:Literal>S1-M*</fes:Literal></fes:PropertyIsLike></fes:Filter></wfs:Query></wfs:GetFeature>`);
    expect(response.status, response.text).toBe(200);
    const body = JSON.parse(response.text);
    expect(body.numberReturned).toBe(5);
    expect(body.features.every((f: { properties: { code: string } }) => f.properties.code.startsWith('S1-M'))).toBe(true);
  });

  describe('hostile filters: bounded depth and size, a 400 with an OWS exception, never a 500', () => {
    const equal = `<fes:PropertyIsEqualTo><fes:ValueReference>code</fes:ValueReference><fes:Literal>S1-M1</fes:Literal></fes:PropertyIsEqualTo>`;
    const nested = (n: number) => `<fes:Filter ${FES}>${'<fes:Not>'.repeat(n)}${equal}${'</fes:Not>'.repeat(n)}</fes:Filter>`;
    const getFeature = (filterXml: string) =>
      t.http
        .post('/ogc/wfs')
        .auth('admin@calepin.test', DEMO_PASSWORD)
        .set('content-type', 'text/xml')
        .send(`<wfs:GetFeature service="WFS" version="2.0.0" count="1" xmlns:wfs="http://www.opengis.net/wfs/2.0"><wfs:Query typeNames="calepin:modules">${filterXml}</wfs:Query></wfs:GetFeature>`);

    it('20,000 nested fes:Not in a POST → OperationParsingFailed', async () => {
      const response = await getFeature(nested(20_000));
      expect(response.status, response.text).toBe(400);
      expect(response.text).toContain('exceptionCode="OperationParsingFailed"');
      expect(response.text).toContain('more than 256 levels');
    });

    it('300 nested fes:Not in a KVP FILTER → OperationParsingFailed at filter', async () => {
      const response = await wfs(`version=2.0.0&request=GetFeature&typeNames=modules&${filter(nested(300))}`);
      expect(response.status, response.text).toBe(400);
      expect(response.text).toContain('locator="filter"');
    });

    it('an even number of nested fes:Not within the bound is the filter itself', async () => {
      const response = await getFeature(nested(200));
      expect(response.status, response.text).toBe(200);
      expect(response.text).toMatch(/numberMatched="[1-9]/);
    });

    it('5,001 operators → InvalidParameterValue at filter', async () => {
      const response = await getFeature(`<fes:Filter ${FES}><fes:Or>${equal.repeat(5001)}</fes:Or></fes:Filter>`);
      expect(response.status, response.text).toBe(400);
      expect(response.text).toContain('exceptionCode="InvalidParameterValue"');
      expect(response.text).toContain('more than 5000 operators');
    });
  });

  it('OGC API refusals are JSON 400s', async () => {
    for (const query of ['limit=-1', 'bbox=1,2,3', 'crs=EPSG:999999', 'colour=red', 'tiltDeg=steep']) {
      const response = await t.http.get(`/ogc/features/collections/modules/items?${query}`).auth('admin@calepin.test', DEMO_PASSWORD);
      expect([query, response.status]).toEqual([query, 400]);
      expect(response.body.code).toBe('InvalidParameterValue');
    }
    const unknown = await t.http.get('/ogc/features/collections/unicorns/items').auth('admin@calepin.test', DEMO_PASSWORD);
    expect(unknown.status).toBe(400);
  });
});
