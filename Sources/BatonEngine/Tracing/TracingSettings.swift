import Foundation

/// Where spans go: `tracing.otlp_endpoint` of baton.yml, an OTLP/HTTP collector's base URL
/// (`http://host:4318`). As with OpenTelemetry's `OTEL_EXPORTER_OTLP_ENDPOINT`, spans are
/// POSTed to the base URL plus `/v1/traces`
/// (https://opentelemetry.io/docs/specs/otel/protocol/exporter/#endpoint-urls-for-otlphttp).
public struct TracingSettings: Sendable, Equatable {
    /// The collector's base URL as configured, without a trailing `/`.
    public let endpoint: URL
    /// The `service.name` resource attribute of every span.
    public var serviceName = "baton"

    /// `nil` unless `text` is an absolute `http` or `https` URL with a host, and without user
    /// or password (they would end up in logs; collectors take credentials as headers, see
    /// `OTEL_EXPORTER_OTLP_HEADERS`), query or fragment.
    public init?(endpoint text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil, components.query == nil, components.fragment == nil,
            let url = URL(string: trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed)
        else { return nil }
        endpoint = url
    }

    /// Where spans are POSTed: the endpoint plus `/v1/traces`.
    public var tracesURL: URL { URL(string: endpoint.absoluteString + "/v1/traces")! }
}
