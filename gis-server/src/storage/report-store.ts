// Where report PDFs live: one namespace of the content-addressed store, written by the
// render job (capabilities/reports) and read, stamped and signed by the workflow
// (capabilities/report-workflow).
import { LocalFileStore } from './file-store';

export const reportStore = (filesDir: string) => new LocalFileStore(filesDir, 'reports');
