import type { TransactionVersion } from './request';

export interface TransactionSummary {
  /** Feature ids of the inserted features (layer.fid), per Insert element, in order. */
  inserted: string[][];
  updated: number;
  deleted: number;
}

const XML = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * The TransactionResponse in the form the document's version asks for: that is where each
 * client looks for success and new ids.
 * - 1.0.0 (QGIS 3.22 connected in 2.0 or 1.0): WFS_TransactionResponse, InsertResult/ogc:FeatureId
 *   and TransactionResult/Status/SUCCESS, which QGIS reads as success.
 * - 1.1.0 (QGIS 3.28+ and GDAL in 1.1): TransactionSummary totals (QGIS counts success
 *   from them), InsertResults/Feature/ogc:FeatureId.
 * - 2.0.0 (GDAL in 2.0, even with the 1.1 namespace): InsertResults/Feature/fes:ResourceId rid.
 */
export function transactionResponse(version: TransactionVersion, summary: TransactionSummary): string {
  const all = summary.inserted.flat();
  if (version === '1.0.0') {
    const inserts = summary.inserted
      .filter((ids) => ids.length)
      .map((ids) => `<wfs:InsertResult>${ids.map((fid) => `<ogc:FeatureId fid="${fid}"/>`).join('')}</wfs:InsertResult>`)
      .join('');
    return (
      `${XML}<wfs:WFS_TransactionResponse version="1.0.0" xmlns:wfs="http://www.opengis.net/wfs" xmlns:ogc="http://www.opengis.net/ogc">` +
      `${inserts}<wfs:TransactionResult><wfs:Status><wfs:SUCCESS/></wfs:Status></wfs:TransactionResult></wfs:WFS_TransactionResponse>`
    );
  }
  const totals =
    `<wfs:TransactionSummary><wfs:totalInserted>${all.length}</wfs:totalInserted>` +
    `<wfs:totalUpdated>${summary.updated}</wfs:totalUpdated><wfs:totalDeleted>${summary.deleted}</wfs:totalDeleted></wfs:TransactionSummary>`;
  if (version === '2.0.0') {
    const ids = all.map((fid) => `<wfs:Feature><fes:ResourceId rid="${fid}"/></wfs:Feature>`).join('');
    return (
      `${XML}<wfs:TransactionResponse version="2.0.0" xmlns:wfs="http://www.opengis.net/wfs/2.0" xmlns:fes="http://www.opengis.net/fes/2.0">` +
      `${totals}${all.length ? `<wfs:InsertResults>${ids}</wfs:InsertResults>` : ''}</wfs:TransactionResponse>`
    );
  }
  const ids = all.map((fid) => `<wfs:Feature><ogc:FeatureId fid="${fid}"/></wfs:Feature>`).join('');
  return (
    `${XML}<wfs:TransactionResponse version="1.1.0" xmlns:wfs="http://www.opengis.net/wfs" xmlns:ogc="http://www.opengis.net/ogc">` +
    `${totals}<wfs:TransactionResults/>${all.length ? `<wfs:InsertResults>${ids}</wfs:InsertResults>` : ''}</wfs:TransactionResponse>`
  );
}
