import fs from 'node:fs';
import type { App } from './app.ts';
import { checkCommand, HELP, type ParsedCommand, parseCommand, UnknownCommandError } from './cli/commands.ts';
import { type CliIo, describeError, processIo, UsageError } from './cli/io.ts';
import { type Config, loadConfig } from './config.ts';

/**
 * The entry point: reads the configuration, builds the app and runs one command. `serve`
 * keeps running until SIGINT or SIGTERM and then closes the server and the database. The
 * command and its arguments are checked first; the database, the web server and the charts
 * load only for the commands that need them, so `elvakt help` answers at once and a wrong
 * command is told so even while a server holds the data folder.
 */

/** Why the demo identity provider did not start, for a warning that says what to change. */
interface IdpFailure {
  readonly port: number;
  readonly code: string;
}

const idpWarning = (f: IdpFailure): string =>
  f.code === 'EADDRINUSE'
    ? `The demo identity provider (BankID / ID-porten) could not start: port ${f.port} is taken. It listens on PORT + 1: free port ${f.port}, or start with another PORT (PORT=${f.port + 9} puts it on ${f.port + 10}). Until then the demo signs in with its password only.`
    : `The demo identity provider (BankID / ID-porten) could not start on port ${f.port} (${f.code}). It listens on PORT + 1: start with another PORT to move it. Until then the demo signs in with its password only.`;

const serve = async (app: App, io: CliIo, idpFailure?: IdpFailure): Promise<number> => {
  const { DEMO_LOGIN, DEMO_STAFF } = await import('./demo/demo-household.ts');
  const { seedDemo } = await import('./demo/seed.ts');
  const { createWebServer } = await import('./web/server.ts');
  let demoLogin: { email: string; password: string } | null = null;
  if (app.config.demo) {
    announceDemo(app, io);
    if (idpFailure) app.logger.warn({ port: idpFailure.port }, idpWarning(idpFailure));
    io.out('Seeding the demo data if the database is empty…');
    const seeded = await seedDemo(app);
    if (!seeded.seeded) io.out('The database holds data already: no demo data seeded.');
    else {
      app.logger.info({ spotHours: seeded.spotHours, offers: seeded.offers }, 'demo data seeded');
      io.out(
        `Seeded the demo data: ${seeded.spotHours} hours of NO5 spot prices, ${seeded.offers} demo offers, the demo household and the demo staff.`,
      );
    }
    if ((await app.services.customers.findIdByEmail(DEMO_LOGIN.email)) !== undefined)
      demoLogin = { ...DEMO_LOGIN };
  }
  // Heard from here on: a stop asked for while the server starts ends it cleanly once started.
  const stopped = untilStopped();
  io.out('Publishing the privacy policy and resuming interrupted erasures…');
  await app.services.policy.publish();
  await resumeErasures(app);
  io.out(`Starting the web server on ${app.config.host}:${app.config.port}…`);
  const server = await createWebServer(app, { demoLogin });
  await server.listen({ port: app.config.port, host: app.config.host });
  app.scheduler.start();
  io.out(`Elvakt is running at ${app.config.publicUrl}`);
  if (demoLogin) {
    io.out(`Demo login: ${demoLogin.email} / ${demoLogin.password}`);
    io.out(
      `Demo staff at ${app.config.publicUrl}/ansatt: ${DEMO_STAFF.map((s) => `${s.username} / ${s.password}`).join(', ')}`,
    );
    if (app.config.oidc?.issuer.startsWith('http://localhost:'))
      io.out(
        `Demo BankID / ID-porten: "Logg inn med BankID / ID-porten" on ${app.config.publicUrl}/logg-inn`,
      );
    else if (idpFailure)
      io.out(
        `Demo BankID / ID-porten is off: port ${idpFailure.port} is taken (see the warning on standard error).`,
      );
    if (app.config.staffOidc?.issuer.startsWith('http://localhost:'))
      io.out(
        `Demo staff single sign-on (no authenticator app needed): "Logg inn med selskapets konto" on ${app.config.publicUrl}/ansatt/logg-inn`,
      );
  }
  await stopped;
  await app.scheduler.stop();
  await server.close();
  return 0;
};

/** Said loudly at every start in demo mode: its accounts have passwords anyone can read in the README. */
const announceDemo = (app: App, io: CliIo): void => {
  const why = app.config.databaseUrl ? 'ELVAKT_DEMO=1' : 'the embedded database without ELVAKT_DEMO=0';
  app.logger.warn({ demo: true }, `demo mode is on (${why}): demo accounts with published passwords`);
  io.out(
    `Demo mode is on (${why}): demo staff and a demo household with the passwords printed in the README. Never use it for real data.`,
  );
};

const untilStopped = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

/** An erasure a crash or a restart interrupted is carried on before anything else runs. */
const resumeErasures = async (app: App): Promise<void> => {
  try {
    const completed = await app.services.erasure.resume();
    if (completed > 0) app.logger.info({ completed }, 'interrupted erasures completed');
  } catch (e) {
    // The job and the sweeper try again; the server still starts.
    app.logger.error({ err: e }, 'resuming erasures failed');
  }
};

const worker = async (app: App, io: CliIo): Promise<number> => {
  if (app.config.demo) announceDemo(app, io);
  await app.services.policy.publish();
  await resumeErasures(app);
  app.scheduler.start();
  io.out('Elvakt worker is running the scheduled jobs.');
  await untilStopped();
  await app.scheduler.stop();
  return 0;
};

const formatBench = (r: object): string =>
  Object.entries(r)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('\n');

/**
 * Log lines go to standard error. On a terminal they are quiet (warnings and errors, as
 * "warning: …" lines) unless LOG_LEVEL or --verbose asks for more; elsewhere (a service
 * manager, a pipe) they are JSON at LOG_LEVEL, `info` by default.
 */
const loggingEnv = (verbose: boolean): NodeJS.ProcessEnv => {
  const set = (process.env.LOG_LEVEL ?? '').trim() !== '';
  if (verbose && !(set && ['debug', 'trace'].includes((process.env.LOG_LEVEL ?? '').trim())))
    return { ...process.env, LOG_LEVEL: 'info' };
  if (!set && process.stderr.isTTY) return { ...process.env, LOG_LEVEL: 'warn' };
  return process.env;
};

const loggerFor = async (config: Config) => {
  const { createLogger, humanLines } = await import('./platform/logger.ts');
  return createLogger({
    level: config.logLevel,
    ...(process.stderr.isTTY ? { destination: humanLines(process.stderr) } : {}),
  });
};

const version = (): string =>
  (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

/** The commands that need neither the database nor the data folder: nothing is opened or locked. */
const runWithoutDatabase = async (cmd: ParsedCommand, env: NodeJS.ProcessEnv, io: CliIo): Promise<number> => {
  if (cmd.name === 'help') {
    io.out(HELP);
    return 0;
  }
  if (cmd.name === 'version') {
    io.out(`elvakt ${version()}`);
    return 0;
  }
  if (cmd.name === 'parse ehf') {
    const { parseEhfFiles } = await import('./cli/invoice-commands.ts');
    return parseEhfFiles(io, cmd.files, cmd.flags, loadConfig(env).uploadLimitBytes);
  }
  if (cmd.name === 'price') {
    const { priceFiles } = await import('./cli/price-command.ts');
    return priceFiles(io, cmd.flags, loadConfig(env).uploadLimitBytes);
  }
  if (cmd.name === 'register update') {
    const { registerUpdate } = await import('./cli/register-command.ts');
    return await registerUpdate(io, cmd.flags);
  }
  if (cmd.name === 'bench engine') {
    const num = (f: string) => (typeof cmd.flags[f] === 'string' ? Number(cmd.flags[f]) : undefined);
    const { benchEngine } = await import('../bench/engine.ts');
    const result = await benchEngine({
      n: num('n'),
      hours: num('hours'),
      workers: num('workers'),
      repeat: num('repeat'),
      referenceData:
        typeof cmd.flags['reference-data'] === 'string' ? cmd.flags['reference-data'] : undefined,
      reference: cmd.flags.reference === true,
    });
    io.out(cmd.flags.json === true ? JSON.stringify(result, null, 2) : formatBench(result));
    return 0;
  }
  if (cmd.name === 'bench pages') {
    const { benchPages } = await import('../bench/pages.ts');
    const runs = typeof cmd.flags.runs === 'string' ? Number(cmd.flags.runs) : undefined;
    const result = await benchPages(runs === undefined ? {} : { runs });
    io.out(cmd.flags.json === true ? JSON.stringify(result, null, 2) : formatBench(result));
    return 0;
  }
  if (cmd.name === 'bench export') {
    const invoices = typeof cmd.flags.invoices === 'string' ? Number(cmd.flags.invoices) : undefined;
    const result = await (await import('../bench/export.ts')).benchExport(
      invoices === undefined ? {} : { invoices },
    );
    io.out(cmd.flags.json === true ? JSON.stringify(result, null, 2) : formatBench(result));
    return 0;
  }
  if (cmd.name === 'bench ingest' || cmd.name === 'bench privacy') {
    const count = (flag: string) =>
      typeof cmd.flags[flag] === 'string' ? { [flag]: Number(cmd.flags[flag]) } : {};
    const result =
      cmd.name === 'bench ingest'
        ? await (await import('../bench/ingest.ts')).benchIngest(count('invoices'))
        : await (await import('../bench/privacy.ts')).benchPrivacy(count('subjects'));
    io.out(cmd.flags.json === true ? JSON.stringify(result, null, 2) : formatBench(result));
    return 0;
  }
  throw new Error(`elvakt ${cmd.name} has no handler`);
};

export const main = async (argv: readonly string[], io: CliIo = processIo): Promise<number> => {
  let app: App | undefined;
  let demoIdp: import('./demo/demo-idp.ts').DemoIdp | undefined;
  try {
    const cmd = parseCommand(argv);
    // Before anything is opened: an unknown command or a missing argument is a usage error.
    const { database } = checkCommand(cmd);
    const env = loggingEnv(cmd.flags.verbose === true);
    if (!database) return await runWithoutDatabase(cmd, env, io);
    let config = loadConfig(env);
    const steps = ['serve', 'migrate', 'worker'].includes(cmd.name);
    if (cmd.name === 'serve') io.out(`Starting Elvakt ${version()}…`);
    let idpFailure: IdpFailure | undefined;
    // The demo signs in with an identity too: a demo provider stands in for BankID / ID-porten.
    if (cmd.name === 'serve' && config.demo && !config.oidc) {
      const { startDemoIdp } = await import('./demo/demo-idp.ts');
      const idpPort = config.port + 1;
      io.out(`Starting the demo identity provider (BankID / ID-porten) on port ${idpPort}…`);
      demoIdp = await startDemoIdp({
        port: config.port + 1,
        redirectUri: `${config.publicUrl}/logg-inn/oidc/tilbake`,
        // The demo staff sign in through it too, unless a company provider is configured.
        ...(config.staffOidc ? {} : { staffRedirectUri: `${config.publicUrl}/ansatt/logg-inn/oidc/tilbake` }),
      }).catch((e: NodeJS.ErrnoException) => {
        // Said once the logger is up, with the port and the setting that moves it.
        idpFailure = { port: idpPort, code: e.code ?? e.message };
        return undefined;
      });
      if (demoIdp) config = loadConfig({ ...env, ...demoIdp.env });
    }
    const { createApp } = await import('./app.ts');
    const { DemoMeteringSource } = await import('./demo/demo-household.ts');
    const { DemoInvoiceSource } = await import('./demo/demo-invoice-source.ts');
    const { systemClock } = await import('./platform/clock.ts');
    // The demo stands in for Elhub, and for the bank unless a real one is configured.
    app = await createApp(config, {
      logger: await loggerFor(config),
      ...(config.demo ? { meteringSource: new DemoMeteringSource() } : {}),
      ...(config.demo && !config.bankUrl ? { invoiceSource: new DemoInvoiceSource(systemClock) } : {}),
      ...(steps ? { onStep: (text: string) => io.out(text) } : {}),
    });
    if (cmd.name === 'migrate') {
      io.out('Database is up to date.');
      return 0;
    }
    if (cmd.name === 'serve') return await serve(app, io, idpFailure);
    if (cmd.name === 'worker') return await worker(app, io);
    const { runDataCommand } = await import('./cli/commands.ts');
    return await runDataCommand(app, io, cmd);
  } catch (e) {
    if (e instanceof UnknownCommandError) {
      io.err(`${e.message}\n\n${HELP}`);
      return 2;
    }
    // node:util parseArgs throws TypeErrors with a code for unknown or malformed options.
    const { code, text } = describeError(
      e instanceof TypeError && 'code' in e ? new UsageError(e.message) : e,
    );
    io.err(text);
    return code;
  } finally {
    await app?.close();
    await demoIdp?.close();
  }
};

process.exitCode = await main(process.argv.slice(2));
