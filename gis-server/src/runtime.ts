// Process-wide settings that must be in place before any thread starts: main.ts imports this
// first. Both can be set in the environment instead (README, *Configuration*).
import { availableParallelism } from 'node:os';

// libuv's thread pool (4 threads by default) runs every asynchronous GDAL call, every file
// system call, and the SCRAM hash that opens a database connection. Four warps at once left
// it nothing else: opening a connection and a stat() took up to 20.7 s instead of 0.2–0.9 s
// (measured on the 2-core machine, docs/jobs.md). Room for every job lane (about one
// thread per core plus a heavy lane) and as many again for requests and tile reads.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(16, 8 + 2 * availableParallelism()));

// GDAL's block cache, shared by all the jobs of the process. GDAL's default is 5 % of RAM
// (1.2 GB on a 24 GB machine); 256 MB warped a 17.5 Mpx plan as fast (24.8 s against 23.6 s,
// loaded machine) with a third less memory. Read by GDAL itself, in MB.
process.env.GDAL_CACHEMAX ??= '256';
