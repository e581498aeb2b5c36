/// Which queue each task goes to: `queue: NAME` or `queue: {default: NAME, customs: {TASK: NAME}}`.
struct QueueSpec {
    var defaultQueue = QueueName.default
    var customs: [String: String] = [:]

    func queue(for task: String) -> String { customs[task] ?? defaultQueue }
}
