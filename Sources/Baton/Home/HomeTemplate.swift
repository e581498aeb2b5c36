import BatonSQLite
import Foundation

/// The files `baton init` writes: a home that runs at once.
enum HomeTemplate {
    static let files: [(path: String, text: String)] = [
        ("baton.yml", configuration),
        ("workflows.yml", workflows),
        ("tasks.yml", tasks),
        ("schemas/order.json", orderSchema),
        ("data/karate.csv", HomeExampleData.karate),
        (".gitignore", "data/\n"),
    ]

    /// Built from SQL by `write` rather than copied: `baton init` creates it.
    static let playersDatabase = "data/players.sqlite"

    static let configuration = """
        # Baton configuration. Every key is optional; BATON_<KEY> environment variables override
        # (dots become underscores: server.port -> BATON_SERVER_PORT).
        database: data/baton.sqlite      # or postgres://user:pass@host:5432/db
        workers: 16                      # tasks run at once per process
        # server: {host: 127.0.0.1, port: 8000}
        # lease_seconds: 30
        # cancel_grace: 10

        # Read-only data sources for `sql` tasks: a SQLite file under the home, or
        # postgres://user:password@host:5432/db (queried in a READ ONLY transaction; the password
        # is never logged or shown).
        connections:
          players: data/players.sqlite

        """

    static let workflows = """
        # Director syntax: a list of tasks is a chain; a `type: group` mapping runs its tasks in parallel.
        example.ETL:
          tasks:
            - EXTRACT
            - TRANSFORM:
                type: group
                tasks: [TRANSFORM_A, TRANSFORM_B]
            - LOAD
          hooks:
            success: NOTIFY
            failure: ALERT

        # A payload checked against schemas/order.json.
        example.ORDER:
          tasks: [ORDER]
          schema: order

        # Fails after one retry, to show what failure looks like.
        example.BROKEN:
          tasks: [EXTRACT, BROKEN, LOAD]
          hooks:
            failure: ALERT

        # The workflow language (DAG form): a step over each row of its parent (`foreach`, at most
        # 2 at once), a step that runs only when a result says so (`when`; otherwise it and what
        # follows are skipped and the job still succeeds), and a sub-workflow (`workflow:`).
        #   baton workflow run example.FANOUT --wait
        #   baton workflow run example.FANOUT --input '{"count_1": {"publish": "no"}}' --wait
        example.FANOUT:
          tasks:
            - {id: list_1, shell: 'printf "north,3\\nsouth,5\\neast,2\\n" > "$BATON_ROWS"'}
            - id: load_1
              needs: [list_1]
              foreach: {rows: list_1, concurrency: 2}
              shell: 'echo "{\\"region\\": \\"$BATON_ITEM_0\\", \\"orders\\": $BATON_ITEM_1}" > "$BATON_RESULT"'
            - id: count_1
              needs: [load_1]
              params: {publish: "yes"}
              shell: 'echo "{\\"publish\\": \\"$BATON_PARAM_PUBLISH\\"}" > "$BATON_RESULT"'
            - id: publish_1
              needs: [count_1]
              when: {task: count_1, path: publish, equals: "yes"}
              workflow: example.ETL
              payload: {source: "{{job.id}}"}

        # Explorer's graph workflows, in Baton's DAG form (stable ids, explicit needs, params a
        # job's input can override): a query's rows are edges (source, destination, weight) that
        # feed graph algorithms, whose rows Explorer's `sample_result` serves.
        # Who follows whom around a player, from data/players.sqlite:
        #   baton workflow run graph.PLAYERS --input '{"query_1": {"name": "Tony Parker"}}' --wait
        graph.PLAYERS:
          tasks:
            - {id: query_1, task: FOLLOWS, name: Follows}
            - {id: degree_1, needs: [query_1], algorithm: DegreeCentrality, name: Degree}
            - {id: pagerank_1, needs: [query_1], task: RANK, name: PageRank}
            - {id: louvain_1, needs: [query_1], algorithm: Louvain, name: Communities}

        # Zachary's karate club (data/karate.csv): 34 members, 78 friendships, no direction.
        graph.KARATE:
          tasks:
            - {id: edges_1, task: KARATE, name: Friendships}
            - {id: degree_1, needs: [edges_1], algorithm: DegreeCentrality, params: {IS_DIRECTED: false}}
            - {id: pagerank_1, needs: [edges_1], task: RANK, params: {IS_DIRECTED: false}}
            - {id: louvain_1, needs: [edges_1], algorithm: Louvain}

        """

    static let tasks = """
        # Declarative tasks. A shell string runs under /bin/sh -c; job values arrive as
        # environment variables (BATON_PAYLOAD, BATON_PARAMS, BATON_PARAM_<NAME>, BATON_PARENTS),
        # and JSON written to $BATON_RESULT is the task's result.
        EXTRACT:
          shell: |
            echo "extracting"
            echo '{"rows": 3}' > "$BATON_RESULT"
        TRANSFORM_A:
          shell: |
            echo "transform A got $BATON_PARENTS"
            echo '{"part": "a"}' > "$BATON_RESULT"
        TRANSFORM_B:
          shell: |
            echo "transform B got $BATON_PARENTS"
            echo '{"part": "b"}' > "$BATON_RESULT"
        LOAD:
          shell: |
            echo "loading $BATON_PARENTS"
            echo '{"loaded": true}' > "$BATON_RESULT"
        NOTIFY:
          shell: echo "job $BATON_JOB_ID succeeded"
        ALERT:
          shell: echo "job $BATON_JOB_ID failed" >&2
        ORDER:
          shell: printf '%s' "$BATON_PAYLOAD" > "$BATON_RESULT"
        BROKEN:
          shell: |
            echo "attempt $BATON_ATTEMPT: the upstream service is down" >&2
            exit 3
          retries: 1
          retry_delay: 0.2
        # Rows: CSV written to $BATON_ROWS is a shell task's result rows; a child reads its
        # parents' rows from the CSV file $BATON_PARENT_ROWS. sql, csv and algorithm tasks
        # produce and read rows themselves.
        FOLLOWS:
          # The follow edges among a player, those they follow and their followers.
          # :name is bound as a value, never pasted into the query.
          sql:
            connection: players
            query: |
              WITH me AS (SELECT id FROM player WHERE name = :name),
                   near AS (SELECT id FROM me
                            UNION SELECT dst FROM follow WHERE src IN (SELECT id FROM me)
                            UNION SELECT src FROM follow WHERE dst IN (SELECT id FROM me))
              SELECT src, dst, degree FROM follow
              WHERE src IN (SELECT id FROM near) AND dst IN (SELECT id FROM near)
              ORDER BY src, dst
          params: {name: Tim Duncan}
          timeout: 60
        KARATE:
          csv: {path: data/karate.csv, header: false}
        RANK:
          # Explorer's names and defaults, any case; IS_DIRECTED (default true) sets the direction.
          algorithm: PageRank
          params: {ITERATIONS: 10, DAMPING: 0.85}

        """

    static let orderSchema = """
        {
          "type": "object",
          "properties": {
            "user": {"type": "integer"},
            "product": {"type": "string"}
          },
          "required": ["user"]
        }

        """

    /// Writes the files into `directory`, and builds the players database, never overwriting
    /// an existing file. Returns the paths written, relative to `directory`.
    static func write(into directory: URL) throws -> [String] {
        var written: [String] = []
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            guard !FileManager.default.fileExists(atPath: url.path) else { continue }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            written.append(path)
        }
        let database = directory.appendingPathComponent(playersDatabase)
        if try SQLiteScript.create(at: database.path, sql: HomeExampleData.playersSQL) { written.append(playersDatabase) }
        return written
    }
}
