import Foundation

/// Versioned migrations, in Baton's own schema. The version row is read and the migrations
/// applied in one transaction holding an advisory lock, so processes starting together apply
/// each migration exactly once; DDL is transactional in PostgreSQL, so a failed one leaves nothing.
enum PostgresSchema {
    /// `{schema}` stands for the schema; `{channel}` for the ready-work channel.
    static let migrations: [String] = [
        """
        CREATE TABLE {schema}.jobs (
            number BIGSERIAL PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            workflow TEXT NOT NULL,
            project TEXT NOT NULL,
            name TEXT NOT NULL,
            label TEXT NOT NULL,
            status BIGINT NOT NULL,
            payload TEXT NOT NULL,
            input TEXT NOT NULL,
            comment TEXT,
            periodic BOOLEAN NOT NULL DEFAULT false,
            failure_hook TEXT,
            created BIGINT NOT NULL,
            updated BIGINT NOT NULL,
            started BIGINT,
            ended BIGINT
        );
        CREATE INDEX jobs_by_workflow ON {schema}.jobs (workflow, number);
        CREATE INDEX jobs_by_status ON {schema}.jobs (status, number);
        CREATE INDEX jobs_by_created ON {schema}.jobs (created, number);

        CREATE TABLE {schema}.tasks (
            id BIGSERIAL PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            job BIGINT NOT NULL REFERENCES {schema}.jobs (number) ON DELETE CASCADE,
            position BIGINT NOT NULL,
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            task TEXT NOT NULL,
            status BIGINT NOT NULL,
            hook BIGINT,
            parents TEXT NOT NULL,
            queue TEXT NOT NULL,
            body TEXT NOT NULL,
            attempt BIGINT NOT NULL DEFAULT 0,
            failures BIGINT NOT NULL DEFAULT 0,
            max_retries BIGINT NOT NULL,
            retry_delay DOUBLE PRECISION NOT NULL,
            run_after BIGINT NOT NULL DEFAULT 0,
            worker TEXT,
            lease_until BIGINT,
            cancel_requested BOOLEAN NOT NULL DEFAULT false,
            created BIGINT NOT NULL,
            updated BIGINT NOT NULL,
            started BIGINT,
            ended BIGINT,
            result TEXT,
            error TEXT
        );
        CREATE INDEX tasks_by_job ON {schema}.tasks (job, id);
        CREATE INDEX tasks_ready ON {schema}.tasks (queue, run_after, id) WHERE status = 6;
        CREATE INDEX tasks_ready_by_id ON {schema}.tasks (id) WHERE status = 6;
        CREATE INDEX tasks_running ON {schema}.tasks (worker, lease_until) WHERE status = 1;
        CREATE INDEX tasks_running_by_lease ON {schema}.tasks (lease_until) WHERE status = 1;

        CREATE TABLE {schema}.task_logs (
            task BIGINT NOT NULL REFERENCES {schema}.tasks (id) ON DELETE CASCADE,
            attempt BIGINT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (task, attempt)
        );

        CREATE TABLE {schema}.task_rows (
            task BIGINT NOT NULL REFERENCES {schema}.tasks (id) ON DELETE CASCADE,
            seq BIGINT NOT NULL,
            cells TEXT NOT NULL,
            PRIMARY KEY (task, seq)
        );

        CREATE TABLE {schema}.users (
            id BIGSERIAL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created BIGINT NOT NULL,
            updated BIGINT NOT NULL
        );
        CREATE TABLE {schema}.sessions (
            id TEXT PRIMARY KEY,
            "user" BIGINT NOT NULL REFERENCES {schema}.users (id) ON DELETE CASCADE,
            address TEXT NOT NULL,
            port BIGINT NOT NULL,
            created BIGINT NOT NULL,
            expires BIGINT NOT NULL
        );
        CREATE INDEX sessions_by_user ON {schema}.sessions ("user");

        CREATE TABLE {schema}.job_keys (
            key TEXT PRIMARY KEY,
            job BIGINT NOT NULL REFERENCES {schema}.jobs (number) ON DELETE CASCADE,
            created BIGINT NOT NULL
        );
        CREATE INDEX job_keys_by_job ON {schema}.job_keys (job);

        CREATE TABLE {schema}.leaders (
            role TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            until BIGINT NOT NULL
        );

        -- Idle workers LISTEN: a task becoming ready wakes them. Notifications are sent at commit
        -- and a transaction's identical ones are folded into one, so a job of 1,000 tasks in one
        -- queue sends one.
        CREATE FUNCTION {schema}.announce_ready() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{channel}', NEW.queue);
            RETURN NULL;
        END $$;
        CREATE TRIGGER tasks_ready_insert AFTER INSERT ON {schema}.tasks
            FOR EACH ROW WHEN (NEW.status = 6) EXECUTE FUNCTION {schema}.announce_ready();
        CREATE TRIGGER tasks_ready_update AFTER UPDATE OF status ON {schema}.tasks
            FOR EACH ROW WHEN (NEW.status = 6 AND OLD.status <> 6) EXECUTE FUNCTION {schema}.announce_ready();
        """,
        """
        -- The number of jobs of each workflow, kept by triggers, so a list (all jobs, or one
        -- workflow's) does not count millions of rows for every page. Spread over 16 rows per
        -- workflow by backend, so that processes inserting jobs at once rarely wait on one row.
        CREATE TABLE {schema}.job_counts (
            workflow TEXT NOT NULL,
            shard BIGINT NOT NULL,
            n BIGINT NOT NULL,
            PRIMARY KEY (workflow, shard)
        );
        INSERT INTO {schema}.job_counts (workflow, shard, n) SELECT workflow, 0, count(*) FROM {schema}.jobs GROUP BY workflow;
        CREATE FUNCTION {schema}.count_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {schema}.job_counts AS c (workflow, shard, n)
                SELECT workflow, pg_backend_pid() % 16, CASE WHEN TG_OP = 'INSERT' THEN count(*) ELSE -count(*) END
                FROM changed GROUP BY workflow
            ON CONFLICT (workflow, shard) DO UPDATE SET n = c.n + excluded.n;
            RETURN NULL;
        END $$;
        CREATE TRIGGER jobs_counted_insert AFTER INSERT ON {schema}.jobs
            REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {schema}.count_jobs();
        CREATE TRIGGER jobs_counted_delete AFTER DELETE ON {schema}.jobs
            REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION {schema}.count_jobs();
        """,
        """
        CREATE TABLE {schema}.secrets (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
        // When a task last became ready: the start of its dispatch latency (metrics).
        "ALTER TABLE {schema}.tasks ADD COLUMN ready_at BIGINT NOT NULL DEFAULT 0;",
        // The workflow language (SPEC §13): fan-out instances and their bound, pools, priority,
        // sub-workflow links and workflow concurrency. Claims order ready tasks by priority.
        """
        ALTER TABLE {schema}.tasks ADD COLUMN instance_of BIGINT;
        ALTER TABLE {schema}.tasks ADD COLUMN fanout_limit BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE {schema}.tasks ADD COLUMN pool TEXT;
        ALTER TABLE {schema}.tasks ADD COLUMN priority BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE {schema}.jobs ADD COLUMN parent_task BIGINT;
        ALTER TABLE {schema}.jobs ADD COLUMN concurrency BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE {schema}.jobs ADD COLUMN priority BIGINT NOT NULL DEFAULT 0;
        CREATE INDEX jobs_by_parent_task ON {schema}.jobs (parent_task) WHERE parent_task IS NOT NULL;
        CREATE INDEX tasks_running_by_pool ON {schema}.tasks (pool) WHERE status = 1 AND pool IS NOT NULL;
        """,
        """
        -- Claims take ready tasks by priority, then oldest: the ready index serves that order and
        -- replaces the one by id alone. Counting a workflow's running jobs for its `concurrency`
        -- reads only those, not every job it ever had.
        DROP INDEX {schema}.tasks_ready_by_id;
        CREATE INDEX tasks_ready_by_priority ON {schema}.tasks (priority DESC, id) WHERE status = 6;
        CREATE INDEX jobs_running_by_workflow ON {schema}.jobs (workflow) WHERE status IN (1, 5);

        -- A limited task left ready because its pool or workflow was full is claimable again when
        -- a task of a pool stops running or a job of a workflow with a concurrency ends: wake
        -- idle workers of every queue (the empty payload), in every process.
        CREATE FUNCTION {schema}.announce_freed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{channel}', '');
            RETURN NULL;
        END $$;
        CREATE TRIGGER tasks_pool_freed AFTER UPDATE OF status ON {schema}.tasks
            FOR EACH ROW WHEN (OLD.status = 1 AND NEW.status <> 1 AND NEW.pool IS NOT NULL)
            EXECUTE FUNCTION {schema}.announce_freed();
        CREATE TRIGGER jobs_concurrency_freed AFTER UPDATE OF status ON {schema}.jobs
            FOR EACH ROW WHEN (OLD.status IN (1, 5) AND NEW.status NOT IN (1, 5) AND NEW.concurrency > 0)
            EXECUTE FUNCTION {schema}.announce_freed();
        """,
    ]

    /// The statements of `migration` for `schema`, one by one: the extended query protocol
    /// takes one statement at a time. A `;` inside a `$$` body does not end its statement.
    static func statements(_ migration: String, schema: String) -> [String] {
        let text = migration.replacingOccurrences(of: "{schema}", with: "\"\(schema)\"")
            .replacingOccurrences(of: "{channel}", with: channel(schema: schema))
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("--") { continue }
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody && line.hasSuffix(";") {
                statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }

    static func channel(schema: String) -> String { "\(schema)_ready" }
}
