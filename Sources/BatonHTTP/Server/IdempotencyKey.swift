import Hummingbird

/// The `Idempotency-Key` header of a request that creates a job, kept apart from the keys
/// schedules use for their slots.
enum IdempotencyKey {
    static func from(_ request: Request) -> String? {
        guard let value = request.headers.first(where: { $0.name.canonicalName == "idempotency-key" })?.value,
            !value.isEmpty, value.count <= 255
        else { return nil }
        return "client:" + value
    }
}
