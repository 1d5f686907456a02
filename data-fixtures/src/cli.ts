// npm run fixtures -- --modules 250000 [--name "…"] [--client <uuid>] [--string-length 24] [--center lon,lat]
import { parseArgs } from 'node:util';
import { generatePlant } from './generate';

function usage(message: string): never {
  console.error(`fixtures: ${message}`);
  console.error('usage: npm run fixtures -- --modules N [--name "…"] [--client <uuid>] [--string-length 24] [--center lon,lat]');
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        modules: { type: 'string' },
        name: { type: 'string' },
        client: { type: 'string' },
        'string-length': { type: 'string' },
        center: { type: 'string' },
      },
    }).values;
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
}

const values = parse();
const modules = Number(values.modules);
if (!values.modules || !Number.isInteger(modules) || modules < 1 || modules > 20_000_000) {
  usage('--modules must be a whole number between 1 and 20,000,000');
}
const stringLength = values['string-length'] === undefined ? 24 : Number(values['string-length']);
if (!Number.isInteger(stringLength) || stringLength < 1 || stringLength > 100) usage('--string-length must be between 1 and 100');
if (values.client && !/^[0-9a-f-]{36}$/i.test(values.client)) usage('--client must be a client id (UUID)');
let center: [number, number] | undefined;
if (values.center) {
  const [lon, lat] = values.center.split(',').map(Number) as [number, number];
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 80 || Math.abs(lon) > 180) usage('--center must be lon,lat');
  center = [lon, lat];
}
const url = process.env.DATABASE_URL;
if (!url) usage('DATABASE_URL is not set (npm run db:url prints the local one)');

try {
  const plant = await generatePlant(url, {
    modules, stringLength, center, name: values.name, clientId: values.client,
    log: (line) => console.log(line),
  });
  console.log(
    `plant ${plant.plantId}: ${plant.modules} modules, ${plant.tables} tables, ${plant.strings} strings, ` +
      `${plant.inverters} inverters, ${plant.peakKwp.toFixed(1)} kWp, in ${plant.seconds.toFixed(1)} s`,
  );
} catch (error) {
  console.error(`fixtures: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
