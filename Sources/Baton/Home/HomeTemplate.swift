import Foundation

/// The files `baton init` writes: a home that runs at once.
enum HomeTemplate {
    static let files: [(path: String, text: String)] = [
        ("baton.yml", configuration),
        ("workflows.yml", workflows),
        ("tasks.yml", tasks),
        ("schemas/order.json", orderSchema),
        (".gitignore", "data/\n"),
    ]

    static let configuration = """
        # Baton configuration. Every key is optional; BATON_<KEY> environment variables override
        # (dots become underscores: server.port -> BATON_SERVER_PORT).
        database: data/baton.sqlite      # or postgres://user:pass@host:5432/db
        workers: 16                      # tasks run at once per process
        # server: {host: 127.0.0.1, port: 8000}
        # lease_seconds: 30
        # cancel_grace: 10

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

        # Baton's DAG form: stable ids, explicit needs, params a job's input can override,
        # e.g. baton workflow run graph.PLAYERS --input '{"query_1": {"name": "Tim Duncan"}}'
        graph.PLAYERS:
          tasks:
            - id: query_1
              task: QUERY
              name: Players
              params: {name: Tim Duncan}
            - id: count_1
              needs: [query_1]
              name: Count
              shell: 'echo "{\\"players\\": 2, \\"from\\": $BATON_PARENTS}" > "$BATON_RESULT"'

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
        QUERY:
          # Rows written as CSV to $BATON_ROWS are the task's result rows.
          shell: |
            printf '"%s",42\\n' "$BATON_PARAM_NAME" > "$BATON_ROWS"
            printf '"Tony Parker",36\\n' >> "$BATON_ROWS"
          params: {name: nobody}
          timeout: 60

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

    /// Writes the files into `directory`, never overwriting an existing one.
    static func write(into directory: URL) throws -> [String] {
        var written: [String] = []
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            guard !FileManager.default.fileExists(atPath: url.path) else { continue }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            written.append(path)
        }
        return written
    }
}
