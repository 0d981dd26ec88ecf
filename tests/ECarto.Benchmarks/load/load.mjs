// The serving load benchmark of issue 13: `npm run bench:load [-- options]` (see ../README.md).
// 1. builds (Release) and generates the national-size annuaire of the ingestion benchmark (--input-only);
// 2. starts an in-memory Azurite on free ports and the Release local host on it, which ingests and
//    publishes that annuaire with the other national files of data/ (as at its first start);
// 3. runs each route for a fixed duration at 50 connections (autocannon), and prints req/s, p50, p99,
//    errors, the host's peak RSS (VmHWM) and the CPU the host and Azurite used.
// With --gc a,b, the routes run once per GC setting of the host (one ingestion, one host per setting), to
// weigh throughput against memory. The host is started with the per-client export limit raised
// (Api:RateLimit:PermitLimit): the benchmark is one client, and measures the exports, not the limit; any 429
// is still counted, apart from the errors.
// Not a test: it prints the figures and the goals; it exits non-zero only when it could not run.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const usage = `Banc d'essai de charge du service eCarto (issue 13).

  npm run bench:load [-- options]

  --duration S      secondes par route (10 ; 60 pour l'objectif « 0 erreur sur 60 s »)
  --connections N   connexions simultanées (50)
  --schools N       établissements de l'annuaire national dérivé (66000)
  --routes a,b      seulement ces routes (${'fiche, recherche-college, recherche-college-hasard, recherche-fermat, territoire-departement, territoire-commune, proches, suggestions, export-pdf, export-xlsx'})
  --gc a,b          un hôte par réglage du GC, sur la même ingestion (« défaut » : celui de l'hôte) :
                    ${'défaut, serveur, serveur-sans-datas, serveur-econome, station, station-econome, station-non-concurrent, station-sans-econome, gen0-auto, gen0-16, serveur-limite-450, station-limite-450, defaut-arenes-2'}
  --encodage E      envoie « Accept-Encoding: E » (par exemple « br, gzip », comme un navigateur) ; sans, aucun
  --no-build        ne pas recompiler (Release déjà construit)
  --help            cette aide`;

const options = { duration: 10, connections: 50, schools: 66000, routes: null, build: true, gc: ['défaut'], encoding: null };

// The host's own environment, as `dotnet run` gives it: its launch profile (the gen0 budget, which the runtime
// reads from the environment only). Every GC setting below starts from it.
const launchProfile = JSON.parse(readFileSync(path.join(root, 'functions/ECarto.LocalHost/Properties/launchSettings.json'), 'utf8'));
const hostEnvironment = launchProfile.profiles['ECarto.LocalHost'].environmentVariables ?? {};

// The GC settings tried, as the runtime's environment variables (they take precedence over runtimeconfig.json).
// « défaut » is the host's own (its csproj: workstation GC, concurrent, ConserveMemory 9; its launch profile:
// gen0 budget 32 MiB); « serveur » is ASP.NET Core's usual server GC (with DATAS, .NET's default since .NET 9).
const gcSettings = {
  défaut: {},
  serveur: { DOTNET_gcServer: '1' },
  'serveur-sans-datas': { DOTNET_gcServer: '1', DOTNET_GCDynamicAdaptationMode: '0' },
  'serveur-econome': { DOTNET_gcServer: '1', DOTNET_GCConserveMemory: '5' },
  station: { DOTNET_gcServer: '0' },
  'station-econome': { DOTNET_gcServer: '0', DOTNET_GCConserveMemory: '5' },
  'station-non-concurrent': { DOTNET_gcServer: '0', DOTNET_gcConcurrent: '0' },
  // The hosts' runtimeconfig sets System.GC.ConserveMemory=9; this is the GC before it (0, the runtime's default).
  'station-sans-econome': { DOTNET_gcServer: '0', DOTNET_GCConserveMemory: '0' },
  // A hard limit of the managed heap (450 MiB): the GC collects harder instead of growing past it.
  'serveur-limite-450': { DOTNET_gcServer: '1', DOTNET_GCHeapHardLimit: (450 * 1048576).toString(16) },
  'station-limite-450': { DOTNET_gcServer: '0', DOTNET_GCHeapHardLimit: (450 * 1048576).toString(16) },
  // The gen0 budget (what is allocated between two gen0 collections): the runtime's own (0: derived from the
  // CPU's largest cache, 260 MiB of L3 here, ≈ 75 MiB of garbage between collections), or 16 MiB (the host: 32).
  'gen0-auto': { DOTNET_GCgen0size: '0' },
  'gen0-16': { DOTNET_GCgen0size: (16 * 1048576).toString(16) },
  // Native memory: at most 2 glibc malloc arenas (the default is 8 per core, each keeping what it freed).
  'defaut-arenes-2': { MALLOC_ARENA_MAX: '2' },
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const value = () => {
    const v = argv[++i];
    if (v === undefined) throw new Error(`${argv[i - 1]} : valeur attendue.`);
    return v;
  };
  const int = () => {
    const v = Number.parseInt(value(), 10);
    if (!(v > 0)) throw new Error(`${argv[i - 1]} : entier positif attendu.`);
    return v;
  };
  switch (argv[i]) {
    case '--duration': options.duration = int(); break;
    case '--connections': options.connections = int(); break;
    case '--schools': options.schools = int(); break;
    case '--routes': options.routes = value().split(','); break;
    case '--gc': options.gc = value().split(','); break;
    case '--encodage': options.encoding = value(); break;
    case '--no-build': options.build = false; break;
    case '--help': case '-h': console.log(usage); process.exit(0); break;
    default: console.error(`Option inconnue : ${argv[i]}\n${usage}`); process.exit(2);
  }
}

for (const name of options.gc) {
  if (!(name in gcSettings)) {
    console.error(`Réglage du GC inconnu : ${name}\n${usage}`);
    process.exit(2);
  }
}

const say = (line) => console.log(line);
const children = [];
const work = mkdtempSync(path.join(tmpdir(), 'ecarto-load-'));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} a échoué :\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Starts a process; resolves when a line of its output matches `ready` (rejects on exit or timeout). */
function start(name, command, args, ready, timeoutMs, env = {}) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} : pas prêt après ${timeoutMs / 1000} s.\n${lines.slice(-20).join('\n')}`)), timeoutMs);
    const onData = (data) => {
      for (const line of data.toString().split('\n')) {
        if (!line) continue;
        lines.push(line);
        if (ready.test(line)) {
          clearTimeout(timer);
          resolve({ child, lines });
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} s'est arrêté (code ${code}).\n${lines.slice(-20).join('\n')}`));
    });
  });
}

/** CPU seconds (user + system) of a process, from /proc. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function status(pid, key) {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

async function getJson(base, url) {
  const response = await fetch(base + url);
  if (!response.ok) throw new Error(`${url} : HTTP ${response.status}`);
  return response.json();
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs every route on a started host; returns its rows and its peak RSS. */
async function measure(host, base, azurite) {
  // What the routes ask for: real UAIs, départements and communes of the published national version.
  const colleges = await getJson(base, '/api/etablissements?q=college&pageSize=100');
  say(`Version ${colleges.dataVersion} : « college » trouve ${fr(colleges.total)} établissements`);
  const uais = [];
  for (let page = 1; page <= 5; page++) {
    const answer = await getJson(base, `/api/etablissements?pageSize=100&page=${page * 37}`);
    uais.push(...answer.results.map((r) => r.uai));
  }
  const departements = (await getJson(base, '/api/territoires/departement')).territories.map((t) => t.code);
  const communes = [...new Set(uais.map((u) => colleges.results.find((r) => r.uai === u)?.communeCode).filter(Boolean))];
  const someCommunes = (await getJson(base, `/api/etablissements?pageSize=100&page=11`)).results.map((r) => r.communeCode).filter(Boolean);
  const communeCodes = [...new Set([...communes, ...someCommunes])].slice(0, 100);
  const places = [[43.6045, 1.444], [48.8566, 2.3522], [45.764, 4.8357], [43.2965, 5.3698], [47.2184, -1.5536], [50.6292, 3.0573], [44.8378, -0.5792], [48.5734, 7.7521]];

  // « college » at a page and a page size drawn at random for each request: ≈ 4,100 different answers, far more
  // than the 16 MB of search answers a version keeps (≈ 450 of these), so most are searched and serialised anew.
  const pick = (n) => Math.floor(Math.random() * n);
  const randomCollegePage = (request) => {
    const size = 10 * (1 + pick(10));
    return { ...request, path: `/api/etablissements?q=college&page=${1 + pick(Math.max(1, Math.floor(colleges.total / size)))}&pageSize=${size}` };
  };

  const routes = [
    { name: 'fiche', label: 'fiche établissement', goal: true, requests: uais.map((u) => ({ path: `/api/etablissements/${u}` })) },
    { name: 'recherche-college', label: 'recherche « college »', goal: true, requests: [{ path: '/api/etablissements?q=college' }] },
    { name: 'recherche-college-hasard', label: 'recherche « college », page et taille au hasard', goal: true, requests: [{ path: '/api/etablissements?q=college&page=1&pageSize=10', setupRequest: randomCollegePage }] },
    { name: 'recherche-fermat', label: 'recherche « fermat »', goal: true, requests: [{ path: '/api/etablissements?q=fermat' }] },
    { name: 'territoire-departement', label: 'fiche territoire (département)', goal: true, requests: departements.map((d) => ({ path: `/api/territoires/departement/${d}` })) },
    { name: 'territoire-commune', label: 'fiche territoire (commune)', goal: true, requests: communeCodes.map((c) => ({ path: `/api/territoires/commune/${c}` })) },
    { name: 'proches', label: '« proches » (2 km)', goal: false, requests: places.map(([lat, lon]) => ({ path: `/api/etablissements/proches?lat=${lat}&lon=${lon}&rayon=2000` })) },
    { name: 'suggestions', label: 'suggestions « toul »', goal: false, requests: [{ path: '/api/recherche?q=toul' }] },
    { name: 'export-pdf', label: 'export PDF (fiche établissement, en cache)', goal: false, requests: uais.slice(0, 5).map((u) => ({ path: `/api/etablissements/${u}/fiche.pdf` })) },
    { name: 'export-xlsx', label: 'export xlsx (commune)', goal: false, requests: communeCodes.slice(0, 5).map((c) => ({ path: `/api/territoires/commune/${c}/export.xlsx` })) },
  ].filter((r) => !options.routes || options.routes.includes(r.name));

  // Warm-up: every request once (indexes, fiches, directory, and the export caches of a version).
  const warmStart = Date.now();
  for (const route of routes) {
    for (const request of route.requests) {
      const response = await fetch(base + request.path);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`échauffement : ${request.path} → HTTP ${response.status}`);
    }
  }
  say(`Échauffement : chaque requête une fois, ${fr((Date.now() - warmStart) / 1000, 1)} s ; RSS de l'hôte ${mb(status(host.child.pid, 'VmRSS'))}`);
  for (const line of host.lines.filter((l) => /Fiches de la version|Index de recherche construit|Territoires de la version/.test(l))) say(`  hôte : ${line.replace(/^.*?(Fiches|Index|Territoires)/, '$1')}`);

  const rows = [];
  for (const route of routes) {
    const hostCpu = cpuSeconds(host.child.pid);
    const azuriteCpu = cpuSeconds(azurite.child.pid);
    const benchCpu = process.cpuUsage();
    const result = await autocannon({ url: base, connections: options.connections, duration: options.duration, requests: route.requests, timeout: 10,
      headers: options.encoding ? { 'accept-encoding': options.encoding } : {} });
    const seconds = options.duration;
    const own = process.cpuUsage(benchCpu);
    // 429 (the per-client limit) are answers, not failures: counted apart.
    const limited = result.statusCodeStats?.['429']?.count ?? 0;
    rows.push({
      route,
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx - limited,
      limited,
      timeouts: result.timeouts,
      total: result.requests.total,
      bytes: result.throughput.average,
      bytesPerAnswer: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
      benchCpu: (own.user + own.system) / 1e6 / seconds,
      hostCpu: (cpuSeconds(host.child.pid) - hostCpu) / seconds,
      azuriteCpu: (cpuSeconds(azurite.child.pid) - azuriteCpu) / seconds,
    });
    const r = rows.at(-1);
    // The host's memory after each route: which route makes the peak.
    say(`  ${route.label} : ${fr(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.errors} erreur(s) dont ${r.timeouts} délai(s) dépassé(s) (10 s), ${r.limited} × 429 ; RSS ${mb(status(host.child.pid, 'VmRSS'))}, max ${mb(status(host.child.pid, 'VmHWM'))}`);
  }
  const peak = status(host.child.pid, 'VmHWM');

  const mark = (ok) => (ok ? '✓' : '✗');
  say('');
  say(`| requête | req/s | p50 | p99 | erreurs | 429 | octets/réponse | CPU hôte | CPU Azurite | CPU banc |`);
  say(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
  for (const r of rows) {
    const goal = r.route.goal ? ` ${mark(r.rps >= 1000 && r.p99 <= 50 && r.errors === 0)}` : '';
    say(`| ${r.route.label}${goal} | ${fr(r.rps)} | ${r.p50} ms | ${r.p99} ms | ${r.errors} / ${fr(r.total)} | ${r.limited} | ${fr(r.bytesPerAnswer)} | ${fr(r.hostCpu * 100)} % | ${fr(r.azuriteCpu * 100)} % | ${fr(r.benchCpu * 100)} % |`);
  }
  say('');
  say(`RSS max de l'hôte (VmHWM) : ${mb(peak)} ${mark(peak <= 600 * 1048576)} objectif ≤ 600 Mo`);
  say(`Objectifs (✓/✗ sur les lignes marquées) : ≥ 1 000 req/s, p99 ≤ 50 ms, 0 erreur ; CPU en % d'un cœur (${cpus().length} cœurs au total ; « banc » : autocannon, dans ce processus).`);
  say(`Charge moyenne à la fin : ${loadavg().map((l) => l.toFixed(2)).join(' ')} (d'autres processus partagent la machine)`);
  return { rows, peak };
}

const mb = (bytes) => `${Math.round(bytes / 1048576)} Mo`;
const fr = (n, digits = 0) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: digits });

try {
  say(`Banc d'essai de charge eCarto — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  say(`Machine : ${cpus().length} cœur(s) (${cpus()[0]?.model ?? '?'}), charge moyenne au départ ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  say(`${options.connections} connexions, ${options.duration} s par route, Accept-Encoding : ${options.encoding ?? 'aucun (réponses non compressées)'}`);

  if (options.build) {
    say('Compilation Release (hôte local et banc)…');
    run('dotnet', ['build', 'functions/ECarto.LocalHost', '-c', 'Release', '-nologo', '-v', 'quiet']);
    run('dotnet', ['build', 'tests/ECarto.Benchmarks', '-c', 'Release', '-nologo', '-v', 'quiet']);
  }
  const generated = run('dotnet', ['run', '-c', 'Release', '--no-build', '--project', 'tests/ECarto.Benchmarks', '--',
    '--input-only', path.join(work, 'annuaire'), '--schools', String(options.schools)]);
  const annuaire = generated.trim().split('\n').pop().split(' : ')[0];
  say(`Annuaire national dérivé : ${generated.trim().split('\n').pop()}`);

  const [blobPort, queuePort, tablePort, hostPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  const connection = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};` +
    `BlobEndpoint=http://127.0.0.1:${blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queuePort}/devstoreaccount1;` +
    `TableEndpoint=http://127.0.0.1:${tablePort}/devstoreaccount1;`;
  const azurite = await start('Azurite', path.join(root, 'node_modules', '.bin', 'azurite'), [
    '--silent', '--skipApiVersionCheck', '--loose', '--inMemoryPersistence', '--disableTelemetry',
    '--blobHost', '127.0.0.1', '--blobPort', String(blobPort), '--queueHost', '127.0.0.1', '--queuePort', String(queuePort),
    '--tableHost', '127.0.0.1', '--tablePort', String(tablePort),
  ], /Table service is successfully listening/, 60_000);
  say(`Azurite (en mémoire) PID ${azurite.child.pid}, ports ${blobPort}, ${queuePort}, ${tablePort}`);

  const hostDll = path.join(root, 'functions', 'ECarto.LocalHost', 'bin', 'Release', 'net10.0', 'ECarto.LocalHost.dll');
  const settings = [`--Storage:ConnectionString=${connection}`, `--Sources:annuaire:Location=${annuaire}`, '--Logging:LogLevel:Default=Warning', '--Logging:LogLevel:ECarto=Information'];
  // The ingestion in a process of its own (`… ingest`), as a timer would on Azure: the host's peak RSS is the serving's.
  const ingestStart = Date.now();
  await start('Ingestion', 'dotnet', [hostDll, 'ingest', ...settings], /\[eCarto\] Ingestion terminée/, 20 * 60_000);
  say(`Ingestion nationale (processus à part, « ingest ») : ${fr((Date.now() - ingestStart) / 1000)} s`);
  // The benchmark is one client: the per-client limit of expensive requests (exports) is raised for it.
  const hostSettings = [...settings, `--LocalHost:Port=${hostPort}`, '--LocalHost:Schedule=false', '--Api:RateLimit:PermitLimit=100000000'];
  const base = `http://127.0.0.1:${hostPort}`;
  const summaries = [];
  for (const gc of options.gc) {
    const host = await start('Hôte local', 'dotnet', [hostDll, ...hostSettings], /\[eCarto\] Prêt/, 5 * 60_000, { ...hostEnvironment, ...gcSettings[gc] });
    say('');
    say(`Hôte local (Release) PID ${host.child.pid} sur ${base}, GC « ${gc} » ${JSON.stringify({ ...hostEnvironment, ...gcSettings[gc] })}`);
    for (const line of host.lines.filter((l) => /\[eCarto\] GC/.test(l))) say(`  hôte : ${line.replace(/^.*?\] /, '')}`);
    summaries.push({ gc, ...(await measure(host, base, azurite)) });
    await stop(host.child);
    for (const line of host.lines.filter((l) => /\[eCarto\] Mémoire/.test(l))) say(`  hôte : ${line.replace(/^.*?\] /, '')}`);
  }
  if (summaries.length > 1) {
    say('');
    say('| GC | ' + summaries[0].rows.map((r) => r.route.name).join(' | ') + ' | RSS max |');
    say('|---|' + summaries[0].rows.map(() => '---:').join('|') + '|---:|');
    for (const s of summaries) say(`| ${s.gc} | ${s.rows.map((r) => `${fr(r.rps)} req/s, p99 ${r.p99} ms`).join(' | ')} | ${mb(s.peak)} |`);
  }
  process.exitCode = 0;
} catch (error) {
  console.error(error.message ?? error);
  process.exitCode = 1;
} finally {
  for (const child of children.reverse()) await stop(child);
  rmSync(work, { recursive: true, force: true });
}
