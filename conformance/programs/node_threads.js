// Node.js's threads, with results that do not depend on their timing.
//
// - libuv's thread pool (uv_mutex_t, uv_cond_t: pthread mutexes and
//   condvars): 48 pbkdf2 hashes, 12 gzip/gunzip round trips and 300 file
//   reads queued at once on its 4 threads;
// - worker_threads: 4 workers pass a token around a ring with
//   Atomics.wait / Atomics.notify (V8's futex emulation: a pthread mutex
//   and a condvar per waiter), add to a shared counter, and report back
//   by message.
//
// Prints one line per part; main thread and workers share this file.
'use strict';
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');
const crypto = require('crypto');
const zlib = require('zlib');
const fs = require('fs');
const path = require('path');
const os = require('os');

const WORKERS = 4;
const LAPS = 2000;

function worker() {
	const { sab, id } = workerData;
	const turn = new Int32Array(sab, 0, 1);
	const count = new Int32Array(sab, 4, 1);
	for (let lap = 0; lap < LAPS; lap++) {
		const mine = lap * WORKERS + id;
		for (;;) {
			const t = Atomics.load(turn, 0);
			if (t === mine)
				break;
			Atomics.wait(turn, 0, t);
		}
		Atomics.add(count, 0, id + 1);
		Atomics.store(turn, 0, mine + 1);
		Atomics.notify(turn, 0);
	}
	parentPort.postMessage({ id, laps: LAPS });
}

function pool() {
	const jobs = [];
	for (let i = 0; i < 48; i++)
		jobs.push(new Promise((ok, ko) =>
			crypto.pbkdf2('secret' + i, 'salt', 3000, 32, 'sha256',
				(e, k) => e ? ko(e) : ok(k.toString('hex')))));
	const hashes = Promise.all(jobs).then(ks =>
		crypto.createHash('sha256').update(ks.join('')).digest('hex').slice(0, 16));

	const zips = [];
	for (let i = 0; i < 12; i++) {
		const input = Buffer.alloc(256 * 1024, String.fromCharCode(97 + i));
		zips.push(new Promise((ok, ko) => zlib.gzip(input, (e, z) => {
			if (e)
				return ko(e);
			zlib.gunzip(z, (e2, back) => e2 ? ko(e2) : ok(back.equals(input)));
		})));
	}
	const zipped = Promise.all(zips).then(r => r.filter(Boolean).length);

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fxnode-'));
	for (let i = 0; i < 30; i++)
		fs.writeFileSync(path.join(dir, 'f' + i), 'x'.repeat(1000 + i));
	const reads = [];
	for (let i = 0; i < 300; i++)
		reads.push(fs.promises.readFile(path.join(dir, 'f' + (i % 30))).then(b => b.length));
	const bytes = Promise.all(reads).then(ls => {
		fs.rmSync(dir, { recursive: true });
		return ls.reduce((a, b) => a + b, 0);
	});
	return Promise.all([hashes, zipped, bytes]);
}

function ring() {
	const sab = new SharedArrayBuffer(8);
	const done = [];
	for (let id = 0; id < WORKERS; id++) {
		const w = new Worker(__filename, { workerData: { sab, id } });
		done.push(new Promise((ok, ko) => {
			w.on('message', m => ok(m.laps));
			w.on('error', ko);
		}));
	}
	return Promise.all(done).then(laps => [laps, new Int32Array(sab, 4, 1)[0]]);
}

if (!isMainThread) {
	worker();
} else {
	Promise.all([pool(), ring()]).then(([[h, z, b], [laps, total]]) => {
		console.log(`pool: pbkdf2 48 keys, digest ${h}`);
		console.log(`pool: gzip round trips exact ${z}/12`);
		console.log(`pool: file reads ${b} bytes`);
		console.log(`ring: ${WORKERS} workers x ${laps[0]} laps, counter ${total}`);
	}).catch(e => {
		console.error(e);
		process.exit(1);
	});
}
