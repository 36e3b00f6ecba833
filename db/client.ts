import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { closeAnswerWriter } from "./answer-writer";
import SQLite, { openSqliteConnection } from "./sqlite-driver";
import {
  CompiledQuery,
  Kysely,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
  OperationNodeTransformer,
  PostgresDialect,
  SqliteDialect,
  type KyselyPlugin,
  type OnNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
  type WhereNode,
} from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type Dialect = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for logs: a file path or the PostgreSQL URL without its password. */
  description: string;
  /**
   * How another process opens this same database (the PDF renderer reads report rows on its own
   * connection); null for an in-memory SQLite database, which no other connection can see.
   */
  shareableAs: OpenDatabaseOptions | null;
  /** The raw SQLite connection (for online backups); null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = "./data/cairn.db";

export interface OpenDatabaseOptions {
  /** `postgres://…` selects PostgreSQL; a file path, `file:…` or nothing selects SQLite. */
  url?: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  postgresSchema?: string;
  poolSize?: number;
}

export function openDatabase(options: OpenDatabaseOptions = {}): DatabaseHandle {
  const url = options.url?.trim() || DEFAULT_SQLITE_PATH;
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  return openSqlite(url.replace(/^file:/, ""));
}

/*
 * Transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE, waiting up to the busy
 * timeout for it). The answer writer thread writes on a second connection; a deferred transaction
 * that read before that commit and wrote after it would fail at once with SQLITE_BUSY (its snapshot
 * is stale), where an immediate one simply waits its turn.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

function openSqlite(path: string): DatabaseHandle {
  const file = path === ":memory:" ? path : resolve(path);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = openSqliteConnection(file);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: "sqlite",
    description: file,
    shareableAs: file === ":memory:" ? null : { url: file },
    sqlite,
    async close() {
      await closeAnswerWriter(sqlite);
      await db.destroy();
    },
  };
}

function openPostgres(url: string, options: OpenDatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.postgresSchema ? { options: `-c search_path=${quoteIdentifier(options.postgresSchema)}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new NulSafeLookups()] });
  return {
    db,
    dialect: "postgres",
    shareableAs: { url, postgresSchema: options.postgresSchema },
    description: url.replace(/\/\/([^:@/]+):[^@]*@/, "//$1:***@") + (options.postgresSchema ? ` (schema ${options.postgresSchema})` : ""),
    sqlite: null,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * PostgreSQL text cannot hold a NUL character and refuses a query parameter that contains one
 * (an error, so a 500), where SQLite simply finds nothing. An id from a URL or a form such as
 * `/customers/%00` is a lookup that can match nothing on either database, so in WHERE and ON
 * clauses a NUL is replaced by U+FFFD: the lookup runs and finds nothing, as on SQLite. Values
 * written (inserts, updates) are left alone: text is validated before it is stored.
 */
class NulSafeLookups implements KyselyPlugin {
  readonly #transformer = new (class extends OperationNodeTransformer {
    #inLookup = 0;
    protected override transformWhere(node: WhereNode): WhereNode {
      this.#inLookup++;
      try {
        return super.transformWhere(node);
      } finally {
        this.#inLookup--;
      }
    }
    protected override transformOn(node: OnNode): OnNode {
      this.#inLookup++;
      try {
        return super.transformOn(node);
      } finally {
        this.#inLookup--;
      }
    }
    protected override transformValue(node: ValueNode): ValueNode {
      return this.#inLookup > 0 && typeof node.value === "string" && node.value.includes("\u0000") ? { ...node, value: node.value.replaceAll("\u0000", "\uFFFD") } : node;
    }
    protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
      if (this.#inLookup === 0) return node;
      return { ...node, values: node.values.map((v) => (typeof v === "string" ? v.replaceAll("\u0000", "\uFFFD") : v)) };
    }
  })();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe PostgreSQL schema name: ${name}`);
  return name;
}
