import GRDB

/// Versioned migrations, numbered by `PRAGMA user_version`. The version is read and the
/// migrations applied inside one IMMEDIATE transaction, which holds SQLite's write lock from
/// its start: processes starting together apply each migration exactly once.
enum SQLiteSchema {
    static let migrations: [String] = [
        """
        CREATE TABLE jobs (
            number INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid TEXT NOT NULL UNIQUE,
            workflow TEXT NOT NULL,
            project TEXT NOT NULL,
            name TEXT NOT NULL,
            label TEXT NOT NULL,
            status INTEGER NOT NULL,
            payload TEXT NOT NULL,
            input TEXT NOT NULL,
            comment TEXT,
            periodic INTEGER NOT NULL DEFAULT 0,
            failure_hook TEXT,
            created INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            started INTEGER,
            ended INTEGER
        );
        CREATE INDEX jobs_by_workflow ON jobs(workflow, number);
        CREATE INDEX jobs_by_status ON jobs(status, number);
        CREATE INDEX jobs_by_created ON jobs(created, number);

        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid TEXT NOT NULL UNIQUE,
            job INTEGER NOT NULL REFERENCES jobs(number) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            task TEXT NOT NULL,
            status INTEGER NOT NULL,
            hook INTEGER,
            parents TEXT NOT NULL,
            queue TEXT NOT NULL,
            body TEXT NOT NULL,
            attempt INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            max_retries INTEGER NOT NULL,
            retry_delay REAL NOT NULL,
            run_after INTEGER NOT NULL DEFAULT 0,
            worker TEXT,
            lease_until INTEGER,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            created INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            started INTEGER,
            ended INTEGER,
            result TEXT,
            error TEXT
        );
        CREATE INDEX tasks_by_job ON tasks(job, id);
        CREATE INDEX tasks_ready ON tasks(queue, run_after, id) WHERE status = 6;
        CREATE INDEX tasks_running ON tasks(worker, lease_until) WHERE status = 1;

        CREATE TABLE task_logs (
            task INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            attempt INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (task, attempt)
        ) WITHOUT ROWID;

        CREATE TABLE task_rows (
            task INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            cells TEXT NOT NULL,
            PRIMARY KEY (task, seq)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created INTEGER NOT NULL,
            updated INTEGER NOT NULL
        );
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            user INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            address TEXT NOT NULL,
            port INTEGER NOT NULL,
            created INTEGER NOT NULL,
            expires INTEGER NOT NULL
        );
        CREATE INDEX sessions_by_user ON sessions(user);
        """,
        """
        CREATE TABLE job_keys (
            key TEXT PRIMARY KEY,
            job INTEGER NOT NULL REFERENCES jobs(number) ON DELETE CASCADE,
            created INTEGER NOT NULL
        );
        CREATE INDEX job_keys_by_job ON job_keys(job);
        """,
        // Claiming takes the oldest ready tasks: without this index SQLite walks the tasks
        // table from its first row, past every finished task, on every claim.
        // The number of jobs, kept by triggers: counting a million rows for every page of an
        // unfiltered list would make the list as slow as the table is long.
        """
        CREATE INDEX tasks_ready_by_id ON tasks(id) WHERE status = 6;
        CREATE TABLE job_count (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
        INSERT INTO job_count (id, n) SELECT 1, COUNT(*) FROM jobs;
        CREATE TRIGGER job_count_insert AFTER INSERT ON jobs BEGIN UPDATE job_count SET n = n + 1 WHERE id = 1; END;
        CREATE TRIGGER job_count_delete AFTER DELETE ON jobs BEGIN UPDATE job_count SET n = n - 1 WHERE id = 1; END;
        """,
        """
        CREATE TABLE leaders (
            role TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            until INTEGER NOT NULL
        );
        """,
        """
        CREATE TABLE secrets (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
        // When a task last became ready: the start of its dispatch latency (metrics).
        "ALTER TABLE tasks ADD COLUMN ready_at INTEGER NOT NULL DEFAULT 0;",
        // The workflow language (SPEC §13): fan-out instances and their bound, pools, priority,
        // sub-workflow links and workflow concurrency. Claims order ready tasks by priority.
        """
        ALTER TABLE tasks ADD COLUMN instance_of INTEGER;
        ALTER TABLE tasks ADD COLUMN fanout_limit INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE tasks ADD COLUMN pool TEXT;
        ALTER TABLE tasks ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN parent_task INTEGER;
        ALTER TABLE jobs ADD COLUMN concurrency INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX jobs_by_parent_task ON jobs(parent_task) WHERE parent_task IS NOT NULL;
        CREATE INDEX tasks_running_by_pool ON tasks(pool) WHERE status = 1 AND pool IS NOT NULL;
        """,
        // Claims take ready tasks by priority, then oldest: the ready index serves that order
        // and replaces the one by id alone. Counting a workflow's running jobs for its
        // `concurrency` reads only those, not every job it ever had.
        """
        DROP INDEX tasks_ready_by_id;
        CREATE INDEX tasks_ready_by_priority ON tasks(priority DESC, id) WHERE status = 6;
        CREATE INDEX jobs_running_by_workflow ON jobs(workflow) WHERE status IN (1, 5);
        """,
    ]

    static func migrate(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        guard version < migrations.count else { return }
        for migration in migrations[version...] { try db.execute(sql: migration) }
        try db.execute(sql: "PRAGMA user_version = \(migrations.count)")
    }
}
