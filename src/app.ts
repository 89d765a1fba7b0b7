import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { migrations } from './migrations/index.ts';
import { AuditRepository } from './modules/audit/audit.repository.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { PermissionRepository } from './modules/consents/permission.repository.ts';
import { PermissionService } from './modules/consents/permission.service.ts';
import { CustomerRepository } from './modules/customers/customer.repository.ts';
import { CustomerService } from './modules/customers/customer.service.ts';
import { BankInvoiceClient } from './modules/invoices/bank-client.ts';
import { InvoiceRepository } from './modules/invoices/invoice.repository.ts';
import { InvoiceService, type SellerClassifier } from './modules/invoices/invoice.service.ts';
import { InvoiceFetchService } from './modules/invoices/invoice-fetch.service.ts';
import type { InvoiceSource } from './modules/invoices/invoice-source.ts';
import { DEFAULT_REGISTER_PATH, loadRegisterIndex } from './modules/invoices/seller-register.file.ts';
import { classifySeller } from './modules/invoices/seller-register.ts';
import { GridTariffIndex } from './modules/market/grid-tariff-index.ts';
import { MarketRepository } from './modules/market/market.repository.ts';
import { MarketService } from './modules/market/market.service.ts';
import { MeteringRepository } from './modules/metering/metering.repository.ts';
import { MeteringService } from './modules/metering/metering.service.ts';
import type { MeteringSource } from './modules/metering/metering-source.ts';
import { MonitoringRepository } from './modules/monitoring/monitoring.repository.ts';
import { MonitoringService } from './modules/monitoring/monitoring.service.ts';
import { NotificationService } from './modules/notifications/notification.service.ts';
import { OutboxRepository } from './modules/notifications/outbox.repository.ts';
import {
  FileDropSender,
  HttpSmsSender,
  type MessageSender,
  SmtpSender,
} from './modules/notifications/senders.ts';
import { BreachRepository } from './modules/privacy/breach.repository.ts';
import { BreachService } from './modules/privacy/breach.service.ts';
import { ErasureService } from './modules/privacy/erasure.service.ts';
import { ExportService } from './modules/privacy/export.service.ts';
import { ExportDownloadService } from './modules/privacy/export-download.service.ts';
import { ExportRunRepository } from './modules/privacy/export-run.repository.ts';
import { LegalHoldRepository } from './modules/privacy/legal-hold.repository.ts';
import { LegalHoldService } from './modules/privacy/legal-hold.service.ts';
import { PersonalDataRepository } from './modules/privacy/personal-data.repository.ts';
import { PolicyRepository } from './modules/privacy/policy.repository.ts';
import { PolicyService } from './modules/privacy/policy.service.ts';
import { BUILT_IN_PROCESSORS, type Processor, parseProcessors } from './modules/privacy/processors.ts';
import { RequestRepository } from './modules/privacy/request.repository.ts';
import { RequestService } from './modules/privacy/request.service.ts';
import { RestrictionRepository } from './modules/privacy/restriction.repository.ts';
import { RestrictionService } from './modules/privacy/restriction.service.ts';
import { RetentionRepository } from './modules/retention/retention.repository.ts';
import { RetentionSweeper } from './modules/retention/retention-sweeper.ts';
import { SavingsService } from './modules/savings/savings.service.ts';
import { DeskService } from './modules/staff/desk.service.ts';
import { StaffRepository } from './modules/staff/staff.repository.ts';
import { StaffService } from './modules/staff/staff.service.ts';
import { StatisticsRepository } from './modules/statistics/statistics.repository.ts';
import { StatisticsService } from './modules/statistics/statistics.service.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { Keyring } from './platform/crypto/keyring.ts';
import { KeysRepository } from './platform/crypto/keys.repository.ts';
import { keystoreMigrations } from './platform/crypto/keystore-schema.ts';
import { loadMasterKey, pendingNextKey } from './platform/crypto/master-key.ts';
import { afterCommit, openStore, type Store, type StoreTarget, transactor } from './platform/db/database.ts';
import { migrate } from './platform/db/migrator.ts';
import { AppError } from './platform/errors.ts';
import { JobsRepository } from './platform/jobs/jobs.repository.ts';
import { type Job, Scheduler } from './platform/jobs/scheduler.ts';
import { createLogger, type Logger } from './platform/logger.ts';

/**
 * Wiring: configuration → store → repositories → services → jobs. Everything the web
 * server, the command line and the tests use is built here once; nothing else constructs
 * services.
 */
export interface Services {
  readonly audit: AuditService;
  readonly customers: CustomerService;
  readonly permissions: PermissionService;
  readonly metering: MeteringService;
  readonly market: MarketService;
  readonly savings: SavingsService;
  readonly invoices: InvoiceService;
  readonly invoiceFetch: InvoiceFetchService;
  readonly monitoring: MonitoringService;
  readonly exports: ExportService;
  readonly downloads: ExportDownloadService;
  readonly erasure: ErasureService;
  readonly holds: LegalHoldService;
  readonly notifications: NotificationService;
  readonly policy: PolicyService;
  readonly restrictions: RestrictionService;
  readonly retention: RetentionSweeper;
  readonly staff: StaffService;
  readonly requests: RequestService;
  readonly breaches: BreachService;
  readonly desk: DeskService;
  readonly statistics: StatisticsService;
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly store: Store;
  readonly services: Services;
  readonly scheduler: Scheduler;
  readonly keyring: Keyring;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** A store opened by the caller (tests); otherwise opened from the configuration. */
  readonly store?: Store;
  readonly meteringSource?: MeteringSource;
  /** Where invoices are fetched from instead of the configured bank (tests). */
  readonly invoiceSource?: InvoiceSource & { readonly name: string };
  /** Message senders to use instead of the configured ones (tests). */
  readonly senders?: Partial<Record<'email' | 'sms', MessageSender>>;
  /**
   * Told each step of opening, in words for a person (`elvakt serve` prints them): a first
   * start creates the database and runs every migration, which takes a while.
   */
  readonly onStep?: (text: string) => void;
}

export const storeTargetOf = (config: Config): StoreTarget =>
  config.databaseUrl
    ? {
        kind: 'postgres',
        url: config.databaseUrl,
        ...(config.keystoreUrl ? { keysUrl: config.keystoreUrl } : {}),
      }
    : { kind: 'pglite', dataDir: config.dataDir };

const loadProcessors = (config: Config): Processor[] => {
  if (!config.processorsFile) return [...BUILT_IN_PROCESSORS];
  const parsed = parseProcessors(fs.readFileSync(config.processorsFile, 'utf8'));
  if (parsed.problems.length > 0) {
    throw new AppError('config_invalid', 'ELVAKT_PROCESSORS_FILE is not valid.', parsed.problems);
  }
  const ids = new Set(BUILT_IN_PROCESSORS.map((p) => p.id));
  return [...BUILT_IN_PROCESSORS, ...parsed.processors.filter((p) => !ids.has(p.id))];
};

/** The shipped register, then the configured files; in demo mode also the fictional companies of the EHF examples. */
export const sellerRegisterFiles = (config: Config): string[] => [
  DEFAULT_REGISTER_PATH,
  ...config.sellerRegisters,
  ...(config.demo ? [path.resolve(import.meta.dirname, '..', 'demo', 'example-sellers.json')] : []),
];

// The bank protocol's issuer filter takes at most this many organisation numbers.
const MAX_ISSUER_FILTER = 500;

const sellerClassifier = (
  config: Config,
): SellerClassifier & { readonly issuerFilter?: readonly string[] } => {
  const index = loadRegisterIndex(sellerRegisterFiles(config));
  const entries = new Set([...index.byOrgnr.values(), ...index.byGln.values()]);
  // Only a filter that names every electricity company may narrow the bank's search; a
  // company known by GLN alone would otherwise never be listed.
  const complete = [...entries].every((e) => e.orgnr !== null) && index.byOrgnr.size <= MAX_ISSUER_FILTER;
  return {
    ...(complete && index.byOrgnr.size > 0 ? { issuerFilter: [...index.byOrgnr.keys()].sort() } : {}),
    classify: (seller) => classifySeller(index, seller).kind,
  };
};

const invoiceSourceOf = (config: Config): (InvoiceSource & { readonly name: string }) | undefined => {
  if (!config.bankUrl) return undefined;
  if (!config.bankToken)
    throw new AppError('config_invalid', 'ELVAKT_BANK_URL is set without ELVAKT_BANK_TOKEN.');
  const client = new BankInvoiceClient({ baseUrl: config.bankUrl, token: config.bankToken });
  return Object.assign(client, { name: new URL(config.bankUrl).host });
};

const sendersOf = (config: Config): Record<'email' | 'sms', MessageSender> => ({
  email: config.smtpUrl
    ? new SmtpSender(config.smtpUrl, config.mailFrom)
    : new FileDropSender('email', path.join(config.dataDir, 'mail')),
  sms: config.smsUrl
    ? new HttpSmsSender(config.smsUrl, config.smsToken)
    : new FileDropSender('sms', path.join(config.dataDir, 'sms')),
});

export const createApp = async (config: Config, options: AppOptions = {}): Promise<App> => {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const masterKey = loadMasterKey(config.masterKey, config.dataDir);
  const processors = loadProcessors(config);
  const target = storeTargetOf(config);
  const step = options.onStep ?? (() => {});
  if (!options.store) {
    step(
      target.kind !== 'pglite'
        ? 'Connecting to the database…'
        : fs.existsSync(path.join(target.dataDir, 'pglite'))
          ? `Opening the database in ${target.dataDir}…`
          : `Creating the database in ${target.dataDir} (first start)…`,
    );
  }
  const store =
    options.store ??
    (await openStore(
      target.kind === 'postgres'
        ? {
            ...target,
            onConnectionLost: (code) =>
              logger.warn({ code }, 'database connection lost; the next query opens a new one'),
          }
        : target,
    ));
  try {
    const report = await migrate(store.db, migrations);
    if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrated');
    const keyReport = await migrate(store.keys, keystoreMigrations);
    if (keyReport.applied.length > 0) logger.info({ applied: keyReport.applied }, 'key store migrated');
    const applied = report.applied.length + keyReport.applied.length;
    step(
      applied === 0
        ? 'The database is up to date: no migration to run.'
        : `Ran ${applied} ${applied === 1 ? 'migration' : 'migrations'} (${report.applied.length} on the database, ${keyReport.applied.length} on the key store).`,
    );
    if (!store.keysSeparate) {
      logger.warn(
        'the key store shares the database: set ELVAKT_KEYSTORE_URL so that dumps of the data hold no keys',
      );
    }
  } catch (e) {
    if (!options.store) await store.close();
    throw e;
  }
  const controller = { name: config.controller, contact: config.privacyContact };
  const db = store.db;
  const tx = transactor(db);
  const readable = [
    config.oldMasterKey,
    config.masterKey ? undefined : pendingNextKey(config.dataDir),
  ].filter((k): k is Uint8Array => k !== undefined);
  const keyring = new Keyring(masterKey, new KeysRepository(store.keys), readable);
  const audit = new AuditService(new AuditRepository(db), clock, tx);
  const permissions = new PermissionService(tx, new PermissionRepository(db), audit, clock);
  const customers = new CustomerService(tx, new CustomerRepository(db), keyring, audit, clock);
  const restrictions = new RestrictionService(tx, new RestrictionRepository(db), audit, clock);
  const metering = new MeteringService(
    tx,
    new MeteringRepository(db),
    keyring,
    permissions,
    audit,
    clock,
    options.meteringSource,
    restrictions,
  );
  const market = new MarketService(tx, new MarketRepository(db), clock);
  const savings = new SavingsService(
    metering,
    market,
    permissions,
    restrictions,
    clock,
    new GridTariffIndex(config.gridTariffs),
  );
  const sellers = sellerClassifier(config);
  const invoices = new InvoiceService(
    tx,
    new InvoiceRepository(db),
    keyring,
    permissions,
    restrictions,
    sellers,
    audit,
    clock,
    logger,
    config.uploadLimitBytes,
  );
  const invoiceFetch = new InvoiceFetchService(
    invoices,
    permissions,
    restrictions,
    customers,
    sellers,
    options.invoiceSource ?? invoiceSourceOf(config),
    clock,
    logger,
    config.invoiceFetchHours,
  );
  const notifications = new NotificationService(
    new OutboxRepository(db),
    keyring,
    { ...sendersOf(config), ...options.senders },
    clock,
    logger,
  );
  const monitoring = new MonitoringService(
    tx,
    new MonitoringRepository(db),
    savings,
    permissions,
    restrictions,
    customers,
    notifications,
    keyring,
    audit,
    clock,
    logger,
    config.publicUrl,
    config.engineWorkers,
  );
  savings.useInvoices((customerId) => invoices.ofCustomer(customerId));
  notifications.guard('saving_found', async (customerId) => {
    const may = await monitoring.mayNotify(customerId);
    return may.consent && may.allowed;
  });
  // Forgotten at once and again after the commit, so a page read in between cannot keep the old saving.
  market.onChanged((t, areas) => {
    savings.forget();
    afterCommit(t, () => savings.forget());
    return monitoring.marketChanged(areas, t);
  });
  metering.onChanged((t, ids) => {
    savings.forget({ meteringPointIds: ids });
    afterCommit(t, () => savings.forget({ meteringPointIds: ids }));
    return monitoring.meteringPointsChanged(t, ids);
  });
  invoices.onStored((t, customerId) => {
    savings.forget({ customerId });
    afterCommit(t, () => savings.forget({ customerId }));
    return monitoring.customerChanged(t, customerId);
  });
  const personalData = new PersonalDataRepository(db);
  const holdRepo = new LegalHoldRepository(db);
  const exports = new ExportService(tx, personalData, keyring, audit, clock, controller);
  const erasure = new ErasureService(
    tx,
    personalData,
    holdRepo,
    keyring,
    audit,
    clock,
    notifications,
    (t, id) => customers.emailIn(t, id),
  );
  const holds = new LegalHoldService(
    tx,
    holdRepo,
    erasure,
    (id) => customers.status(id),
    keyring,
    audit,
    clock,
    (staffId) => staff.rolesOf(staffId),
  );
  permissions.onWithdrawal((t, customerId, scope) => {
    savings.forget({ customerId });
    afterCommit(t, () => savings.forget({ customerId }));
    return erasure.purgeForWithdrawnConsent(t, customerId, scope);
  });
  const policy = new PolicyService(
    tx,
    new PolicyRepository(db),
    notifications,
    (after, limit) => customers.contactsForNotices(after, limit),
    controller,
    processors,
    config.publicUrl,
    clock,
    logger,
  );
  const requests = new RequestService(
    tx,
    new RequestRepository(db),
    customers,
    erasure,
    restrictions,
    notifications,
    keyring,
    audit,
    clock,
    (staffId) => staff.rolesOf(staffId),
  );
  // A request waiting for an erasure is closed in the erasure's own transaction, and a decided one is resumed.
  erasure.onErased((t, e) => requests.closeErased(t, e));
  erasure.onResume(() => requests.resumeErasures());
  const breaches = new BreachService(tx, new BreachRepository(db), audit, clock, (id) => staff.rolesOf(id), {
    notifications,
    isActive: async (id) => (await customers.status(id)) === 'active',
    emailOf: (id) =>
      customers.profile(id).then(
        (p) => p.email,
        () => null,
      ),
    contact: config.privacyContact,
  });
  const downloads = new ExportDownloadService(
    tx,
    new ExportRunRepository(db),
    exports,
    requests,
    audit,
    clock,
  );
  const desk = new DeskService(tx, customers, metering, requests, restrictions, audit);
  const statistics = new StatisticsService(new StatisticsRepository(db), clock);
  const staff = new StaffService(tx, new StaffRepository(db), audit, clock);
  const retention = new RetentionSweeper(tx, new RetentionRepository(db), erasure, keyring, audit, clock);
  const jobs: Job[] = [
    { name: 'deliver-messages', everyMs: 60_000, run: () => notifications.deliverDue() },
    retention.job(),
    // An erasure interrupted by a crash or an error is carried on within minutes, not at the daily sweep.
    { name: 'resume-erasures', everyMs: 5 * 60_000, run: () => erasure.resume() },
    // Accounts from before the desk's look-up by name get their name index; then it finds nothing.
    { name: 'index-names', everyMs: 60 * 60_000, run: () => customers.indexNames() },
    {
      name: 'reprice-savings',
      everyMs: config.repriceMinutes * 60_000,
      leaseMs: 60 * 60_000,
      run: () => monitoring.repriceDue(),
    },
    ...(invoiceFetch.enabled
      ? [
          {
            name: 'fetch-invoices',
            everyMs: 15 * 60_000,
            leaseMs: 60 * 60_000,
            run: () => invoiceFetch.fetchDue(),
          },
        ]
      : []),
  ];
  const scheduler = new Scheduler(jobs, new JobsRepository(db), clock, logger);
  return {
    config,
    logger,
    clock,
    store,
    scheduler,
    keyring,
    services: {
      audit,
      customers,
      permissions,
      metering,
      market,
      savings,
      invoices,
      invoiceFetch,
      monitoring,
      exports,
      downloads,
      erasure,
      holds,
      notifications,
      policy,
      restrictions,
      retention,
      staff,
      requests,
      breaches,
      desk,
      statistics,
    },
    close: async () => {
      await scheduler.stop();
      await monitoring.close();
      await store.close();
    },
  };
};
