import Hummingbird

extension RouterMethods {
    /// `GET path` and `HEAD path`, both answered by `handler`: Director and the web page take
    /// HEAD wherever they take GET.
    @discardableResult func getAndHead(
        _ path: RouterPath, use handler: @Sendable @escaping (Request, Context) async throws -> Response
    ) -> Self {
        get(path, use: handler)
        return head(path, use: handler)
    }
}
