// Bounds that refuse what is accepted but wrong (issue 13). The server enforces them and
// says why; the web app can say them before a request is sent.

/**
 * Largest area of a plant boundary. The largest single solar sites cover a few thousand
 * hectares (Bhadla, India: about 5,700 ha); a boundary of 747,671 ha was coordinates in
 * the wrong CRS.
 */
export const MAX_PLANT_BOUNDARY_HA = 10_000;

/**
 * How far layout (tables, modules, inverters, boxes, cables) may lie from its plant's
 * boundary, or from its location when it has no boundary: a table 8,000 km away was
 * accepted. 20 km holds the largest sites with room for a substation outside the fence.
 */
export const MAX_LAYOUT_DISTANCE_KM = 20;

/**
 * Most pixels of a raster plan (a page of a PDF at 150 dpi, an image, a TIFF), by
 * default. An A0 sheet scanned at 300 dpi is 140 megapixels; a PNG that claims 30,000 ×
 * 30,000 px (900) in a few kilobytes is a decompression bomb. PLAN_MAX_MEGAPIXELS changes it.
 */
export const DEFAULT_PLAN_MAX_MEGAPIXELS = 200;
