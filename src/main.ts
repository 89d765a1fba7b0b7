import { type App, createApp } from './app.ts';
import { HELP, parseCommand, runDataCommand } from './cli/commands.ts';
import { type CliIo, describeError, processIo, UsageError } from './cli/io.ts';
import { loadConfig } from './config.ts';
import { DEMO_LOGIN, DemoMeteringSource } from './demo/demo-household.ts';
import { seedDemo } from './demo/seed.ts';
import { createWebServer } from './web/server.ts';

/**
 * The entry point: reads the configuration, builds the app and runs one command. `serve`
 * keeps running until SIGINT or SIGTERM and then closes the server and the database.
 */
const serve = async (app: App, io: CliIo): Promise<number> => {
  let demoLogin: { email: string; password: string } | null = null;
  if (app.config.demo) {
    const seeded = await seedDemo(app);
    if (seeded.seeded)
      app.logger.info({ spotHours: seeded.spotHours, offers: seeded.offers }, 'demo data seeded');
    if ((await app.services.customers.findIdByEmail(DEMO_LOGIN.email)) !== undefined)
      demoLogin = { ...DEMO_LOGIN };
  }
  const server = await createWebServer(app, { demoLogin });
  await server.listen({ port: app.config.port, host: app.config.host });
  io.out(`Elvakt is running at ${app.config.publicUrl}`);
  if (demoLogin) io.out(`Demo login: ${demoLogin.email} / ${demoLogin.password}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
};

export const main = async (argv: readonly string[], io: CliIo = processIo): Promise<number> => {
  let app: App | undefined;
  try {
    const cmd = parseCommand(argv);
    if (cmd.name === 'help') {
      io.out(HELP);
      return 0;
    }
    const config = loadConfig();
    app = await createApp(config, config.demo ? { meteringSource: new DemoMeteringSource() } : {});
    if (cmd.name === 'migrate') {
      io.out('Database is up to date.');
      return 0;
    }
    if (cmd.name === 'serve') return await serve(app, io);
    return await runDataCommand(app, io, cmd);
  } catch (e) {
    const { code, text } = describeError(
      e instanceof TypeError && 'code' in e ? new UsageError(e.message) : e,
    );
    io.err(text);
    return code;
  } finally {
    await app?.close();
  }
};

process.exitCode = await main(process.argv.slice(2));
