// Every word of the web app, in English; fr.ts has the same keys (the type checks it).
import { layoutEn } from '../layout-editor/i18n/en';
import { plansEn } from '../plans/i18n';
import { tokensEn } from '../tokens/i18n';
import { importsEn } from '../imports/i18n';
import { reportWorkflowEn } from '../report-workflow/i18n';
import { webReportEn } from '../web-report/i18n';
import { reviewEn } from '../review/i18n';
import { reportsEn } from '../reports/i18n';
import { missionsEn } from '../missions/i18n';
import { liveEn } from '../missions/live-i18n';
import { progressEn } from '../missions/progress-i18n';
export const en = {
  app: { name: 'Calepin', tagline: 'PV plant diagnostics' },
  nav: { dashboard: 'Dashboard', clients: 'Clients', plants: 'Plants', logout: 'Log out', language: 'Language', main: 'Main menu',
    refusedStaff: 'The page {{path}} is for the diagnostics company’s staff: here are your plants instead.',
    refusedAdmin: 'The page {{path}} is for administrators: here are the plants instead.',
    users: 'Users',
    refusedManager: 'The page {{path}} needs a manager or administrator account: here are the plants instead.',
  },
  common: {
    save: 'Save', saving: 'Saving…', cancel: 'Cancel', edit: 'Edit', archive: 'Archive', create: 'Create',
    search: 'Search', loading: 'Loading…', none: 'None', back: 'Back', yes: 'Yes', no: 'No', close: 'Close',
    all: 'All', download: 'Download', remove: 'Remove', open: 'Open', total: 'Total', retry: 'Try again',
    confirmArchive: 'Archive “{{name}}”? It disappears from the lists; its history is kept.',
    saved: 'Saved', readOnly: 'Read only', results: '{{count}} result(s)', previous: 'Previous', next: 'Next',
    page: 'Page {{page}} of {{pages}}',
  },
  error: {
    network: 'The server cannot be reached. Check your connection and try again.',
    http: 'The server answered with an error ({{status}}).',
    notFound: 'Not found, or not visible to your account.',
    title: 'Something went wrong',
    form: 'Please correct the fields marked in red.',
  },
  login: {
    title: 'Log in', email: 'E-mail', password: 'Password', submit: 'Log in', submitting: 'Logging in…',
    demo: 'Demo accounts (password calepin-demo)',
  },
  roles: { admin: 'Administrator', manager: 'Manager', technician: 'Technician', client: 'Client' },
  dashboard: {
    title: 'Dashboard', clients: 'Clients', plants: 'Plants', peakPower: 'Peak power', modules: 'Modules',
    modulesAudited: 'Modules audited', audits: 'Audits done', openDefects: 'Open defects',
    modulesByStatus: 'Modules by status', defectsByStatus: 'Open defects by implied status',
    defectsBySeverity: 'Open defects by severity', defectsByType: 'Open defects by type', auditsByType: 'Audits by type',
    auditedShare: '{{share}} of the modules',
  },
  users: {
    title: 'User accounts', new: 'New account', searchPlaceholder: 'Name or e-mail', allRoles: 'All roles',
    empty: 'No account matches.', lastLogin: 'Last login', state: 'State', active: 'Active', disabled: 'Disabled',
    fields: {
      fullName: 'Full name', email: 'E-mail', role: 'Role', clientId: 'Company (client)', locale: 'Language',
      phone: 'Phone', password: 'Password', newPassword: 'New password (leave empty to keep it)',
    },
    passwordHint: 'At least 10 characters.',
    clientHint: 'A client user sees this company’s plants and reports only.',
    selfRole: 'You cannot change your own role.',
    disableLabel: 'Disabled: cannot log in; its open sessions end at once',
    delete: 'Delete the account',
    confirmDelete: 'Delete the account of {{name}}? Its sessions end at once; what it recorded stays.',
  },
  clients: {
    title: 'Clients', new: 'New client', edit: 'Edit client', searchPlaceholder: 'Name, city or SIRET',
    empty: 'No client matches.', plantCount: 'Plants', archived: 'Client archived',
    fields: {
      name: 'Name', legalName: 'Legal name', siret: 'SIRET', vatNumber: 'VAT number', address: 'Address',
      postalCode: 'Postal code', city: 'City', country: 'Country (ISO code)', email: 'E-mail', phone: 'Phone', notes: 'Notes',
    },
  },
  plants: {
    title: 'Plants', new: 'New plant', edit: 'Edit plant', searchPlaceholder: 'Name, reference or city',
    empty: 'No plant matches.', openMap: 'Open the map', details: 'Details', boundary: 'Boundary',
    noBoundary: 'No boundary drawn yet.', archived: 'Plant archived', allClients: 'All clients',
    fields: {
      clientId: 'Client', name: 'Name', reference: 'Reference', mounting: 'Mounting', address: 'Address',
      postalCode: 'Postal code', city: 'City', country: 'Country (ISO code)', peakKwp: 'Peak power (kWp)',
      commissioningDate: 'Commissioning date', srid: 'Projected CRS (EPSG code)', boundary: 'Boundary',
      tariffEurPerKwh: 'Tariff (€/kWh)', specificYieldKwhPerKwp: 'Specific yield (kWh/kWp/year)', timezone: 'Time zone', notes: 'Notes', moduleCount: 'Modules',
      location: 'Location',
    },
    specificYieldHint: 'For the €/year of the losses in reports; empty: {{value}} kWh/kWp.',
    specificYieldDefault: '{{value}} kWh/kWp (default)',
    sridHint: 'Leave empty: suggested from the location (Lambert-93 in France, UTM elsewhere).',
    chooseClient: 'Choose a client…',
  },
  mountings: { ground: 'Ground-mounted', rooftop: 'Rooftop', carport: 'Carport', floating: 'Floating' },
  draw: {
    polygon: 'Draw a polygon', select: 'Edit vertices', clear: 'Clear', help:
      'Click on the map to add corners; click the first corner (or press Enter) to close the polygon. In edit mode, drag corners; click a polygon to select it, Delete removes it.',
    area: 'Area: {{area}}', count: '{{count}} polygon(s)',
  },
  documents: {
    title: 'Documents', empty: 'No document yet.', upload: 'Attach a file', uploading: 'Uploading…',
    kind: 'Kind', titleField: 'Title', file: 'File', choose: 'Choose a file…', noFile: 'No file chosen', size: 'Size', by: 'Added by', date: 'Date',
    kinds: { plan: 'Plan', contract: 'Contract', datasheet: 'Datasheet', single_line_diagram: 'Single-line diagram', report: 'Report', photo: 'Photo', other: 'Other' },
  },
  history: {
    title: 'Intervention history', empty: 'No mission on this plant yet.', mission: 'Mission', technician: 'Technician',
    period: 'Period', audits: 'Audits', inspected: '{{n}} modules inspected', defects: '{{n}} open defects',
    missionStatuses: { draft: 'Draft', planned: 'Planned', in_progress: 'In progress', done: 'Done', cancelled: 'Cancelled' },
    auditStatuses: { planned: 'Planned', in_progress: 'In progress', done: 'Done' },
  },
  map: {
    title: 'Map', legend: 'Module status', shown: '{{shown}} of {{total}} modules shown', searchPlaceholder: 'Module code, e.g. S3-M12',
    searchLabel: 'Find a module', noMatch: 'No module with this code.', filters: 'Filters', inverter: 'Inverter', string: 'String',
    allInverters: 'All inverters', allStrings: 'All strings', stringSearch: 'Search {{count}} strings (e.g. S12)', stringsFound: '{{count}} string(s) found', audit: 'Statuses', currentStatus: 'Current (latest audits)', currentValidated: 'Current (latest validated audits)',
    basemap: 'Basemap', basemapPlain: 'Plain (offline)', defectsLayer: 'Defects', layers: 'Layers',
    basemaps: { 'ign-ortho': 'IGN orthophoto', 'ign-plan': 'Plan IGN', aerial: 'Aerial imagery' } as Record<string, string>,
    basemapFailed: '{{name}}: no tiles came (no network, or the service is down). The plain background is shown; choose it again to retry.',
    dismiss: 'Dismiss',
    addressLabel: 'Find an address or a place', addressPlaceholder: 'e.g. 12 route de Toulouse, Saint-Lys', addressGo: 'Search',
    addressTooShort: 'At least 3 characters.', addressNone: 'No place found for “{{q}}”: check the spelling, or try the town alone.',
    resetFilters: 'Show all', showOnly: 'Show only this status', zoomIn: 'Zoom in to see the modules one by one.',
    tilesUnavailable: 'The map tiles cannot be loaded right now; the legend, search and side panel still work.',
    liveDown: 'Live updates are interrupted: reconnecting… (edits by others will show once back)',
    fit: 'Whole plant',
  },
  module: {
    title: 'Module {{code}}', code: 'Code', string: 'String', position: 'Position in string', inverter: 'Inverter',
    table: 'Table', model: 'Model', status: 'Status', defects: 'Defects', noDefect: 'No defect recorded.',
    photos: 'Photos', noPhoto: 'No photo.', photoMissing: 'File not available', observed: 'Observed on {{date}}',
    resolved: 'Resolved on {{date}}', deltaT: 'ΔT {{value}} °C', iecClass: 'IEC 62446-3 class {{value}}',
  },
  statuses: {
    ok: 'OK', inequality: 'Inequality', microcracks: 'Microcracks', dead: 'Dead', string_open: 'String open',
    not_connected: 'Not connected', pending: 'Not audited',
  },
  severities: { info: 'Info', warning: 'Warning', urgent: 'Urgent' },
  auditTypes: {
    el: 'Electroluminescence', thermography: 'Thermography', iv: 'I-V curves', visual: 'Visual', insulation: 'Insulation',
    diode: 'Bypass diodes', drone: 'Drone',
  },
  defectTypes: {
    microcrack: 'Microcrack', cell_inequality: 'Cell inequality', dead_module: 'Dead module', string_open: 'String open',
    not_connected: 'Not connected', hot_spot: 'Hot spot', bypass_diode: 'Bypass diode', pid: 'PID', delamination: 'Delamination',
    snail_trail: 'Snail trail', broken_glass: 'Broken glass', burn_mark: 'Burn mark', backsheet: 'Backsheet',
    junction_box: 'Junction box', connector: 'Connector', cable_damage: 'Cable damage', corrosion: 'Corrosion',
    frame_damage: 'Frame damage', shading: 'Shading', soiling: 'Soiling', vegetation: 'Vegetation',
    insulation_fault: 'Insulation fault', other: 'Other',
  },
  photoCategories: { el: 'EL', ir: 'Infrared', visual: 'Visual', context: 'Context', closeup: 'Close-up' },
  layout: layoutEn,
  plans: plansEn,
  tokens: tokensEn,
  imports: importsEn,
  reportWorkflow: reportWorkflowEn,
  webReport: webReportEn,
  review: reviewEn,
  missions: missionsEn,
  live: liveEn,
  progress: progressEn,
  reports: reportsEn,
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
